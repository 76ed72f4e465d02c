/**
 * Keeps one KpepIndex per workspace folder current: built at start-up with work-done progress,
 * open documents indexed from their full model on every version, closed files from disk through
 * file-watcher events (created, changed, deleted, directories renamed), with no restart. While a
 * folder is being indexed, requests that must answer at once read the part built so far.
 */
import { createHash } from 'node:crypto';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyKpepPath, type KpepPath } from './core/kpepPath';
import type { KpepDocument } from './core/kpepDocument';
import { readKpep, type KpepEntry } from './core/index/kpepEntry';
import { KpepIndex } from './core/index/kpepIndex';
import { scanKpepEntry } from './core/index/lineScan';
import { buildKpepIndex, type IndexStore, type KpepScanner } from './core/index/scan';
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
  /** Called when a folder's index is complete, so what was answered from part of it is asked again. */
  readonly onIndexed: () => void;
  /** The folder's index kept from an earlier run, if the server persists it. */
  readonly openStore?: (location: FolderProject) => Promise<PersistedIndex | undefined>;
  /** Reads and scans a folder's many KPEPs off this thread, for the build at start-up. */
  readonly scannerFor?: (directory: string) => KpepScanner | undefined;
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

/** An open KPEP's entry replaced in its folder's index. */
export interface EntryChange {
  readonly previous: KpepEntry | undefined;
  readonly entry: KpepEntry;
  /** Whether the other KPEPs' cross-KPEP findings may change. */
  readonly othersAffected: boolean;
}

/** A folder's index: the one being filled (readable at once), and the promise of it complete. */
interface FolderIndex {
  readonly partial: KpepIndex;
  readonly built: Promise<KpepIndex>;
  complete: boolean;
  /** Set when the index is dropped (rebuildAll), so its build stops reading and its threads end. */
  readonly dropped: { isCancellationRequested: boolean };
}

/** A KPEP as it stands now: its open version (unsaved edits included) or the file on disk. */
export interface LoadedKpep {
  readonly uri: string;
  /** The open document's version, or null for a file read from disk. */
  readonly version: number | null;
  readonly document: KpepDocument;
  readonly entry: KpepEntry;
  /** What the KPEP is now (the open version, or a hash of the file), to tell later whether it changed. */
  readonly fingerprint: string;
}

export class WorkspaceIndexer {
  private readonly indexes = new Map<WorkspaceFolderState, FolderIndex>();
  /** Stores being written, so a shutdown right after indexing still keeps them for the next start. */
  private readonly saving = new Set<Promise<void>>();

  constructor(private readonly options: IndexerOptions) {}

  /**
   * An open document has a new version: its entry, from its full model, replaces the one in its
   * folder's index. Undefined when it is no KPEP or no longer the current version.
   */
  async documentChanged(textDocument: TextDocument): Promise<EntryChange | undefined> {
    const { uri, version } = textDocument;
    const location = await this.options.host.locate(uri);
    // Only the version that is still current: a later change is already on its way here.
    if (!location?.kpepPath || this.options.openDocument(uri)?.version !== version) {
      return undefined;
    }
    const { partial } = this.folderIndex(location);
    const previous = partial.get(location.relativePath);
    const entry = this.ownEntry(location, location.kpepPath, textDocument);
    return { previous, entry, othersAffected: partial.update(entry) };
  }

  /** The folder's index, built on first use; a read, never a write. */
  async indexOf(location: FolderProject): Promise<KpepIndex> {
    return this.folderIndex(location).built;
  }

  /** The folder's index without waiting: complete, or the part built so far. */
  currentIndex(location: FolderProject): { readonly index: KpepIndex; readonly complete: boolean } {
    const folderIndex = this.folderIndex(location);
    return { index: folderIndex.partial, complete: folderIndex.complete };
  }

  /**
   * The index of an open KPEP's folder and its entry at this version. With `now`, a request that
   * must answer at once does not wait while the folder is being indexed: `index` then holds the
   * KPEPs read so far and `complete` is false.
   */
  async indexDocument(textDocument: TextDocument, options: { now?: boolean } = {}): Promise<IndexedDocument | undefined> {
    const location = await this.options.host.locate(textDocument.uri);
    if (!location?.kpepPath) {
      return undefined;
    }
    const folderIndex = this.folderIndex(location);
    const complete = folderIndex.complete || !options.now;
    const index = complete ? await folderIndex.built : folderIndex.partial;
    return { location, index, entry: this.ownEntry(location, location.kpepPath, textDocument), complete };
  }

