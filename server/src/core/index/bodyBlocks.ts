/**
 * Which CommonMark block each line of a KPEP's body is in, read line by line as micromark reads
 * it: list items' content columns, whether a paragraph is open, fences, and HTML blocks with their
 * end conditions. The line scan asks it for bodies that hold indented lines, HTML blocks or
 * underlines, so indented code and HTML are never references and setext headings are anchors,
 * as in the full model. Block quotes are not followed: a body with one is left to the full model.
 */
import { htmlBlockNames, htmlRawNames } from 'micromark-util-html-tag-name';

/** What a line is: `code` is indented code or a fenced block's line (fences included); `item` a list marker alone. */
export type LineKind = 'blank' | 'paragraph' | 'code' | 'html' | 'comment' | 'heading' | 'setext' | 'thematic' | 'item';

export interface LineBlock {
  readonly kind: LineKind;
  /** Inside no list item: only such a heading is one of the model's headings. */
  readonly topLevel: boolean;
  /** Where the line's own content starts, after list markers (an ATX heading's `#`). */
  readonly contentStart: number;
  /** The top-level block the line belongs to, counted from 1: a list, code over blank lines, an HTML block are one. */
  readonly block: number;
  /** A paragraph's first line. */
  readonly opensParagraph: boolean;
  /** A setext underline's level. */
  readonly level: 1 | 2;
}

interface ListItem {
  /** The column where the item's content starts: a line indented this far is inside it. */
  readonly column: number;
  /** The bullet, or an ordered list's delimiter: an item with another starts a new list. */
  readonly marker: number;
  /** Opened by a marker alone: a blank line next ends it. */
  empty: boolean;
}

interface OpenHtml {
  /** What ends it: a blank line (kinds 6 and 7), or an expression a line must match. */
  readonly end: RegExp | 'blank';
  readonly depth: number;
  readonly comment: boolean;
}

interface OpenFence {
  readonly marker: number;
  readonly length: number;
  readonly depth: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;
const HASH = 0x23;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const DASH = 0x2d;
const EQUALS = 0x3d;
const STAR = 0x2a;
const PLUS = 0x2b;
const UNDERSCORE = 0x5f;
const OPEN_BRACKET = 0x5b;

const RAW_END = /<\/(?:pre|script|style|textarea)>/i;
const TAG_NAME = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/;

/** Reads a body's lines in order; `read` must see every line, blank ones included. */
export class BodyBlocks {
  private readonly items: ListItem[] = [];
  /** How many list items hold the open paragraph; -1 when none is open. */
  private paragraphDepth = -1;
  private html: OpenHtml | undefined;
  private fence: OpenFence | undefined;
  private block = 0;
  /** How many list items hold the indented code that the last line not blank was in; -1 when it was none. */
  private codeDepth = -1;
  /** A block quote, or a definition over an underline: shapes this reader does not follow. */
  ambiguous = false;

