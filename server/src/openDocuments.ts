/**
 * The documents the client has open, at the version it last sent: the server's one copy of unsaved
 * text. Looked up by normalised URI, whatever spelling the client opened them with; a change to a
 * document that is not open, or with no version, is ignored.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { normalizedUri } from './documentUri';

export class OpenDocuments {
  private readonly byUri = new Map<string, TextDocument>();

  open(options: { uri: string; languageId: string; version: number; text: string }): TextDocument {
    const textDocument = TextDocument.create(options.uri, options.languageId, options.version, options.text);
    this.byUri.set(normalizedUri(String(options.uri)), textDocument);
    return textDocument;
  }

  /** Applies the client's changes in order; undefined when the document is not open. */
  change(options: { uri: string; version: number; changes: readonly TextDocumentContentChangeEvent[] }): TextDocument | undefined {
    const textDocument = this.get(options.uri);
    if (!textDocument || typeof options.version !== 'number' || !Array.isArray(options.changes)) {
      return undefined;
    }
    return TextDocument.update(textDocument, [...options.changes], options.version);
  }

  close(uri: string): TextDocument | undefined {
    const key = normalizedUri(String(uri));
    const textDocument = this.byUri.get(key);
    this.byUri.delete(key);
    return textDocument;
  }

  get(uri: string): TextDocument | undefined {
    return this.byUri.get(normalizedUri(String(uri)));
  }

  all(): TextDocument[] {
    return [...this.byUri.values()];
  }
}
