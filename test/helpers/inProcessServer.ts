/**
 * The language server in this process, over a workspace held in memory: no stdio, no disk. Tests
 * open documents with an inline cursor marker and ask a feature for its exact answer; the
 * server's pipeline (parse, index, diagnostics) runs as it does behind a connection.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import type { CancellationToken, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nextKpepNumber, planNewKpep } from '../../server/src/core/lifecycle/newKpep';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { fileUriOf } from '../../server/src/documentUri';
import { KpepLanguageServer, type LanguageServerOptions } from '../../server/src/languageServer';
import type { KpepFileSystem } from '../../server/src/workspaceFileSystem';
import { waitFor } from './lspServer';

/** Where in-memory workspaces live: a path no test writes to on disk. */
export const MEMORY_ROOT = '/kpep-memory-workspace';

/** Marks the cursor in a document's text. */
export const CURSOR = '$|';

export const NOT_CANCELLED: CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
export const CANCELLED: CancellationToken = { isCancellationRequested: true, onCancellationRequested: () => ({ dispose: () => undefined }) };

/** Every file of examples/, by workspace-relative path: KPEPs in the shape real proposals have. */
export function exampleFiles(): Record<string, string> {
  const base = resolve(__dirname, '../../../examples');
  const files: Record<string, string> = {};
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const full = join(directory, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else {
        files[relative(base, full).split('\\').join('/')] = readFileSync(full, 'utf8');
      }
    }
  };
  walk(base);
  return files;
}

/** A file system held in memory, one map of workspace-relative paths per folder. */
export class InMemoryFileSystem implements KpepFileSystem {
  readonly folders = new Map<string, Map<string, string>>();
  /** Files an upstream export wrote, by absolute path. */
  readonly exported = new Map<string, string>();

  folder(directory: string): Map<string, string> {
    let files = this.folders.get(directory);
    if (!files) {
      files = new Map();
      this.folders.set(directory, files);
    }
    return files;
  }

  folderFiles(directory: string): InMemoryWorkspaceFiles {
    return new InMemoryWorkspaceFiles(this.folder(directory));
  }

  async createKpep(options: Parameters<KpepFileSystem['createKpep']>[0]): ReturnType<KpepFileSystem['createKpep']> {
    const { root } = options.project.config;
    const files = this.folder(options.directory);
    const kpepNumber = Math.max(
      nextKpepNumber({ index: options.index, directoryNames: await this.folderFiles(options.directory).listDirectories(root) }),
      ...(options.claimedNumbers ?? []).map((n) => n + 1),
    );
    const plan =
      options.planFor?.(kpepNumber) ??
      planNewKpep({ template: options.project.template, root, kpepNumber, title: options.title, authors: options.authors, today: options.today, replaces: options.replaces });
    files.set(plan.path, plan.text);
    return { plan, notice: undefined };
  }

  async createFile(options: { directory: string; path: string; text: string }): Promise<'created' | 'exists'> {
    const files = this.folder(options.directory);
    if (files.has(options.path)) {
      return 'exists';
    }
    files.set(options.path, options.text);
    return 'created';
  }

  async replaceFile(options: { directory: string; path: string; expected: string; text: string }): Promise<void> {
    const files = this.folder(options.directory);
    if (files.get(options.path) !== options.expected) {
      throw new Error(`${options.path} changed meanwhile; nothing was written.`);
    }
    files.set(options.path, options.text);
  }

  async writeKepExport(options: Parameters<KpepFileSystem['writeKepExport']>[0]): ReturnType<KpepFileSystem['writeKepExport']> {
    const targets = options.plan.files.map((file) => ({ ...file, absolute: posix.join(options.upstreamDirectory, file.path) }));
    const existing = targets.find((target) => this.exported.has(target.absolute));
    if (existing && !options.force) {
      return { exists: `${existing.path} already exists in ${options.upstreamDirectory}; pass --force to replace only the generated files.` };
    }
    for (const target of targets) {
      this.exported.set(target.absolute, target.text);
    }
    return { written: targets.map((target) => target.path) };
  }
}

export interface InProcessOptions {
  readonly files: Readonly<Record<string, string>>;
  /** The workspace folder's path (default MEMORY_ROOT). */
  readonly root?: string;
  /** Pull diagnostics (the default) or push them. */
  readonly pull?: boolean;
  /** Applies a workspace/applyEdit; by default like an editor: open documents get a new version, closed files are written. */
  readonly applyEdit?: (edit: WorkspaceEdit) => boolean;
  readonly today?: string;
  readonly branchClaims?: LanguageServerOptions['branchClaims'];
  readonly openStore?: LanguageServerOptions['openStore'];
}

/** A workspace in memory with the server over it, indexed. */
export class InProcessWorkspace {
  readonly fileSystem = new InMemoryFileSystem();
  readonly server: KpepLanguageServer;
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly logged: string[] = [];
  refreshes = 0;
  inlayHintRefreshes = 0;
  /** The folders each kpep/kpepsChanged named. */
  readonly kpepsChanged: string[] = [];
  readonly root: string;
  /** Changes an applied edit made to open documents, still going through the pipeline. */
  private readonly changing: Promise<void>[] = [];

