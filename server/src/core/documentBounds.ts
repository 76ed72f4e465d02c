/**
 * How large a document kpep checks in full. remark's time grows with the square of the inline
 * markup characters in one paragraph (micromark merges their events one splice at a time), so a
 * paragraph of 50,000 `*` takes minutes; a document past these bounds is not parsed at all and
 * gets one `too-large` finding instead, in time proportional to its length.
 */
import type { OffsetRange } from './offsetRange';

export const MARKDOWN_BOUNDS = {
  /** Characters in the whole document: a long KPEP is a few hundred thousand. */
  maxLength: 2_000_000,
  /** The sum, over paragraphs, of the square of their markup characters: one paragraph of 5,000, or a thousand of 158. */
  maxMarkupCost: 25_000_000,
} as const;

export interface TooLarge {
  readonly message: string;
  readonly range: OffsetRange;
}

/** The characters micromark starts an inline construct at: `!`, `&`, `*`, `<`, `[`, `\`, `]`, `_` and the backtick. */
const MARKUP = new Uint8Array(128);
for (const code of [0x21, 0x26, 0x2a, 0x3c, 0x5b, 0x5c, 0x5d, 0x5f, 0x60]) {
  MARKUP[code] = 1;
}

/** How costly a body's markup is, and why it is too large to check, if it is. */
export interface MarkdownBound {
  readonly tooLarge: TooLarge | undefined;
  /** The sum, over paragraphs, of the square of their markup characters (as far as counted when too large). */
  readonly markupCost: number;
}

/** The previous version's bound and where the text changed since: only the paragraphs around the change are counted again. */
export interface PreviousBound {
  readonly text: string;
  readonly bodyStart: number;
  readonly bound: MarkdownBound;
  /** The common prefix ends at `start`; `oldEnd` and `newEnd` start the common suffix. */
  readonly change: { readonly start: number; readonly oldEnd: number; readonly newEnd: number };
}

/** Why the body from `bodyStart` on is too large to check, or undefined. */
export function markdownTooLarge(text: string, bodyStart: number): TooLarge | undefined {
  return markdownBound({ text, bodyStart }).tooLarge;
}

/**
 * The body's bound. It runs on every keystroke, so with the previous version it counts only the
 * paragraphs the change touched (from the blank line before it to the blank line after it) and
 * adjusts the previous sum; a text with a carriage return, or a sum past the bound, is counted whole.
 */
export function markdownBound(options: { text: string; bodyStart: number; previous?: PreviousBound | undefined }): MarkdownBound {
  const { text, bodyStart, previous } = options;
  const { maxLength, maxMarkupCost } = MARKDOWN_BOUNDS;
  if (text.length > maxLength) {
    return {
      tooLarge: {
        message: `This document is ${text.length} characters long; kpep checks at most ${maxLength}, so its body was not checked. Split it or move material out.`,
        range: { start: bodyStart, end: bodyStart },
      },
      markupCost: 0,
    };
  }
  if (previous && !previous.bound.tooLarge && previous.bodyStart === bodyStart && previous.change.start >= bodyStart && !text.includes('\r') && !previous.text.includes('\r')) {
    const { start, oldEnd, newEnd } = previous.change;
    const from = paragraphStartBefore(text, bodyStart, start);
    const oldTo = paragraphEndAfter(previous.text, oldEnd);
    const newTo = oldTo === previous.text.length ? text.length : oldTo + newEnd - oldEnd;
    const markupCost = previous.bound.markupCost - countMarkup(previous.text, from, oldTo, Infinity).cost + countMarkup(text, from, newTo, Infinity).cost;
    if (markupCost <= maxMarkupCost) {
      return { tooLarge: undefined, markupCost };
    }
  }
  const counted = countMarkup(text, bodyStart, text.length, maxMarkupCost);
  return {
    tooLarge: counted.over && {
      message: `The paragraph here holds ${counted.over.marks} markup characters (* _ [ ] < & \\ ! \`); past the bound kpep checks in full, so the body was not checked. Split the paragraph or put the text in a code block.`,
      range: { start: counted.over.paragraphStart, end: counted.over.paragraphStart },
    },
    markupCost: counted.cost,
  };
}

