/**
 * The server's view of the workspace folders: which folder a document belongs to, its path there,
 * and that folder's project (configuration and template), reloaded when they change. Every read
 * and write goes through the file system in its options; a write is reported to its listeners, so
 * the index and the diagnostics follow it as they follow a watched file.
 */
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { boundedMemo } from './core/boundedMemo';
import { CONFIG_FILE } from './core/config';
import { TEMPLATE_PATH } from './core/project';
import { fileUriOf, filePathOf, normalizedUri } from './documentUri';
import { classifyKpepPath, type KpepPath } from './core/kpepPath';
import { loadKpepProject, type KpepProject } from './core/project';
import type { WorkspaceFiles } from './core/workspace';
import type { CreatedKpep, CreateKpepOptions } from './node/createKpep';
import { PathKindCache } from './node/pathKindCache';
import type { KpepFileSystem } from './workspaceFileSystem';

/** How long a link target's kind on disk is trusted without a file event saying it changed. */
const PATH_KIND_KEEP_MS = 2000;
/** Past this many workspace-relative paths a folder's memo of their URIs starts afresh. */
const MAX_REMEMBERED_PATHS = 10_000;

export interface WorkspaceFolderState {
  readonly uri: string;
  readonly directory: string;
  /** The folder's own name, as the views show it. */
  readonly name: string;
  readonly files: WorkspaceFiles;
  project: Promise<KpepProject> | undefined;
}

export interface HostOptions {
  /** Where folders are read and written: the disk for the server, memory for tests. */
  readonly fileSystem: KpepFileSystem;
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
  private readonly writeListeners: ((uri: string) => Promise<void>)[] = [];
  /** Per folder URI, what each link target on disk is, cleared by file events. */
  private readonly pathKinds = new Map<string, PathKindCache>();
  /** Each KPEP's URI by folder and path: a references answer names up to hundreds, and the views all of them. */
  private readonly uris = new WeakMap<WorkspaceFolderState, (relativePath: string) => string>();

  constructor(private readonly options: HostOptions) {}

  /** Folders are keyed by normalised URI; one that names no local directory is left out, and said so. */
  setFolders(uris: readonly unknown[]): void {
    const wanted = new Map<string, string>();
    for (const uri of uris) {
      const directory = filePathOf(uri);
      if (directory === undefined) {
        this.options.log(`Workspace folder ${JSON.stringify(uri)} is not a local folder; it is not checked.`);
      } else {
        wanted.set(fileUriOf(directory), directory);
      }
    }
    for (const uri of this.folderStates.keys()) {
      if (!wanted.has(uri)) {
        this.folderStates.delete(uri);
        this.pathKinds.delete(uri);
      }
    }
    for (const [uri, directory] of wanted) {
      if (!this.folderStates.has(uri)) {
        this.folderStates.set(uri, this.createFolder(uri, directory));
      }
    }
  }

  /** The folder a client names, by normalised URI. */
  folderOf(uri: string): WorkspaceFolderState | undefined {
    return this.folderStates.get(normalizedUri(uri));
  }

  /** Where a document stands, or undefined when it is in no workspace folder and under no kpeps/. */
  async locate(uri: string): Promise<KpepLocation | undefined> {
    const filePath = filePathOf(uri);
    if (filePath === undefined) {
      return undefined;
    }
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
    const filePath = filePathOf(uri);
    if (filePath === undefined) {
      return false;
    }
    let affected = false;
    for (const folder of this.folderStates.values()) {
      const relativePath = path.relative(folder.directory, filePath).split(path.sep).join('/');
      if (relativePath.startsWith('..') || path.isAbsolute(relativePath)) {
        continue;
      }
      const project = folder.project ? await folder.project : undefined;
      const feedsProject = relativePath === CONFIG_FILE || relativePath.endsWith(TEMPLATE_PATH) || relativePath === project?.template.path;
      if (feedsProject || (project?.config.baseline !== undefined && relativePath === project.config.baseline)) {
        this.reload(folder);
        affected = true;
      }
    }
    return affected;
  }

  /** A file event: what the disk holds may have changed anywhere. */
  diskChanged(): void {
    for (const cache of this.pathKinds.values()) {
      cache.clear();
    }
  }

  /** Every workspace folder with its project. */
  async folders(): Promise<FolderProject[]> {
    return Promise.all([...this.folderStates.values()].map(async (folder) => ({ folder, project: await this.projectOf(folder) })));
  }

