/**
 * The server's view of the workspace folders: which folder a document belongs to, its path there,
 * and that folder's project (configuration and template), reloaded when they change.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from './core/config';
import { classifyKpepPath, type KpepPath } from './core/kpepPath';
import { loadKpepProject, type KpepProject } from './core/project';
import type { WorkspaceFiles } from './core/workspace';
import { NodeWorkspaceFiles } from './node/nodeWorkspaceFiles';

export interface WorkspaceFolderState {
  readonly uri: string;
  readonly directory: string;
  readonly files: WorkspaceFiles;
  project: Promise<KpepProject> | undefined;
}

export interface HostOptions {
  /** Open documents, whose unsaved text wins over the disk. */
  readonly openDocument: (uri: string) => TextDocument | undefined;
  /** The `kpep` settings of a folder, when the client offers them. */
  readonly settingsFor: (folderUri: string) => Promise<unknown>;
  readonly log: (message: string) => void;
}

export interface FolderProject {
  readonly folder: WorkspaceFolderState;
  readonly project: KpepProject;
}

export interface KpepLocation extends FolderProject {
  readonly relativePath: string;
  /** Set when the document is a KPEP (SPEC §1). */
  readonly kpepPath: KpepPath | undefined;
}

export class KpepWorkspaceHost {
  private readonly folderStates = new Map<string, WorkspaceFolderState>();

  constructor(private readonly options: HostOptions) {}

  setFolders(uris: readonly string[]): void {
    for (const uri of this.folderStates.keys()) {
      if (!uris.includes(uri)) {
        this.folderStates.delete(uri);
      }
    }
    for (const uri of uris) {
      if (!this.folderStates.has(uri) && uri.startsWith('file:')) {
        this.folderStates.set(uri, this.createFolder(uri));
      }
    }
  }

  /** Where a document stands, or undefined when it is in no workspace folder and under no kpeps/. */
  async locate(uri: string): Promise<KpepLocation | undefined> {
    if (!uri.startsWith('file:')) {
      return undefined;
    }
    const filePath = fileURLToPath(uri);
    const folder = this.folderContaining(filePath) ?? this.implicitFolder(filePath);
    if (!folder) {
      return undefined;
    }
    const relativePath = path.relative(folder.directory, filePath).split(path.sep).join('/');
    const project = await this.projectOf(folder);
    return { folder, relativePath, project, kpepPath: classifyKpepPath(relativePath, project.config.root) };
  }

  /**
   * Forgets the projects a changed file feeds (the config file or the template), so the next
   * request reads them again. Returns true when any project was affected.
   */
  async fileChanged(uri: string): Promise<boolean> {
    if (!uri.startsWith('file:')) {
      return false;
    }
    const filePath = fileURLToPath(uri);
    let affected = false;
    for (const folder of this.folderStates.values()) {
      const relativePath = path.relative(folder.directory, filePath).split(path.sep).join('/');
      if (relativePath.startsWith('..') || path.isAbsolute(relativePath)) {
        continue;
      }
      const project = folder.project ? await folder.project : undefined;
      if (relativePath === CONFIG_FILE || relativePath.endsWith('templates/README.md') || relativePath === project?.template.path) {
        this.reload(folder);
        affected = true;
      }
    }
    return affected;
  }

  /** Every workspace folder with its project. */
  async folders(): Promise<FolderProject[]> {
    return Promise.all([...this.folderStates.values()].map(async (folder) => ({ folder, project: await this.projectOf(folder) })));
  }

  /** The file URI of a workspace-relative path in a folder. */
  uriOf(folder: WorkspaceFolderState, relativePath: string): string {
    return pathToFileURL(path.join(folder.directory, ...relativePath.split('/'))).href;
  }

  /** Reloads every folder's project, after a settings change. */
  reloadAll(): void {
    for (const folder of this.folderStates.values()) {
      this.reload(folder);
    }
  }

  private reload(folder: WorkspaceFolderState): void {
    const previous = folder.project;
    folder.project = undefined;
    folder.project = this.load(folder, previous);
  }

  private projectOf(folder: WorkspaceFolderState): Promise<KpepProject> {
    folder.project ??= this.load(folder, undefined);
    return folder.project;
  }

  private async load(folder: WorkspaceFolderState, previous: Promise<KpepProject> | undefined): Promise<KpepProject> {
    const project = await loadKpepProject({
      files: folder.files,
      settings: await this.options.settingsFor(folder.uri),
      previous: await previous?.catch(() => undefined),
    });
    for (const problem of project.problems) {
      this.options.log(`${folder.directory}: ${problem}`);
    }
    return project;
  }

  private folderContaining(filePath: string): WorkspaceFolderState | undefined {
    let best: WorkspaceFolderState | undefined;
    for (const folder of this.folderStates.values()) {
      const relative = path.relative(folder.directory, filePath);
      if (!relative.startsWith('..') && !path.isAbsolute(relative) && (!best || folder.directory.length > best.directory.length)) {
        best = folder;
      }
    }
    return best;
  }

  /** A file opened outside any workspace folder: the folder above its nearest `kpeps` directory. */
  private implicitFolder(filePath: string): WorkspaceFolderState | undefined {
    const parts = filePath.split(path.sep);
    const index = parts.lastIndexOf('kpeps');
    if (index <= 0) {
      return undefined;
    }
    const uri = pathToFileURL(parts.slice(0, index).join(path.sep) || path.sep).href;
    const folder = this.folderStates.get(uri) ?? this.createFolder(uri);
    this.folderStates.set(uri, folder);
    return folder;
  }

  private createFolder(uri: string): WorkspaceFolderState {
    const directory = fileURLToPath(uri);
    const disk = new NodeWorkspaceFiles(directory);
    const openDocument = this.options.openDocument;
    const files: WorkspaceFiles = {
      // Unsaved edits to the template or config count at once, without a save.
      readFile: async (relativePath) => {
        const target = path.resolve(directory, relativePath);
        const inside = !path.relative(directory, target).startsWith('..');
        return (inside ? openDocument(pathToFileURL(target).href)?.getText() : undefined) ?? disk.readFile(relativePath);
      },
      listDirectories: (relativePath) => disk.listDirectories(relativePath),
      // Open documents are indexed from their own text after the build, so the disk's stamp will do.
      fileStamp: (relativePath) => disk.fileStamp(relativePath),
      readStampedFile: (relativePath) => disk.readStampedFile(relativePath),
    };
    return { uri, directory, files, project: undefined };
  }
}