  constructor(options: InProcessOptions) {
    this.root = options.root ?? MEMORY_ROOT;
    const files = this.fileSystem.folder(this.root);
    for (const [path, text] of Object.entries(options.files)) {
      files.set(path, text);
    }
    this.server = new KpepLanguageServer({
      fileSystem: this.fileSystem,
      settingsFor: async () => undefined,
      log: { warn: (message) => this.logged.push(message), error: (message) => this.logged.push(message) },
      beginProgress: async () => ({ report: () => undefined, done: () => undefined }),
      authorName: async () => 'Test Author',
      applyEdit: async (_label, edit) => {
        this.appliedEdits.push(edit);
        return { applied: (options.applyEdit ?? ((change) => this.applyLikeAnEditor(change)))(edit) };
      },
      publishDiagnostics: async (params) => {
        this.published.set(params.uri, params);
      },
      refreshDiagnostics: () => {
        this.refreshes++;
      },
      sendKpepsChanged: (params) => this.kpepsChanged.push(params.folderUri),
      refreshInlayHints: () => {
        this.inlayHintRefreshes++;
      },
      pushDelayMs: 0,
      ...(options.today ? { today: () => options.today as string } : {}),
      ...(options.branchClaims ? { branchClaims: options.branchClaims } : {}),
      ...(options.openStore ? { openStore: options.openStore } : {}),
    });
    this.server.initialize({
      folders: [fileUriOf(this.root)],
      client: { pullDiagnostics: options.pull !== false, disabledCodeActions: true, resolveCodeActionEdits: true, renameFiles: true },
    });
  }

  /** The workspace, created and indexed. */
  static async create(options: InProcessOptions): Promise<InProcessWorkspace> {
    const workspace = new InProcessWorkspace(options);
    for (const folder of await workspace.server.host.folders()) {
      await workspace.server.indexer.indexOf(folder);
    }
    return workspace;
  }

  uri(path: string): string {
    return fileUriOf(posix.join(this.root, path));
  }

  /** The workspace-relative path of a URI in the workspace. */
  pathOf(uri: string): string {
    return relative(this.root, decodeURIComponent(new URL(uri).pathname));
  }

  /** A file's text as it is in memory (the disk, for the server). */
  text(path: string): string {
    const text = this.fileSystem.folder(this.root).get(path);
    if (text === undefined) {
      throw new Error(`${path} is not in the workspace`);
    }
    return text;
  }

  /** Writes a file as another program would, and tells the server as a watcher does. */
  async write(path: string, text: string | undefined): Promise<void> {
    const files = this.fileSystem.folder(this.root);
    const existed = files.has(path);
    if (text === undefined) {
      files.delete(path);
    } else {
      files.set(path, text);
    }
    await this.server.filesChanged([{ uri: this.uri(path), type: text === undefined ? 3 : existed ? 2 : 1 }]);
  }

  /**
   * Opens a document (its file's text unless given) with a `$|` cursor marker removed; returns its
   * URI and the marker's position (the start of the document when there is none).
   */
  async open(path: string, text?: string): Promise<{ uri: string; position: { line: number; character: number } }> {
    const marked = text ?? this.text(path);
    const offset = marked.indexOf(CURSOR);
    const clean = offset < 0 ? marked : marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
    const uri = this.uri(path);
    await this.server.didOpen({ uri, languageId: 'markdown', version: 1, text: clean });
    const textDocument = this.server.documents.get(uri) as TextDocument;
    return { uri, position: textDocument.positionAt(Math.max(offset, 0)) };
  }

  /** Replaces an open document's whole text with a new version. */
  async change(uri: string, text: string): Promise<void> {
    const textDocument = this.server.documents.get(uri);
    if (!textDocument) {
      throw new Error(`${uri} is not open`);
    }
    await this.server.didChange({ uri, version: textDocument.version + 1, changes: [{ text }] });
  }

  /** Resolves once every change an applied edit made has gone through the pipeline. */
  async settled(): Promise<void> {
    await Promise.all(this.changing.splice(0));
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    return (await this.server.diagnose(uri, NOT_CANCELLED)) ?? [];
  }

  /** Waits until diagnostics are pushed for `uri` that satisfy `accept`. */
  waitForPublished(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    return waitFor(what, () => {
      const params = this.published.get(uri);
      return params && accept(params.diagnostics) ? params.diagnostics : undefined;
    });
  }

  /** Applies an edit as an editor does: open documents get a new version (refused when stale), closed files are written. */
  applyLikeAnEditor(edit: WorkspaceEdit): boolean {
    const changes = (edit.documentChanges ?? []) as TextDocumentEdit[];
    const files = this.fileSystem.folder(this.root);
    if (changes.some((change) => change.textDocument.version !== null && this.server.documents.get(change.textDocument.uri)?.version !== change.textDocument.version)) {
      return false;
    }
    for (const change of changes) {
      const open = this.server.documents.get(change.textDocument.uri);
      const path = this.pathOf(change.textDocument.uri);
      const before = open?.getText() ?? files.get(path) ?? '';
      const after = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'markdown', 0, before), change.edits as TextEdit[]);
      if (open) {
        this.changing.push(this.change(change.textDocument.uri, after));
      } else {
        files.set(path, after);
      }
    }
    return true;
  }
}

/** The text with the cursor marker put `shift` characters into the first `needle`. */
export function cursorAt(text: string, needle: string, shift = 0): string {
  const offset = text.indexOf(needle);
  if (offset < 0) {
    throw new Error(`${needle} is not in the text`);
  }
  return text.slice(0, offset + shift) + CURSOR + text.slice(offset + shift);
}
