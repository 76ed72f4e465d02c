/**
 * Keeps one KpepIndex per workspace folder current: built at start-up with work-done progress,
 * open documents indexed from their full model on every version, closed files from disk through
 * file-watcher events (created, changed, deleted, directories renamed), with no restart. While a
 * folder is being indexed, requests that must answer at once read the part built so far.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyKpepPath } from './core/kpepPath';
import type { KpepDocument } from './core/kpepDocument';
import { entryFromDocument, readKpep, scanKpepEntry, type KpepEntry } from './core/index/kpepEntry';
import { KpepIndex } from './core/index/kpepIndex';
import { buildKpepIndex, type IndexStore } from './core/lint';
import type { KpepDocumentCache } from './documentCache';
import type { FolderProject, KpepLocation, KpepWorkspaceHost, WorkspaceFolderState } from './workspaceHost';

export interface IndexProgress {
  report(done: number, total: number): void;
  done(): void;
}

export interface IndexerOptions {
  readonly host: KpepWorkspaceHost;
  readonly cache: KpepDocumentCache;
  readonly openDocument: (uri: string) => TextDocument | undefined;
  readonly openDocuments: () => readonly TextDocument[];
  /** Starts a progress report in the editor ("Indexing KPEPs 120/611"). */
  readonly beginProgress: (title: string) => Promise<IndexProgress>;
  /** Called when an open KPEP's new version changes what other KPEPs read of it. */
  readonly onCrossChange: (uri: string) => void;
  /** Called when a folder's index is complete, so what was answered from part of it is asked again. */
  readonly onIndexed: () => void;
  /** The folder's index kept from an earlier run, if the server persists it. */
  readonly openStore?: (location: FolderProject) => Promise<PersistedIndex | undefined>;
}

/** An index store that can be written back once a build is complete. */
export interface PersistedIndex extends IndexStore {
  save(): Promise<void>;
}

export interface IndexedDocument {
  readonly location: KpepLocation;
  readonly index: KpepIndex;
  /** The document's own entry, from its full model. */
  readonly entry: KpepEntry;
  /** False while the folder is still being indexed: `index` then holds only the KPEPs read so far. */
  readonly complete: boolean;
}

/** A folder's index: the one being filled (readable at once), and the promise of it complete. */
interface FolderIndex {
  readonly partial: KpepIndex;
  readonly built: Promise<KpepIndex>;
  complete: boolean;
}

/** A KPEP as it stands now: its open version (unsaved edits included) or the file on disk. */
export interface LoadedKpep {
  readonly uri: string;
  /** The open document's version, or null for a file read from disk. */
  readonly version: number | null;
  readonly document: KpepDocument;
  readonly entry: KpepEntry;
}

/** What other KPEPs' diagnostics read of an entry; ranges move as one types and do not count. */
function crossSignature(entry: KpepEntry | undefined): string {
  return entry
    ? JSON.stringify([entry.kpepNumber, entry.title, entry.status, entry.replaces, entry.supersededBy, entry.references.map((site) => [site.kind, site.kpepNumber])])
    : '';
}

export class WorkspaceIndexer {
  private readonly indexes = new Map<WorkspaceFolderState, FolderIndex>();
  /** Open documents edited since their entry was last taken. */
  private readonly edited = new Set<string>();

  constructor(private readonly options: IndexerOptions) {}

  /** An open document has a new version; its entry is refreshed before the index is next read. */
  documentChanged(uri: string): void {
    this.edited.add(uri);
  }

  /** The folder's index, built on first use, with every edited open document's entry current. */
  async indexOf(location: FolderProject): Promise<KpepIndex> {
    const index = await this.folderIndex(location).built;
    for (const uri of [...this.edited]) {
      const textDocument = this.options.openDocument(uri);
      const open = textDocument && (await this.options.host.locate(uri));
      if (!textDocument || !open?.kpepPath) {
        this.edited.delete(uri);
      } else if (open.folder === location.folder) {
        this.edited.delete(uri);
        this.reindexOpen(open, index, textDocument);
      }
    }
    return index;
  }