  /** An open KPEP's entry, from the model of its current version. */
  private ownEntry(location: KpepLocation, kpepPath: KpepPath, textDocument: TextDocument): KpepEntry {
    return this.options.cache.entry(textDocument, { path: location.relativePath, kpepPath, root: location.project.config.root });
  }

  /** The folder's index, its build started on first use. */
  private folderIndex(location: FolderProject): FolderIndex {
    const known = this.indexes.get(location.folder);
    if (known) {
      return known;
    }
    const partial = new KpepIndex();
    const dropped = { isCancellationRequested: false };
    const folderIndex: FolderIndex = { partial, built: this.build(location, partial, dropped), complete: false, dropped };
    this.indexes.set(location.folder, folderIndex);
    void folderIndex.built.then(() => {
      folderIndex.complete = true;
      // Only the index still in use: rebuildAll may have replaced it meanwhile.
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
      const entry = kpepPath && this.options.cache.entry(open, { path, kpepPath, root: location.project.config.root });
      return entry && { uri: open.uri, version: open.version, document, entry, fingerprint: `open:${open.version}` };
    }
    const text = await location.folder.files.readFile(path);
    if (text === undefined) {
      return undefined;
    }
    const read = readKpep({ path, text, root: location.project.config.root, uri });
    return read && { uri, version: null, document: read.document, entry: read.entry, fingerprint: `disk:${createHash('sha256').update(text).digest('hex')}` };
  }

  /**
   * A KPEP closed in the editor reverts to what is on disk (unsaved edits are gone with it).
   * True when the other KPEPs' cross-KPEP findings may change.
   */
  async documentClosed(uri: string): Promise<boolean> {
    return (await this.refreshFromDisk(uri)) === true;
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
      return (await this.refreshFromDisk(uri)) !== undefined;
    }
    // A KPEP directory itself (created, renamed, removed); files deeper inside (images) are no KPEPs.
    const underRoot = location.relativePath === root || location.relativePath.startsWith(`${root}/`);
    if (underRoot && !location.relativePath.slice(root.length + 1).includes('/')) {
      await this.reconcile(location);
      return true;
    }
    return false;
  }

  /** Resolves when every store being written is on disk (or failed to be). */
  async saved(): Promise<void> {
    await Promise.all(this.saving);
  }

  /** Rebuilds every index from scratch, after the configuration (say, the KPEP root) changed. */
  rebuildAll(): void {
    for (const folderIndex of this.indexes.values()) {
      folderIndex.dropped.isCancellationRequested = true;
    }
    this.indexes.clear();
  }

  /** Re-reads a closed KPEP from disk; whether other KPEPs are affected, or undefined when it is not indexed from disk. */
  private async refreshFromDisk(uri: string): Promise<boolean | undefined> {
    const location = await this.options.host.locate(uri);
    if (!location?.kpepPath || !this.indexes.has(location.folder) || this.options.openDocument(uri)) {
      return undefined;
    }
    const index = await this.indexOf(location);
    const text = await location.folder.files.readFile(location.relativePath);
    return text === undefined
      ? index.remove(location.relativePath)
      : index.update(scanKpepEntry(text, { path: location.relativePath, kpepPath: location.kpepPath, root: location.project.config.root }));
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

  private async build(location: FolderProject, into: KpepIndex, dropped: FolderIndex['dropped']): Promise<KpepIndex> {
    const progress = await this.options.beginProgress('Indexing KPEPs');
    try {
      const store = await this.options.openStore?.(location);
      const scanner = this.options.scannerFor?.(location.folder.directory);
      const index = await buildKpepIndex({
        ...(store ? { store } : {}),
        ...(scanner ? { scanner } : {}),
        files: location.folder.files,
        project: location.project,
        onProgress: (done, total) => progress.report(done, total),
        into,
        token: dropped,
        // Requests that arrived meanwhile are answered between slices of the scan.
        pause: () => new Promise((resolve) => setImmediate(resolve)),
      });
      // Only the scan of files on disk is kept (open documents are indexed from their text below);
      // the store is an optimisation, so a folder it cannot be written to costs the next start a scan.
      if (store && !dropped.isCancellationRequested) {
        const saved = store.save().catch(() => undefined);
        this.saving.add(saved);
        void saved.then(() => this.saving.delete(saved));
      }
      // Open documents count with their unsaved text.
      for (const textDocument of this.options.openDocuments()) {
        const open = await this.options.host.locate(textDocument.uri);
        if (open?.folder === location.folder && open.kpepPath) {
          index.set(this.options.cache.entry(textDocument, { path: open.relativePath, kpepPath: open.kpepPath, root: open.project.config.root }));
        }
      }
      return index;
    } finally {
      progress.done();
    }
  }
}