  /** The block of the line [start, end) (a line feed after it, a carriage return not removed). */
  read(text: string, start: number, end: number): LineBlock {
    const lineEnd = end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end;
    let { at, column } = indentation(text, start, lineEnd, 0);
    const blank = at === lineEnd;
    if (this.fence) {
      const inside = this.fenceLine(text, at, column, lineEnd, blank);
      if (inside) {
        return inside;
      }
    }
    if (this.html) {
      const inside = this.htmlLine(text, start, column, lineEnd, blank);
      if (inside) {
        return inside;
      }
    }
    if (blank) {
      this.paragraphDepth = -1;
      if (this.items.at(-1)?.empty) {
        this.items.pop();
      }
      return this.line('blank', start, false);
    }
    const codeDepth = this.codeDepth;
    this.codeDepth = -1;
    let depth = this.depthAt(column);
    for (const item of this.items.slice(0, depth)) {
      item.empty = false;
    }
    let base = depth > 0 ? (this.items[depth - 1]?.column ?? 0) : 0;
    // After a list marker the rest of the line is read again as the item's content.
    for (;;) {
      const relative = column - base;
      const code = text.charCodeAt(at);
      if (this.paragraphDepth >= 0 && relative >= 4) {
        return this.line('paragraph', at, false);
      }
      if (this.paragraphDepth < 0 && relative >= 4) {
        this.closeItems(depth);
        // Indented code runs on over blank lines: lines of it after one are the same block.
        if (depth === 0 && codeDepth !== 0) {
          this.block++;
        }
        this.codeDepth = depth;
        return this.line('code', at, false);
      }
      if (this.paragraphDepth >= 0 && depth === this.paragraphDepth && (code === EQUALS || code === DASH) && onlyRun(text, at, lineEnd, code)) {
        const topLevel = this.paragraphDepth === 0;
        this.paragraphDepth = -1;
        return { ...this.line('setext', at, false), topLevel, level: code === EQUALS ? 1 : 2 };
      }
      if (code === GREATER_THAN) {
        this.ambiguous = true;
      }
      if (thematicBreak(text, at, lineEnd)) {
        return this.startBlock('thematic', at, depth);
      }
      if (code === HASH && atxOpening(text, at, lineEnd)) {
        return { ...this.startBlock('heading', at, depth), topLevel: depth === 0 };
      }
      const fence = code === BACKTICK || code === TILDE ? fenceOpening(text, at, lineEnd) : undefined;
      if (fence) {
        const block = this.startBlock('code', at, depth);
        this.fence = { ...fence, depth };
        return block;
      }
      const html = code === LESS_THAN ? htmlBlockStart(text.slice(at, lineEnd), this.paragraphDepth >= 0) : undefined;
      if (html) {
        const block = this.startBlock(html.comment ? 'comment' : 'html', at, depth);
        this.html = html.endsOnItsLine ? undefined : { end: html.end, depth, comment: html.comment };
        return block;
      }
      const item = listMarker(text, at, lineEnd, column);
      const sibling = item !== undefined && this.items[depth]?.marker === item.marker;
      // A new list may interrupt a paragraph only with a first item that holds text and, ordered, is
      // numbered 1; micromark holds a list after indented code in the same list item (or none), blank
      // lines between or not, to the same.
      const interrupting = this.paragraphDepth >= 0 || (codeDepth >= 0 && depth >= codeDepth);
      if (item && (!interrupting || sibling || (!item.empty && item.startsAtOne))) {
        this.closeItems(depth);
        if (depth === 0 && !sibling) {
          this.block++;
        }
        this.paragraphDepth = -1;
        this.items.push({ column: item.contentColumn, marker: item.marker, empty: item.empty });
        depth++;
        base = item.contentColumn;
        if (item.empty) {
          return this.line('item', at, false);
        }
        ({ at, column } = indentation(text, item.markerEnd, lineEnd, item.markerEndColumn));
        continue;
      }
      if (this.paragraphDepth >= 0) {
        return this.line('paragraph', at, false);
      }
      if (code === OPEN_BRACKET) {
        // A link reference definition is no paragraph: `[a]: /url` over `===` reads otherwise.
        this.ambiguous ||= holdsDefinitionColon(text, at, lineEnd) && this.underlineFollows(text, lineEnd);
      }
      const block = this.startBlock('paragraph', at, depth);
      this.paragraphDepth = depth;
      return { ...block, opensParagraph: true };
    }
  }

  private line(kind: LineKind, contentStart: number, opensParagraph: boolean): LineBlock {
    return { kind, topLevel: this.items.length === 0, contentStart, block: this.block, opensParagraph, level: 2 };
  }

  /** A block opening at `depth` closes deeper items and the open paragraph; at the top it is a new block. */
  private startBlock(kind: LineKind, contentStart: number, depth: number): LineBlock {
    this.closeItems(depth);
    this.paragraphDepth = -1;
    if (depth === 0) {
      this.block++;
    }
    return this.line(kind, contentStart, false);
  }

  private closeItems(depth: number): void {
    this.items.length = Math.min(this.items.length, depth);
  }

  /** How many open list items a line indented to `column` stays in. */
  private depthAt(column: number): number {
    let depth = 0;
    while (depth < this.items.length && (this.items[depth]?.column ?? 0) <= column) {
      depth++;
    }
    return depth;
  }

  /** A line of an open fence, or undefined when the fence's list item ended before it. */
  private fenceLine(text: string, at: number, column: number, lineEnd: number, blank: boolean): LineBlock | undefined {
    const fence = this.fence as OpenFence;
    const depth = blank ? fence.depth : this.depthAt(column);
    if (depth < fence.depth) {
      this.fence = undefined;
      return undefined;
    }
    const base = depth > 0 ? (this.items[depth - 1]?.column ?? 0) : 0;
    if (!blank && column - base < 4 && text.charCodeAt(at) === fence.marker) {
      let run = at;
      while (run < lineEnd && text.charCodeAt(run) === fence.marker) {
        run++;
      }
      if (run - at >= fence.length && indentation(text, run, lineEnd, 0).at === lineEnd) {
        this.fence = undefined;
      }
    }
    return this.line('code', at, false);
  }

