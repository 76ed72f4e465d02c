/** Parse once per document version: every feature reads the same KpepDocument, and the same index entry. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { entryFromDocument, type KpepEntry } from './core/index/kpepEntry';
import { parseKpepDocument, type KpepDocument } from './core/kpepDocument';
import type { KpepPath } from './core/kpepPath';

/** Where an open KPEP sits: what its index entry is read with besides the document. */
export interface EntryPlace {
  readonly path: string;
  readonly kpepPath: KpepPath;
  readonly root: string;
}

interface CachedVersion {
  readonly version: number;
  readonly document: KpepDocument;
  /** The entry of this version, once asked for, and the place it was read at. */
  entry?: { readonly place: EntryPlace; readonly value: KpepEntry };
}

export class KpepDocumentCache {
  // The version is kept apart: TextDocuments updates a TextDocument in place, version included.
  private readonly entries = new Map<string, CachedVersion>();

  get(textDocument: TextDocument): KpepDocument {
    return this.current(textDocument).document;
  }

  /**
   * The index entry of this version: the pipeline indexes it on each keystroke and every pulled
   * diagnostic and request reads it again, so it is built once per version.
   */
  entry(textDocument: TextDocument, place: EntryPlace): KpepEntry {
    const cached = this.current(textDocument);
    const known = cached.entry;
    if (known && known.place.path === place.path && known.place.root === place.root) {
      return known.value;
    }
    const value = entryFromDocument(cached.document, place);
    cached.entry = { place, value };
    return value;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  private current(textDocument: TextDocument): CachedVersion {
    const cached = this.entries.get(textDocument.uri);
    if (cached && cached.version === textDocument.version) {
      return cached;
    }
    // The previous version lends its syntax tree: a keystroke re-parses one section, not the document.
    const next = { version: textDocument.version, document: parseKpepDocument(textDocument, { previous: cached?.document }) };
    this.entries.set(textDocument.uri, next);
    return next;
  }
}
