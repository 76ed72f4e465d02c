/** An edit of a document's text as offsets; features turn it into an LSP TextEdit at the edge. */
import type { OffsetRange } from '../offsetRange';

export interface TextEditSpec {
  readonly range: OffsetRange;
  readonly newText: string;
}

/** Applies edits to a text, last first so earlier offsets stay valid. */
export function applyTextEdits(text: string, edits: readonly TextEditSpec[]): string {
  return [...edits]
    .sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end)
    .reduce((result, edit) => result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end), text);
}

/** The lines of a text, split where LSP ends a line: at `\n`, `\r\n` or a lone `\r`. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The line break a document already uses, so inserted lines match it. */
export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