  /** The folder's index without waiting: complete (open documents current), or the part built so far. */
  async currentIndex(location: FolderProject): Promise<{ readonly index: KpepIndex; readonly complete: boolean }> {
    const folderIndex = this.folderIndex(location);
    return folderIndex.complete ? { index: await this.indexOf(location), complete: true } : { index: folderIndex.partial, complete: false };
  }

  /** Takes an open document's entry from its full model, and says so when others read something new of it. */
  private reindexOpen(location: KpepLocation, index: KpepIndex, textDocument: TextDocument): KpepEntry | undefined {
    if (!location.kpepPath) {
      return undefined;
    }
    const entry = entryFromDocument(this.options.cache.get(textDocument), {
      path: location.relativePath,
      kpepPath: location.kpepPath,
      root: location.project.config.root,
    });
    const changedForOthers = crossSignature(index.get(entry.path)) !== crossSignature(entry);
    index.set(entry);
    if (changedForOthers) {
      this.options.onCrossChange(textDocument.uri);
    }
    return entry;
  }

  /** The index of an open KPEP's folder with its entry brought up to this version. */
  async indexDocument(textDocument: TextDocument): Promise<IndexedDocument | undefined> {
    const location = await this.options.host.locate(textDocument.uri);
    return location?.kpepPath ? this.completeIndex(location, textDocument) : undefined;
  }

  /**
   * Like indexDocument, but never waits for the folder's index: while it is being built, the
   * document's entry comes from its own model and the index holds the KPEPs read so far.
   */
  async indexDocumentNow(textDocument: TextDocument): Promise<IndexedDocument | undefined> {
    const location = await this.options.host.locate(textDocument.uri);
    if (!location?.kpepPath) {
      return undefined;
    }
    const folderIndex = this.folderIndex(location);
    if (folderIndex.complete) {
      return this.completeIndex(location, textDocument);
    }
    const entry = entryFromDocument(this.options.cache.get(textDocument), {
      path: location.relativePath,
      kpepPath: location.kpepPath,
      root: location.project.config.root,
    });
    return { location, index: folderIndex.partial, entry, complete: false };
  }

  private async completeIndex(location: KpepLocation, textDocument: TextDocument): Promise<IndexedDocument | undefined> {
    const index = await this.indexOf(location);
    const entry = index.get(location.relativePath) ?? this.reindexOpen(location, index, textDocument);
    return entry ? { location, index, entry, complete: true } : undefined;
  }

  /** The folder's index, its build started on first use. */
  private folderIndex(location: FolderProject): FolderIndex {
    const known = this.indexes.get(location.folder);
    if (known) {
      return known;
    }
    const partial = new KpepIndex();
    const folderIndex: FolderIndex = { partial, built: this.build(location, partial), complete: false };
    this.indexes.set(location.folder, folderIndex);
    void folderIndex.built.then(() => {
      folderIndex.complete = true;
      // Only the index still in use: a rebuild may have replaced it meanwhile.
      if (this.indexes.get(location.folder) === folderIndex) {
        this.options.onIndexed();
      }
    }, () => undefined);
    return folderIndex;
  }

  /** Loads a KPEP of a folder by its workspace-relative path, open version first. */
  async load(location: FolderProject, path: string): Promise<LoadedKpep | undefined> {
    const uri = this.options.host.uriOf(location.folder, path);
    const open = this.options.openDocument(uri);
    if (open) {
      const kpepPath = classifyKpepPath(path, location.project.config.root);
      const document = this.options.cache.get(open);
      // The client's own spelling of the URI, so an edit to it names the document it has open.
      return kpepPath && { uri: open.uri, version: open.version, document, entry: entryFromDocument(document, { path, kpepPath, root: location.project.config.root }) };
    }
    const text = await location.folder.files.readFile(path);
    const read = text === undefined ? undefined : readKpep({ path, text, root: location.project.config.root, uri });
    return read && { uri, version: null, ...read };
  }