  /** A line of an open HTML block, or undefined when a blank line or its list item's end closed it. */
  private htmlLine(text: string, start: number, column: number, lineEnd: number, blank: boolean): LineBlock | undefined {
    const html = this.html as OpenHtml;
    if ((html.end === 'blank' && blank) || (!blank && this.depthAt(column) < html.depth)) {
      this.html = undefined;
      return undefined;
    }
    if (html.end !== 'blank' && html.end.test(text.slice(start, lineEnd))) {
      this.html = undefined;
    }
    return this.line(html.comment ? 'comment' : 'html', start, false);
  }

  /** Whether the next line is an underline (only then does a definition's line read differently). */
  private underlineFollows(text: string, lineEnd: number): boolean {
    const next = text.indexOf('\n', lineEnd) + 1;
    if (next === 0) {
      return false;
    }
    const nextEnd = text.indexOf('\n', next);
    const { at } = indentation(text, next, nextEnd === -1 ? text.length : nextEnd, 0);
    const code = text.charCodeAt(at);
    return code === EQUALS || code === DASH;
  }
}

/** The first character after spaces and tabs from `start`, and its column (tabs to the next multiple of 4). */
function indentation(text: string, start: number, end: number, startColumn: number): { at: number; column: number } {
  let at = start;
  let column = startColumn;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === SPACE) {
      column++;
    } else if (code === TAB) {
      column += 4 - (column % 4);
    } else {
      break;
    }
  }
  if (at === end - 1 && text.charCodeAt(at) === CARRIAGE_RETURN) {
    at = end;
  }
  return { at, column };
}

/** Whether [at, end) is a run of `code` and then only spaces and tabs (a setext underline). */
function onlyRun(text: string, at: number, end: number, code: number): boolean {
  let offset = at;
  while (offset < end && text.charCodeAt(offset) === code) {
    offset++;
  }
  return indentation(text, offset, end, 0).at === end;
}

/** `***`, `- - -`, `___`: three or more of one of them, spaces and tabs between. */
function thematicBreak(text: string, at: number, end: number): boolean {
  const marker = text.charCodeAt(at);
  if (marker !== STAR && marker !== DASH && marker !== UNDERSCORE) {
    return false;
  }
  let count = 0;
  for (let offset = at; offset < end; offset++) {
    const code = text.charCodeAt(offset);
    if (code === marker) {
      count++;
    } else if (code !== SPACE && code !== TAB) {
      return false;
    }
  }
  return count >= 3;
}

function atxOpening(text: string, at: number, end: number): boolean {
  let offset = at;
  while (offset < end && offset - at < 7 && text.charCodeAt(offset) === HASH) {
    offset++;
  }
  const code = text.charCodeAt(offset);
  return offset - at <= 6 && (offset === end || code === SPACE || code === TAB);
}

/** A fence's marker and length; a backtick fence's info string holds no backtick. */
function fenceOpening(text: string, at: number, end: number): { marker: number; length: number } | undefined {
  const marker = text.charCodeAt(at);
  let offset = at;
  while (offset < end && text.charCodeAt(offset) === marker) {
    offset++;
  }
  const length = offset - at;
  if (length < 3 || (marker === BACKTICK && text.slice(offset, end).includes('`'))) {
    return undefined;
  }
  return { marker, length };
}

