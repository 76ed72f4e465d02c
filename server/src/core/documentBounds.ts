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
const MARKUP = new Set([0x21, 0x26, 0x2a, 0x3c, 0x5b, 0x5c, 0x5d, 0x5f, 0x60]);

/** Why the body from `bodyStart` on is too large to check, or undefined; one pass over the text. */
export function markdownTooLarge(text: string, bodyStart: number): TooLarge | undefined {
  const { maxLength, maxMarkupCost } = MARKDOWN_BOUNDS;
  if (text.length > maxLength) {
    return {
      message: `This document is ${text.length} characters long; kpep checks at most ${maxLength}, so its body was not checked. Split it or move material out.`,
      range: { start: bodyStart, end: bodyStart },
    };
  }
  let cost = 0;
  let marks = 0;
  let paragraphStart = bodyStart;
  let lineBlank = true;
  // Block quote and list markers at a line's start are containers, not inline markup.
  let inContainers = true;
  for (let offset = bodyStart; offset <= text.length; offset++) {
    const code = offset === text.length ? 0x0a : text.charCodeAt(offset);
    if (code === 0x0a && text.charCodeAt(offset - 1) === 0x0d && offset < text.length) {
      continue;
    }
    if (code === 0x0a || code === 0x0d) {
      // A blank line ends the paragraph; a run of lines without one counts as a single paragraph.
      if (lineBlank || offset === text.length) {
        cost += marks * marks;
        if (cost > maxMarkupCost) {
          return {
            message: `The paragraph here holds ${marks} markup characters (* _ [ ] < & \\ ! \`); past the bound kpep checks in full, so the body was not checked. Split the paragraph or put the text in a code block.`,
            range: { start: paragraphStart, end: paragraphStart },
          };
        }
        marks = 0;
        paragraphStart = offset + 1;
      }
      lineBlank = true;
      inContainers = true;
    } else if (code !== 0x20 && code !== 0x09) {
      lineBlank = false;
      const next = text.charCodeAt(offset + 1);
      const listMarker = (code === 0x2a || code === 0x2b || code === 0x2d) && (Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d);
      inContainers &&= code === 0x3e || listMarker;
      if (!inContainers && MARKUP.has(code)) {
        marks++;
      }
    }
  }
  return undefined;
}
