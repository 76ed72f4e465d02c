/**
 * The index entry of a closed file, from its front matter and a scan of the body's lines that runs
 * remark only on a heading's markup, so indexing thousands of KPEPs stays fast. It is the entry the
 * full model of an open document gives (kpepEntry.ts) for the same text.
 */
import type { Position } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { markdownTooLarge } from '../documentBounds';
import { parseFrontMatter } from '../frontMatter';
import { headingAnchors } from '../headingAnchors';
import { hasLoneCarriageReturn } from '../lineBreaks';
import { parseMarkdown } from '../markdownModel';
import type { KpepPath } from '../kpepPath';
import type { OffsetRange } from '../offsetRange';
import { sectionKey } from '../sectionKey';
import { parseKpepDocument } from '../kpepDocument';
import { BodyBlocks, htmlBlockStart, type LineBlock } from './bodyBlocks';
import { byPosition, collapse, entryFromDocument, flattenSites, frontMatterFacts, frontMatterReferences, withLines, type KpepEntry, type ReferenceSite } from './kpepEntry';
import { linkedKpep } from './kpepLinks';

/** The entry of a closed file, from its front matter and a line scan of the body. */
export function scanKpepEntry(text: string, options: { path: string; kpepPath: KpepPath; root: string }): KpepEntry {
  const lines = hasLoneCarriageReturn(text) ? TextDocument.create(options.path, 'markdown', 0, text) : undefined;
  const frontMatter = parseFrontMatter(text);
  const { bodyStart } = frontMatter;
  const body = scanBody(text, bodyStart, options) ?? (scanBody(text, bodyStart, options, new BodyBlocks()) as BodyFacts);
  // A block quote among indented lines, HTML or underlines is read by the full model, which a body past the bounds never gets.
  if (body.ambiguous && !markdownTooLarge(text, bodyStart)) {
    return entryFromDocument(parseKpepDocument(TextDocument.create(options.path, 'markdown', 0, text)), options);
  }
  return withLines(
    {
      ...frontMatterFacts(frontMatter, options),
      summary: body.summary,
      anchors: headingAnchors(body.headings),
      titleRange: body.titleRange,
      ...flattenSites([...frontMatterReferences(frontMatter), ...body.references]),
    },
    lines ? (offset) => lines.positionAt(offset) : forwardPositions(text),
  );
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line that opens a fence, a list item or a thematic break. */
const NOT_A_PARAGRAPH = /^ {0,3}(?:`{3}|~{3}|(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|([-*_])(?:[ \t]*\1){2,}[ \t]*$)/;
/** The opening of an ATX heading; its text is read by `atxHeading`, since a lazy `.*?` before optional spaces is quadratic. */
const ATX_OPENING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const PROSE_REFERENCE = /\bKPEP-(\d+)\b/g;
// Neither the text nor the destination holds a `[`: as in CommonMark the innermost bracket opens
// the link, and no character is read from two openings, which kept the expression linear.
const INLINE_LINK = /!?\[[^[\]]*\]\(\s*<?([^)\s>[]+)>?(?:\s+"[^"]*")?\s*\)/g;

interface BodyFacts {
  readonly summary: string | undefined;
  readonly titleRange: OffsetRange | undefined;
  readonly references: ReferenceSite[];
  /** Every heading's rendered text, the H1 included, in document order. */
  readonly headings: string[];
  /** The body holds a shape `BodyBlocks` does not follow (a block quote): only the full model reads it exactly. */
  readonly ambiguous: boolean;
}

/**
 * One pass over the body's lines: fences and HTML comments are skipped, inline code is blanked,
 * and only what the index needs is kept. The fast pass (no `blocks`) jumps over lines that can hold
 * nothing, and gives up (undefined) at a line whose block it cannot tell alone
 * (`needsBlockStructure`). The pass with `blocks` reads every line with its block, so indented code
 * and HTML blocks hold no references and setext headings are headings, as in the full model.
 */
function scanBody(text: string, bodyStart: number, options: { path: string; root: string }, blocks?: BodyBlocks): BodyFacts | undefined {
  const references: ReferenceSite[] = [];
  const headings: string[] = [];
  /** Start offsets of links already taken, so a paragraph read again for a wrapped link adds each once. */
  const linkStarts = new Set<number>();
  const addLink = (url: string | undefined, start: number, end: number): void => {
    const linked = url ? linkedKpep(url, options.path, options.root) : undefined;
    if (linked !== undefined && !linkStarts.has(start)) {
      linkStarts.add(start);
      references.push({ kpepNumber: linked.kpepNumber, kind: 'link', range: { start, end }, target: linked.path });
    }
  };
  let titleRange: OffsetRange | undefined;
  let fence: string | undefined;
  let inComment = false;
  /** Inside an HTML block that a line opening with `<!--` started: every line of it is HTML, up to the one with `-->`. */
  let inHtmlBlock = false;
  let section = 'before' as 'before' | 'summary' | 'after';
  const summary: string[] = [];
  let summaryDone = false;
  /** With `blocks`: the top-level block the Summary's text is (0 before its first line). */
  let summaryBlock = 0;
  /**
   * With `blocks`: the open paragraph, where it starts and ends, what was read before it (for an
   * underline that makes it a heading), and whether a link may wrap in it.
   */
  let paragraph = { start: 0, contentStart: 0, end: 0, references: 0, summary: 0, wraps: false };
  const addWrappedLinks = (lines: { start: number; end: number }): void => {
    for (const link of wrappedLinks(text, lines)) {
      addLink(link.url, link.start, link.end);
    }
  };
  /** A heading in document order; true for the H1 (the first heading, of level 1), whose references are the KPEP's own. */
  const enterHeading = (level: number, rendered: string, text: string): boolean => {
    headings.push(rendered);
    if (level === 1 && headings.length === 1) {
      return true;
    }
    // The Summary is the first level-2 "Summary"; its text ends at the next heading of any level.
    if (section === 'before' && level === 2 && sectionKey(text) === 'summary') {
      section = 'summary';
      summaryBlock = 0;
    } else if (section === 'summary') {
      section = 'after';
    }
    return false;
  };
  /** With `blocks`: the Summary's lines so far are one HTML block opened by `<!--`, which is no text when it is all comment. */
  let summaryIsComment = false;
  const summaryIsText = (): boolean => summary.length > 0 && !(summaryIsComment && HTML_COMMENT.test(summary.join('\n')));
  /** With `blocks`: a line of the Summary's first content block (comments are none) is its text; true when taken. */
  const summaryLine = (block: LineBlock, line: string): boolean => {
    if (section !== 'summary' || summaryDone) {
      return false;
    }
    if (summaryBlock !== 0 && block.block !== summaryBlock) {
      summaryDone = summaryIsText();
      if (summaryDone) {
        return false;
      }
      summary.length = 0;
    }
    if (summary.length === 0) {
      summaryBlock = block.block;
      summaryIsComment = block.kind === 'comment';
    }
    summary.push(line.trim());
    return true;
  };
  // Where the next reference, link or comment could start: a line before all three, outside a
  // comment and the Summary, matters only when it opens a block (#, ` or ~ first) or is unclear.
  const next = { reference: -1, link: -1, comment: -1, opener: -1, fenceOpener: -1 };
  const ahead = (key: keyof typeof next, needle: string, from: number): number => {
    if (next[key] < from) {
      const found = text.indexOf(needle, from);
      next[key] = found === -1 ? Infinity : found;
    }
    return next[key];
  };
  /** The start of the next line after `from` that the fast pass must read (see `nextLineToRead`). */
  const nextOpener = (from: number): number => {
    const key = fence ? 'fenceOpener' : 'opener';
    if (next[key] < from) {
      next[key] = nextLineToRead(text, from, fence !== undefined);
    }
    return next[key];
  };

  let lineStart = bodyStart;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const offset = lineStart;
    lineStart = lineEnd + 1;
    const contentEnd = text.charCodeAt(lineEnd - 1) === CARRIAGE_RETURN && lineEnd > offset ? lineEnd - 1 : lineEnd;
    if (blocks) {
      const block = blocks.read(text, offset, lineEnd);
      const line = text.slice(offset, contentEnd);
      const continuesParagraph = block.kind === 'paragraph' && !block.opensParagraph;
      if (continuesParagraph) {
        paragraph.end = lineEnd;
      } else if (paragraph.wraps) {
        paragraph.wraps = false;
        addWrappedLinks(paragraph);
      }
      if (block.kind === 'blank') {
        // An inline comment ends with its paragraph.
        inComment = false;
        continue;
      }
      if (block.kind === 'code' || block.kind === 'html' || block.kind === 'comment' || block.kind === 'thematic' || block.kind === 'item') {
        inComment = false;
        summaryLine(block, line);
        continue;
      }
      if (block.kind === 'setext') {
        if (block.topLevel) {
          // The paragraph was the heading's text, not the Summary's.
          summary.length = Math.min(summary.length, paragraph.summary);
          if (summary.length === 0) {
            summaryBlock = 0;
          }
          const source = text.slice(paragraph.contentStart, offset - 1);
          if (enterHeading(block.level, renderedHeadingText(source, 'setext'), source.trim())) {
            titleRange = { start: paragraph.contentStart, end: contentEnd };
            // A KPEP names itself in its H1: those are no references out (its links still are, as in the full model).
            for (let at = references.length - 1; at >= paragraph.references; at--) {
              if (references[at]?.kind === 'prose') {
                references.splice(at, 1);
              }
            }
          }
        } else {
          summaryLine(block, line);
        }
        continue;
      }
      const visible = blankComments(line, inComment);
      inComment = visible.inComment;
      const prose = blankInlineCode(visible.text);
      if (block.kind === 'heading' && block.topLevel) {
        const heading = atxHeading(prose);
        if (heading && enterHeading(heading.level, renderedHeadingText(atxHeading(visible.text)?.text ?? ''), heading.text)) {
          titleRange = { start: offset, end: offset + line.length };
          continue;
        }
      } else {
        // The paragraph's first line is where the Summary's text would end if an underline makes it a heading.
        const inSummary = summaryLine(block, line);
        if (block.opensParagraph) {
          paragraph = { start: offset, contentStart: block.contentStart, end: lineEnd, references: references.length, summary: summary.length - (inSummary ? 1 : 0), wraps: false };
        }
      }
      // A wrapping link is matched over its whole paragraph, once the paragraph has ended.
      const wraps = readReferences(prose, offset);
      paragraph.wraps ||= wraps && block.kind === 'paragraph';
      continue;
    }
    const blockStart = text.charCodeAt(firstNonBlank(text, offset, lineEnd));
    const opensBlock = blockStart === HASH || blockStart === BACKTICK || blockStart === TILDE;
    if (!fence && !inComment && !inHtmlBlock && needsBlockStructure(text, offset, contentEnd)) {
      return undefined;
    }
    if (
      !opensBlock &&
      !inComment &&
      !inHtmlBlock &&
      (section !== 'summary' || summaryDone) &&
      ahead('reference', 'KPEP-', offset) >= lineEnd &&
      ahead('link', '](', offset) >= lineEnd &&
      ahead('comment', '<!--', offset) >= lineEnd
    ) {
      // The lines up to the one holding the next of them, or opening a block, would be skipped too: jump there.
      const target = Math.min(next.reference, next.link, next.comment, nextOpener(lineEnd));
      if (target === Infinity) {
        break;
      }
      lineStart = text.lastIndexOf('\n', target - 1) + 1;
      continue;
    }
    const line = text.slice(offset, contentEnd);

    if (fence) {
      if (line.trim().startsWith(fence[0]?.repeat(fence.length) ?? '') && /^ {0,3}[`~]+\s*$/.test(line)) {
        fence = undefined;
      }
      continue;
    }
    // What follows a comment on the line that opens the block is HTML too (CommonMark's HTML block), as remark reads it.
    const htmlLine: boolean = inHtmlBlock || (!inComment && HTML_BLOCK_COMMENT.test(line));
    if (htmlLine) {
      const opened: boolean = !inHtmlBlock;
      // The opening's own `--` may close it: `<!-->` is a whole comment, as micromark reads it.
      inHtmlBlock = line.indexOf('-->', opened ? line.indexOf('<!--') + 2 : 0) === -1;
      // A Summary that opens with a comment block holding more than comments (`<!-->`, text after `-->`) has it as its text.
      if (!inHtmlBlock && section === 'summary' && summary.length === 0 && !summaryDone && !(opened ? HTML_COMMENT.test(line.trim()) : line.trimEnd().endsWith('-->'))) {
        return undefined;
      }
    }
    const visible: { text: string; inComment: boolean } = htmlLine ? { text: ' '.repeat(line.length), inComment: false } : blankComments(line, inComment);
    inComment = visible.inComment;
    // The Summary's text is its first block: a list, code or a break there is read with its block structure.
    if (section === 'summary' && summary.length === 0 && !summaryDone && NOT_A_PARAGRAPH.test(visible.text)) {
      for (const summaryLine of firstBlockLines(text, offset)) {
        summary.push(summaryLine);
      }
      summaryDone = true;
    }
    const fenceMatch = FENCE.exec(visible.text);
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    const prose = blankInlineCode(visible.text);
    const heading = atxHeading(prose);
    if (heading) {
      if (enterHeading(heading.level, renderedHeadingText(atxHeading(visible.text)?.text ?? ''), heading.text)) {
        titleRange = { start: offset, end: offset + line.length };
        continue;
      }
    } else if (section === 'summary' && !summaryDone) {
      if (visible.text.trim() === '') {
        summaryDone = summary.length > 0;
      } else {
        // The Summary is its source, inline comments included, as the full model slices it.
        summary.push(line.trim());
      }
    }
    if (readReferences(prose, offset) && !heading) {
      addWrappedLinks(paragraphAround(text, offset, lineEnd));
    }
  }
  if (paragraph.wraps) {
    addWrappedLinks(paragraph);
  }
  references.sort(byPosition);
  const summaryText = blocks ? summaryIsText() : summary.length > 0;
  return { summary: summaryText ? collapse(summary.join(' ')) : undefined, titleRange, references, headings, ambiguous: blocks?.ambiguous ?? false };

  /**
   * The prose references and links of a line of prose (code and comments blanked); true when a
   * `](` is left over, which belongs to a link whose text or destination wraps onto another line.
   */
  function readReferences(prose: string, offset: number): boolean {
    // Most lines read here hold neither: no expression is run on them.
    if (prose.includes('KPEP-')) {
      for (const match of prose.matchAll(PROSE_REFERENCE)) {
        const kpepNumber = Number(match[1]);
        if (Number.isSafeInteger(kpepNumber)) {
          references.push({ kpepNumber, kind: 'prose', range: { start: offset + match.index, end: offset + match.index + match[0].length } });
        }
      }
    }
    if (prose.includes('](')) {
      let linksOnLine = 0;
      for (const match of prose.matchAll(INLINE_LINK)) {
        linksOnLine++;
        // Images are not references, as in the full model.
        addLink(match[0].startsWith('!') ? undefined : match[1], offset + match.index, offset + match.index + match[0].length);
      }
      return occurrences(prose, '](') > linksOnLine;
    }
    return false;
  }
}

/**
 * A line whose block the fast pass cannot tell without the lines before it: indented four columns
 * after a line that is not plain text (indented code there, a continuation after text), opening
 * an HTML block or a block quote, a run of `=` or `-` alone (a setext underline or a thematic
 * break), or a list item whose content is HTML, a block quote, a fence or indented code. Most
 * lines are told by their first character, without allocating.
 */
function needsBlockStructure(text: string, start: number, end: number): boolean {
  const at = firstNonBlank(text, start, end);
  if (at === end) {
    return false;
  }
  const column = columnOf(text, start, at, 0);
  if (column >= 4) {
    return !followsPlainText(text, start);
  }
  const code = text.charCodeAt(at);
  if (code === GREATER_THAN) {
    return true;
  }
  // A comment's block is the fast pass's own.
  if (code === LESS_THAN) {
    return !text.startsWith('<!--', at) && htmlBlockStart(text.slice(at, end)) !== undefined;
  }
  if ((code === EQUALS || code === DASH) && trimSpacesAndTabs(text, runEnd(text, at, end), end) === runEnd(text, at, end)) {
    return true;
  }
  return listContentNeedsBlockStructure(text, at, end, column);
}

/** Whether the list item (or items) opening at `at` holds HTML, a block quote, a fence or indented code. */
function listContentNeedsBlockStructure(text: string, markerStart: number, end: number, markerStartColumn: number): boolean {
  let at = markerStart;
  let column = markerStartColumn;
  for (;;) {
    const markerEnd = listMarkerEnd(text, at, end);
    if (markerEnd === undefined) {
      return false;
    }
    const markerColumn = column + (markerEnd - at);
    at = firstNonBlank(text, markerEnd, end);
    if (at === end) {
      return false;
    }
    column = columnOf(text, markerEnd, at, markerColumn);
    const code = text.charCodeAt(at);
    if (
      column - markerColumn > 4 ||
      code === GREATER_THAN ||
      (code === LESS_THAN && htmlBlockStart(text.slice(at, end)) !== undefined) ||
      text.startsWith('```', at) ||
      text.startsWith('~~~', at)
    ) {
      return true;
    }
  }
}

/** The end of a list item's marker at `at` (`-`, `+`, `*`, or up to nine digits and `.` or `)`) when a space or a tab follows it. */
function listMarkerEnd(text: string, at: number, end: number): number | undefined {
  const code = text.charCodeAt(at);
  let markerEnd = at + 1;
  if (isDigit(code)) {
    while (markerEnd < end && markerEnd - at <= 9 && isDigit(text.charCodeAt(markerEnd))) {
      markerEnd++;
    }
    const delimiter = text.charCodeAt(markerEnd);
    if (markerEnd - at > 9 || (delimiter !== 0x2e && delimiter !== 0x29)) {
      return undefined;
    }
    markerEnd++;
  } else if (code !== DASH && code !== PLUS && code !== STAR) {
    return undefined;
  }
  return isSpaceOrTab(text, markerEnd) ? markerEnd : undefined;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The end of the run of the character at `at`. */
function runEnd(text: string, at: number, end: number): number {
  const code = text.charCodeAt(at);
  let offset = at;
  while (offset < end && text.charCodeAt(offset) === code) {
    offset++;
  }
  return offset;
}

/** The column of `at` on its line, from `start` at `startColumn` (a tab to the next multiple of 4). */
function columnOf(text: string, start: number, at: number, startColumn: number): number {
  let column = startColumn;
  for (let offset = start; offset < at; offset++) {
    column = text.charCodeAt(offset) === 0x09 ? column + 4 - (column % 4) : column + 1;
  }
  return column;
}

/**
 * Whether the line before the one at `lineStart` is text that an indented line continues (a
 * paragraph's or a list item's): not blank, no heading, fence, HTML, block quote, break or
 * comment's end. Indented lines in a row are read alike, the first deciding.
 */
function followsPlainText(text: string, lineStart: number): boolean {
  const end = lineStart - 1;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  const at = firstNonBlank(text, start, end);
  const code = text.charCodeAt(at);
  if (at >= end || code === CARRIAGE_RETURN || code === HASH || code === BACKTICK || code === TILDE || code === LESS_THAN || code === GREATER_THAN) {
    return false;
  }
  const line = text.slice(at, end);
  return !line.includes('-->') && !THEMATIC_OR_UNDERLINE.test(line);
}

/** A thematic break or a setext underline, from the line's first character that is no space. */
const THEMATIC_OR_UNDERLINE = /^(?:([-*_])(?:[ \t]*\1){2,}|=+|-+)[ \t]*\r?$/;

/**
 * The start of the next line after the line feed at or after `from` that the fast pass must read:
 * one opening a block (#, ` or ~ first) or, outside a fence, one it cannot tell alone. Line starts
 * are found with `indexOf`, which runs faster than an expression over the text.
 */
function nextLineToRead(text: string, from: number, inFence: boolean): number {
  for (let newline = text.indexOf('\n', from); newline !== -1; ) {
    const start = newline + 1;
    newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const at = firstNonBlank(text, start, end);
    const code = text.charCodeAt(at);
    if (code === HASH || code === BACKTICK || code === TILDE) {
      return start;
    }
    // Most lines open with a letter at their start, and are told by it (a tab is four columns).
    if (!inFence && (at !== start || !isLetter(code)) && needsBlockStructure(text, start, end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end)) {
      return start;
    }
  }
  return Infinity;
}

/** The lines (trimmed) of the top-level block that starts at `start`, read with its block structure. */
function firstBlockLines(text: string, start: number): string[] {
  const blocks = new BodyBlocks();
  const lines: string[] = [];
  let first = 0;
  for (let lineStart = start; lineStart <= text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const block = blocks.read(text, lineStart, lineEnd);
    if (block.kind !== 'blank') {
      first ||= block.block;
      if (block.block !== first) {
        break;
      }
      lines.push(text.slice(lineStart, lineEnd).trim());
    }
    lineStart = lineEnd + 1;
  }
  return lines;
}

/** How many times `needle` occurs in `text`, without overlaps. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    count++;
  }
  return count;
}

/** A line with its code spans blanked (same length): code is never a reference. */
function blankInlineCode(line: string): string {
  return !line.includes('`') ? line : line.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length));
}

/** Characters after which a heading's source renders differently from how it reads (markup, escapes, entities). */
const INLINE_MARKUP = /[`*_[\]<&\\]/;

/**
 * A heading's text as it renders (what GitHub slugs); markup, and a setext heading's lines, go
 * through the same parser as the full model.
 */
function renderedHeadingText(source: string, form: 'atx' | 'setext' = 'atx'): string {
  const text = source.trim();
  if (!INLINE_MARKUP.test(text) && !/[\r\n]/.test(text)) {
    return text;
  }
  // Past the markup bound remark would take quadratic time, and the full model does not read the body either.
  const heading = form === 'atx' ? `# ${text}` : `${text}\n=`;
  return markdownTooLarge(heading, 0) ? text : (parseMarkdown(heading, 0).h1?.text ?? text);
}

/** How far a paragraph is read around a wrapped link; a link spans a few lines, not a whole document. */
const WRAP_WINDOW_LINES = 8;

/**
 * The lines around [lineStart, lineEnd) that are likely its paragraph: up to a blank line, a
 * heading or a fence, and a few lines either way.
 */
function paragraphAround(text: string, lineStart: number, lineEnd: number): { start: number; end: number } {
  const endsParagraph = (start: number, end: number): boolean => {
    const line = text.slice(start, end).trim();
    return line === '' || /^#{1,6}(?:[ \t]|$)/.test(line) || line.startsWith('```') || line.startsWith('~~~');
  };
  let start = lineStart;
  for (let step = 0; step < WRAP_WINDOW_LINES && start > 0; step++) {
    const previousStart = text.lastIndexOf('\n', start - 2) + 1;
    if (endsParagraph(previousStart, start - 1)) {
      break;
    }
    start = previousStart;
  }
  let end = lineEnd;
  for (let step = 0; step < WRAP_WINDOW_LINES && end < text.length; step++) {
    const nextEnd = text.indexOf('\n', end + 1);
    const next = nextEnd === -1 ? text.length : nextEnd;
    if (endsParagraph(end + 1, next)) {
      break;
    }
    end = next;
  }
  return { start, end };
}

/** Links that span lines in the paragraph [start, end), its lines matched as one text. */
function wrappedLinks(text: string, paragraph: { start: number; end: number }): { url: string | undefined; start: number; end: number }[] {
  const { start, end } = paragraph;
  const window = text
    .slice(start, end)
    .split('\n')
    .map((line) => blankInlineCode(blankComments(line, false).text))
    .join('\n');
  return [...window.matchAll(INLINE_LINK)]
    .filter((match) => match[0].includes('\n') && !match[0].startsWith('!'))
    .map((match) => ({ url: match[1], start: start + match.index, end: start + match.index + match[0].length }));
}

const HTML_BLOCK_COMMENT = /^ {0,3}<!--/;
/** An HTML block that is comments alone, which the full model does not take as a block of text. */
const HTML_COMMENT = /^<!--[\s\S]*-->$/;
/**
 * An ATX heading's level and text, without the closing `#` sequence and the spaces around it:
 * what `/^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/` reads, in one pass.
 */
function atxHeading(line: string): { level: number; text: string } | undefined {
  const opening = ATX_OPENING.exec(line);
  if (!opening?.[1]) {
    return undefined;
  }
  let start = opening[0].length;
  while (isSpaceOrTab(line, start)) {
    start++;
  }
  let end = trimSpacesAndTabs(line, start, line.length);
  let hashes = end;
  while (hashes > start && line.charCodeAt(hashes - 1) === HASH) {
    hashes--;
  }
  // A closing sequence needs a space before it; `# ###` keeps its `###` as text, as the expression did.
  if (hashes < end && hashes > start && isSpaceOrTab(line, hashes - 1)) {
    end = trimSpacesAndTabs(line, start, hashes);
  }
  const text = line.slice(start, end);
  // `.` stops at a line terminator, so a line holding one inside its text was never a heading.
  return /[\r\u2028\u2029]/.test(text) ? undefined : { level: opening[1].length, text };
}

function isSpaceOrTab(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return code === 0x20 || code === 0x09;
}

/** The end of `text.slice(start, end)` without its trailing spaces and tabs. */
function trimSpacesAndTabs(text: string, start: number, end: number): number {
  let trimmed = end;
  while (trimmed > start && isSpaceOrTab(text, trimmed - 1)) {
    trimmed--;
  }
  return trimmed;
}

const HASH = 0x23;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const EQUALS = 0x3d;
const DASH = 0x2d;
const PLUS = 0x2b;
const STAR = 0x2a;
const CARRIAGE_RETURN = 0x0d;
const BACKTICK = 0x60;
const TILDE = 0x7e;

/** The offset of the first character of a line that is neither a space nor a tab (lineEnd when none). */
function firstNonBlank(text: string, lineStart: number, lineEnd: number): number {
  let offset = lineStart;
  while (offset < lineEnd && isSpaceOrTab(text, offset)) {
    offset++;
  }
  return offset;
}


/**
 * Offsets to positions by walking line feeds on from the previous answer, for text where a line
 * feed ends every line: the line table asks in ascending order, so no table of every line is built.
 */
function forwardPositions(text: string): (offset: number) => Position {
  let line = 0;
  let lineStart = 0;
  return (offset) => {
    if (offset < lineStart) {
      line = 0;
      lineStart = 0;
    }
    for (let lineFeed = text.indexOf('\n', lineStart); lineFeed !== -1 && lineFeed < offset; lineFeed = text.indexOf('\n', lineStart)) {
      line++;
      lineStart = lineFeed + 1;
    }
    return { line, character: Math.min(offset, text.length) - lineStart };
  };
}

/** The line with HTML comments blanked (same length), and whether a comment is still open after it. */
function blankComments(line: string, inComment: boolean): { text: string; inComment: boolean } {
  let text = '';
  let rest = line;
  let open = inComment;
  while (rest.length > 0) {
    if (open) {
      const close = rest.indexOf('-->');
      if (close === -1) {
        return { text: text + ' '.repeat(rest.length), inComment: true };
      }
      text += ' '.repeat(close + 3);
      rest = rest.slice(close + 3);
      open = false;
    } else {
      const start = rest.indexOf('<!--');
      if (start === -1) {
        return { text: text + rest, inComment: false };
      }
      text += rest.slice(0, start);
      rest = rest.slice(start);
      open = true;
    }
  }
  return { text, inComment: open };
}