  /** A KPEP closed in the editor reverts to what is on disk (unsaved edits are gone with it). */
  async documentClosed(uri: string): Promise<void> {
    await this.refreshFromDisk(uri);
  }

  /**
   * A watched file changed on disk. A README is re-read (or dropped); anything else under the KPEP
   * root, such as a renamed directory, re-lists the root. Returns true when an index changed.
   */
  async fileChanged(uri: string): Promise<boolean> {
    const location = await this.options.host.locate(uri);
    if (!location || !this.indexes.has(location.folder)) {
      return false;
    }
    const { root } = location.project.config;
    if (location.kpepPath) {
      return this.refreshFromDisk(uri);
    }
    // A KPEP directory itself (created, renamed, removed); files deeper inside (images) are no KPEPs.
    const underRoot = location.relativePath === root || location.relativePath.startsWith(`${root}/`);
    if (underRoot && !location.relativePath.slice(root.length + 1).includes('/')) {
      await this.reconcile(location);
      return true;
    }
    return false;
  }

  /** Rebuilds every index from scratch, after the configuration (say, the KPEP root) changed. */
  rebuildAll(): void {
    this.indexes.clear();
  }

  private async refreshFromDisk(uri: string): Promise<boolean> {
    const location = await this.options.host.locate(uri);
    if (!location?.kpepPath || !this.indexes.has(location.folder) || this.options.openDocument(uri)) {
      return false;
    }
    const index = await this.indexOf(location);
    const text = await location.folder.files.readFile(location.relativePath);
    if (text === undefined) {
      index.delete(location.relativePath);
    } else {
      index.set(scanKpepEntry(text, { path: location.relativePath, kpepPath: location.kpepPath, root: location.project.config.root }));
    }
    return true;
  }

  /** Re-lists the KPEP root: directories gone are dropped, new ones read. */
  private async reconcile(location: FolderProject): Promise<void> {
    const index = await this.indexOf(location);
    const fresh = await buildKpepIndex({ files: location.folder.files, project: location.project });
    const present = new Set(fresh.all().map((entry) => entry.path));
    for (const entry of index.all()) {
      if (!present.has(entry.path)) {
        index.delete(entry.path);
      }
    }
    for (const entry of fresh.all()) {
      if (!index.get(entry.path) || !this.isOpen(location, entry.path)) {
        index.set(entry);
      }
    }
  }

  private isOpen(location: FolderProject, path: string): boolean {
    return this.options.openDocument(this.options.host.uriOf(location.folder, path)) !== undefined;
  }

  private async build(location: FolderProject, into: KpepIndex): Promise<KpepIndex> {
    const progress = await this.options.beginProgress('Indexing KPEPs');
    try {
      const store = await this.options.openStore?.(location);
      const index = await buildKpepIndex({
        ...(store ? { store } : {}),
        files: location.folder.files,
        project: location.project,
        onProgress: (done, total) => progress.report(done, total),
        into,
        // Requests that arrived meanwhile are answered between slices of the scan.
        pause: () => new Promise((resolve) => setImmediate(resolve)),
      });
      // Only the scan of files on disk is kept (open documents are indexed from their text below);
      // the store is an optimisation, so a folder it cannot be written to costs the next start a scan.
      void store?.save().catch(() => undefined);
      // Open documents count with their unsaved text.
      for (const textDocument of this.options.openDocuments()) {
        const open = await this.options.host.locate(textDocument.uri);
        if (open?.folder === location.folder && open.kpepPath) {
          const document = this.options.cache.get(textDocument);
          index.set(entryFromDocument(document, { path: open.relativePath, kpepPath: open.kpepPath, root: open.project.config.root }));
        }
      }
      return index;
    } finally {
      progress.done();
    }
  }
}