  /** The file URI of a workspace-relative path in a folder. */
  uriOf(folder: WorkspaceFolderState, relativePath: string): string {
    let uriIn = this.uris.get(folder);
    if (!uriIn) {
      uriIn = boundedMemo(MAX_REMEMBERED_PATHS, (path) => fileUriOf(this.pathOf(folder, path)));
      this.uris.set(folder, uriIn);
    }
    return uriIn(relativePath);
  }

  /** The file path of a workspace-relative path in a folder. */
  pathOf(folder: WorkspaceFolderState, relativePath: string): string {
    return path.join(folder.directory, ...relativePath.split('/'));
  }

  /** Calls `listener` after every write the host makes, with the written file's URI. */
  onDidWrite(listener: (uri: string) => Promise<void>): void {
    this.writeListeners.push(listener);
  }

  /** Creates a KPEP in a folder; the index knows of it when this resolves. */
  async createKpep(location: FolderProject, options: Omit<CreateKpepOptions, 'directory' | 'files' | 'project'>): Promise<CreatedKpep> {
    const created = await this.options.fileSystem.createKpep({ ...options, directory: location.folder.directory, files: location.folder.files, project: location.project });
    await this.written(this.uriOf(location.folder, created.plan.path));
    return created;
  }

  /** Writes a file that must not exist yet; 'exists' when one does (it is left as it is). */
  async createFile(folder: WorkspaceFolderState, relativePath: string, text: string): Promise<'created' | 'exists'> {
    const result = await this.options.fileSystem.createFile({ directory: folder.directory, path: relativePath, text });
    if (result === 'created') {
      await this.written(this.uriOf(folder, relativePath));
    }
    return result;
  }

  /** Replaces a closed file's text in one step, refused when it is no longer `expected`. */
  async replaceFile(folder: WorkspaceFolderState, relativePath: string, change: { expected: string; text: string }): Promise<void> {
    await this.options.fileSystem.replaceFile({ directory: folder.directory, path: relativePath, ...change });
    await this.written(this.uriOf(folder, relativePath));
  }

  /** The file system's write side for what lies outside the workspace by the user's choice (an upstream export). */
  get fileSystem(): KpepFileSystem {
    return this.options.fileSystem;
  }

  private async written(uri: string): Promise<void> {
    await Promise.all(this.writeListeners.map((listener) => listener(uri)));
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
    const directory = parts.slice(0, index).join(path.sep) || path.sep;
    const uri = fileUriOf(directory);
    const folder = this.folderStates.get(uri) ?? this.createFolder(uri, directory);
    this.folderStates.set(uri, folder);
    return folder;
  }

  private createFolder(uri: string, directory: string): WorkspaceFolderState {
    const disk = this.options.fileSystem.folderFiles(directory);
    const pathKinds = new PathKindCache({ lookUp: (relativePath) => disk.fileKind(relativePath), keepMs: PATH_KIND_KEEP_MS });
    this.pathKinds.set(uri, pathKinds);
    const openDocument = this.options.openDocument;
    // Each pulled diagnostic asks for every link target of its document: their URIs are kept.
    const uriAt = boundedMemo(MAX_REMEMBERED_PATHS, (relativePath): string | null => {
      const target = path.resolve(directory, relativePath);
      return path.relative(directory, target).startsWith('..') ? null : fileUriOf(target);
    });
    const openAt = (relativePath: string): TextDocument | undefined => {
      const uri = uriAt(relativePath);
      return uri === null ? undefined : openDocument(uri);
    };
    const files: WorkspaceFiles = {
      // Unsaved edits to the template or config count at once, without a save.
      readFile: async (relativePath) => openAt(relativePath)?.getText() ?? disk.readFile(relativePath),
      listDirectories: (relativePath) => disk.listDirectories(relativePath),
      // An open document that was never saved is a file too, so a link to it is not broken.
      fileKind: async (relativePath) => (openAt(relativePath) ? 'file' : pathKinds.fileKind(relativePath)),
      // Open documents are indexed from their own text after the build, so the disk's stamp will do.
      ...(disk.fileStamps && disk.readStampedFile
        ? { fileStamps: disk.fileStamps.bind(disk), readStampedFile: disk.readStampedFile.bind(disk) }
        : {}),
    };
    return { uri, directory, name: path.basename(directory), files, project: undefined };
  }
}
