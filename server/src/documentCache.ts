/** Parse once per document version: every feature reads the same KpepDocument. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseKpepDocument, type KpepDocument } from './core/kpepDocument';

export class KpepDocumentCache {
  // The version is kept apart: TextDocuments updates a TextDocument in place, version included.
  private readonly entries = new Map<string, { version: number; document: KpepDocument }>();

  get(textDocument: TextDocument): KpepDocument {
    const cached = this.entries.get(textDocument.uri);
    if (cached && cached.version === textDocument.version) {
      return cached.document;
    }
    // The previous version lends its syntax tree: a keystroke re-parses one section, not the document.
    const document = parseKpepDocument(textDocument, { previous: cached?.document });
    this.entries.set(textDocument.uri, { version: textDocument.version, document });
    return document;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