/**
 * The markup cost of the paragraphs from `from` (a paragraph's start) to `to` (just after a blank
 * line, or the text's end), line by line (`indexOf`) with a table; it stops at the paragraph that
 * takes the sum past `limit`.
 */
function countMarkup(text: string, from: number, to: number, limit: number): { cost: number; over?: { marks: number; paragraphStart: number } } {
  let cost = 0;
  let marks = 0;
  let paragraphStart = from;
  let nextLineFeed = text.indexOf('\n', from);
  let nextReturn = text.indexOf('\r', from);
  for (let lineStart = from; lineStart < to || lineStart === text.length; ) {
    if (nextLineFeed !== -1 && nextLineFeed < lineStart) {
      nextLineFeed = text.indexOf('\n', lineStart);
    }
    if (nextReturn !== -1 && nextReturn < lineStart) {
      nextReturn = text.indexOf('\r', lineStart);
    }
    // A line ends at a line feed, a carriage return, or the end of the text; CRLF is one break.
    const lineEnd = Math.min(nextLineFeed === -1 ? text.length : nextLineFeed, nextReturn === -1 ? text.length : nextReturn);
    const content = markupStart(text, lineStart, lineEnd);
    for (let offset = content === -1 ? lineEnd : content; offset < lineEnd; offset++) {
      const code = text.charCodeAt(offset);
      marks += code < 128 ? MARKUP[code]! : 0;
    }
    // A blank line ends the paragraph; a run of lines without one counts as a single paragraph.
    if (content === -1 || lineEnd === text.length) {
      cost += marks * marks;
      if (cost > limit) {
        return { cost, over: { marks, paragraphStart } };
      }
      marks = 0;
      paragraphStart = lineEnd + 1;
    }
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 0x0d && text.charCodeAt(lineEnd + 1) === 0x0a ? 2 : 1);
  }
  return { cost };
}

/** Just after the last blank line that ends before `offset` (a paragraph starts there), or the body's start. */
function paragraphStartBefore(text: string, bodyStart: number, offset: number): number {
  // lastIndexOf reads a negative position as 0: the guards keep every line break before `offset`.
  for (let lineBreak = offset > 0 ? text.lastIndexOf('\n', offset - 1) : -1; lineBreak >= bodyStart; ) {
    const lineStart = lineBreak > 0 ? text.lastIndexOf('\n', lineBreak - 1) + 1 : 0;
    if (lineStart < bodyStart) {
      break;
    }
    if (markupStart(text, lineStart, lineBreak) === -1) {
      return lineBreak + 1;
    }
    lineBreak = lineStart - 1;
  }
  return bodyStart;
}

/** Just after the first blank line whose line break before it is at `offset` or later, or the text's end. */
function paragraphEndAfter(text: string, offset: number): number {
  for (let lineBreak = text.indexOf('\n', offset); lineBreak !== -1; ) {
    const next = text.indexOf('\n', lineBreak + 1);
    if (next === -1) {
      break;
    }
    if (markupStart(text, lineBreak + 1, next) === -1) {
      return next + 1;
    }
    lineBreak = next;
  }
  return text.length;
}

/**
 * Where a line's inline content starts, past spaces, tabs and the block quote and list markers that
 * open it (containers, not inline markup); -1 when the line is blank.
 */
function markupStart(text: string, lineStart: number, lineEnd: number): number {
  let blank = true;
  for (let offset = lineStart; offset < lineEnd; offset++) {
    const code = text.charCodeAt(offset);
    if (code === 0x20 || code === 0x09) {
      continue;
    }
    blank = false;
    const next = offset + 1 < lineEnd ? text.charCodeAt(offset + 1) : 0x0a;
    const listMarker = (code === 0x2a || code === 0x2b || code === 0x2d) && (next === 0x20 || next === 0x09 || next === 0x0a);
    if (code !== 0x3e && !listMarker) {
      return offset;
    }
  }
  return blank ? -1 : lineEnd;
}
