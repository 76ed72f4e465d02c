/**
 * One version's text with its line index, as a `TextDocument`. It answers exactly as the library's
 * `TextDocument.create` does (a line ends at `\n`, `\r\n` or a lone `\r`; positions clamp the same
 * way), but finds line starts with `indexOf`, not a loop over every character: each version of a
 * 170 KB KPEP needs its own index, and that loop was a tenth of a keystroke.
 */
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

class TextSnapshot implements TextDocument {
  private lineOffsets: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    private readonly text: string,
  ) {}

  getText(range?: Range): string {
    return range ? this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  get lineCount(): number {
    return this.lines().length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(Math.min(offset, this.text.length), 0);
    const lines = this.lines();
    let low = 0;
    let high = lines.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if ((lines[middle] ?? 0) > clamped) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    const lineStart = lines[low - 1] ?? 0;
    return { line: low - 1, character: this.beforeLineBreak(clamped, lineStart) - lineStart };
  }

  offsetAt(position: Position): number {
    const lines = this.lines();
    if (position.line >= lines.length) {
      return this.text.length;
    }
    if (position.line < 0) {
      return 0;
    }
    const lineStart = lines[position.line] ?? 0;
    if (position.character <= 0) {
      return lineStart;
    }
    const nextLineStart = lines[position.line + 1] ?? this.text.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  getLineRange(line: number): Range {
    const lines = this.lines();
    if (line >= lines.length) {
      const lastLine = lines.length - 1;
      return { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: this.text.length - (lines[lastLine] ?? 0) } };
    }
    if (line < 0) {
      return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    }
    const lineStart = lines[line] ?? 0;
    const end = this.beforeLineBreak(lines[line + 1] ?? this.text.length, lineStart);
    return { start: { line, character: 0 }, end: { line, character: end - lineStart } };
  }

  getEOLCharacters(line: number): string {
    const lines = this.lines();
    if (line >= lines.length || line < 0) {
      return '';
    }
    const nextLineStart = lines[line + 1] ?? this.text.length;
    return this.text.substring(this.beforeLineBreak(nextLineStart, lines[line] ?? 0), nextLineStart);
  }

  private beforeLineBreak(offset: number, lineStart: number): number {
    let result = offset;
    while (result > lineStart && isLineBreak(this.text.charCodeAt(result - 1))) {
      result--;
    }
    return result;
  }

  private lines(): number[] {
    this.lineOffsets ??= lineStarts(this.text);
    return this.lineOffsets;
  }
}

function isLineBreak(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

/** The offset where each line starts; with no carriage return at all, line feeds are found by indexOf. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let lineFeed = text.indexOf('\n'); lineFeed !== -1; lineFeed = text.indexOf('\n', lineFeed + 1)) {
      starts.push(lineFeed + 1);
    }
    return starts;
  }
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isLineBreak(code)) {
      if (code === CARRIAGE_RETURN && text.charCodeAt(index + 1) === LINE_FEED) {
        index++;
      }
      starts.push(index + 1);
    }
  }
  return starts;
}

export function createTextSnapshot(uri: string, languageId: string, version: number, text: string): TextDocument {
  return new TextSnapshot(uri, languageId, version, text);
}
