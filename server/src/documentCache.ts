/** Parse once per document version: every feature reads the same KpepDocument. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseKpepDocument, type KpepDocument } from './core/kpepDocument';

export class KpepDocumentCache {
  private readonly entries = new Map<string, KpepDocument>();

  get(textDocument: TextDocument): KpepDocument {
    const cached = this.entries.get(textDocument.uri);
    if (cached && cached.textDocument.version === textDocument.version) {
      return cached;
    }
    const document = parseKpepDocument(textDocument);
    this.entries.set(textDocument.uri, document);
    return document;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