/** A list item's marker at `at`: `-`, `+`, `*`, or up to nine digits and `.` or `)`, then a space, a tab or the line's end. */
function listMarker(
  text: string,
  at: number,
  end: number,
  column: number,
): { marker: number; markerEnd: number; markerEndColumn: number; contentColumn: number; empty: boolean; startsAtOne: boolean } | undefined {
  const code = text.charCodeAt(at);
  let markerEnd = at + 1;
  let marker = code;
  let startsAtOne = true;
  if (code >= 0x30 && code <= 0x39) {
    while (markerEnd < end && markerEnd - at < 10 && isDigit(text.charCodeAt(markerEnd))) {
      markerEnd++;
    }
    marker = text.charCodeAt(markerEnd);
    if (markerEnd - at > 9 || (marker !== 0x2e && marker !== 0x29)) {
      return undefined;
    }
    startsAtOne = Number(text.slice(at, markerEnd)) === 1;
    markerEnd++;
  } else if (code !== DASH && code !== PLUS && code !== STAR) {
    return undefined;
  }
  const after = text.charCodeAt(markerEnd);
  if (markerEnd < end && after !== SPACE && after !== TAB) {
    return undefined;
  }
  const markerEndColumn = column + (markerEnd - at);
  const content = indentation(text, markerEnd, end, markerEndColumn);
  const empty = content.at === end;
  const spaces = content.column - markerEndColumn;
  // Past four spaces (or none before the line's end) the content starts one column after the marker: the rest is indented code.
  const contentColumn = empty || spaces > 4 ? markerEndColumn + 1 : content.column;
  return { marker, markerEnd: empty || spaces > 4 ? Math.min(markerEnd + 1, end) : markerEnd, markerEndColumn: empty || spaces > 4 ? markerEndColumn + 1 : markerEndColumn, contentColumn, empty, startsAtOne };
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The HTML block a line opening with `<` starts, as micromark's html-flow reads it: kinds 1–5 end
 * at a line holding their end, 6 and 7 at a blank line; 7 (any complete tag alone on its line)
 * cannot interrupt a paragraph (by default, a line that does not).
 */
export function htmlBlockStart(line: string, interrupting = false): { end: RegExp | 'blank'; endsOnItsLine: boolean; comment: boolean } | undefined {
  const ending = (end: RegExp, from: number) => ({ end, endsOnItsLine: end.test(line.slice(from)), comment: false });
  if (line.startsWith('<!--')) {
    // `<!-->` and `<!--->` end where they open: the opening's `--` may close it.
    return { ...ending(/-->/, 2), comment: true };
  }
  if (line.startsWith('<?')) {
    return ending(/\?>/, 1);
  }
  if (line.startsWith('<![CDATA[')) {
    return ending(/\]\]>/, 9);
  }
  if (/^<![A-Za-z]/.test(line)) {
    return ending(/>/, 2);
  }
  const tag = TAG_NAME.exec(line);
  if (!tag?.[2]) {
    return undefined;
  }
  const closing = tag[1] === '/';
  const name = tag[2].toLowerCase();
  const after = line.slice(tag[0].length);
  const next = after.charAt(0);
  if (next !== '' && next !== '>' && next !== '/' && next !== ' ' && next !== '\t') {
    return undefined;
  }
  if (!closing && next !== '/' && htmlRawNames.includes(name)) {
    return ending(RAW_END, tag[0].length);
  }
  if (htmlBlockNames.includes(name)) {
    return next === '/' && !after.startsWith('/>') ? undefined : { end: 'blank', endsOnItsLine: false, comment: false };
  }
  return !interrupting && completeTagAlone(after, closing) ? { end: 'blank', endsOnItsLine: false, comment: false } : undefined;
}

/** Whether what follows a tag's name completes the tag and leaves only spaces and tabs on the line (micromark's states, in order). */
function completeTagAlone(rest: string, closing: boolean): boolean {
  let at = 0;
  const code = (): number => rest.charCodeAt(at);
  const spaces = (): void => {
    while (code() === SPACE || code() === TAB) {
      at++;
    }
  };
  // After a name or an unquoted value another `=` may follow; after a quoted value, a name.
  let afterName = false;
  while (!closing) {
    spaces();
    if (afterName && code() === EQUALS) {
      at++;
      spaces();
      const quote = code();
      if (quote === 0x22 || quote === 0x27) {
        const close = rest.indexOf(String.fromCharCode(quote), at + 1);
        const after = rest.charCodeAt(close + 1);
        if (close === -1 || (after !== 0x2f && after !== GREATER_THAN && after !== SPACE && after !== TAB)) {
          return false;
        }
        at = close + 1;
        afterName = false;
      } else if (at >= rest.length || /[<=>`]/.test(rest.charAt(at))) {
        return false;
      } else {
        while (at < rest.length && !/["'/<=>`\s]/.test(rest.charAt(at))) {
          at++;
        }
      }
      continue;
    }
    afterName = false;
    if (code() === 0x2f) {
      at++;
      break;
    }
    if (!/[:_A-Za-z]/.test(rest.charAt(at))) {
      break;
    }
    while (/[-.:_A-Za-z0-9]/.test(rest.charAt(at))) {
      at++;
    }
    afterName = true;
  }
  if (closing) {
    spaces();
  }
  if (code() !== GREATER_THAN) {
    return false;
  }
  at++;
  spaces();
  return at === rest.length;
}

/** Whether `]:` stands in `text[start, end)`: searched within the line, so many `[` lines cost each their own length. */
function holdsDefinitionColon(text: string, start: number, end: number): boolean {
  for (let at = start; at < end - 1; at++) {
    if (text.charCodeAt(at) === 0x5d && text.charCodeAt(at + 1) === 0x3a) {
      return true;
    }
  }
  return false;
}
