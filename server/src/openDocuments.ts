/**
 * The documents the client has open, at the version it last sent: the server's one copy of unsaved
 * text. Looked up by normalised URI, whatever spelling the client opened them with; a change to a
 * document that is not open, or with no version, is ignored.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { boundedMemo } from './core/boundedMemo';
import { normalizedUri } from './documentUri';

/** Past this many spellings the memo starts afresh: a client spells each open document once or twice. */
const MAX_REMEMBERED_URIS = 1000;

export class OpenDocuments {
  private readonly byUri = new Map<string, TextDocument>();
  /** Each spelling's normalised form: every keystroke and request looks its document up several times. */
  private readonly normalized = boundedMemo(MAX_REMEMBERED_URIS, normalizedUri);

  open(options: { uri: string; languageId: string; version: number; text: string }): TextDocument {
    const textDocument = TextDocument.create(options.uri, options.languageId, options.version, options.text);
    this.byUri.set(this.keyOf(options.uri), textDocument);
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
    const key = this.keyOf(uri);
    const textDocument = this.byUri.get(key);
    this.byUri.delete(key);
    return textDocument;
  }

  get(uri: string): TextDocument | undefined {
    return this.byUri.get(this.keyOf(uri));
  }

  private keyOf(uri: unknown): string {
    return this.normalized(String(uri));
  }

  all(): TextDocument[] {
    return [...this.byUri.values()];
  }
}
