/**
 * The index entry of a closed file, from its front matter and one pass over the body's lines that
 * never runs remark, so indexing thousands of KPEPs stays fast. Open documents get the exact entry
 * from their full model instead (kpepEntry.ts).
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
import { byPosition, collapse, flattenSites, frontMatterFacts, frontMatterReferences, withLines, type KpepEntry, type ReferenceSite } from './kpepEntry';
import { linkedKpep } from './kpepLinks';

/** The entry of a closed file, from its front matter and a line scan of the body. */
export function scanKpepEntry(text: string, options: { path: string; kpepPath: KpepPath; root: string }): KpepEntry {
  const lines = hasLoneCarriageReturn(text) ? TextDocument.create(options.path, 'markdown', 0, text) : undefined;
  const frontMatter = parseFrontMatter(text);
  const body = scanBody(text, frontMatter.bodyStart, options);
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
/** A line feed, then a line whose first character but spaces and tabs opens a block (see `opensBlock`). */
const BLOCK_OPENER_LINE = /\n[ \t]*[#`~]/g;
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
  /** Every ATX heading's rendered text, the H1 included, in document order. */
  readonly headings: string[];
}

/**
 * One pass over the body's lines: fences and HTML comments are skipped, inline code is blanked,
 * and only what the index needs is kept. Open documents get the exact remark model instead.
 */
function scanBody(text: string, bodyStart: number, options: { path: string; root: string }): BodyFacts {
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
  let section: 'before' | 'summary' | 'after' = 'before';
  const summary: string[] = [];
  let summaryDone = false;
  // Where the next reference, link or comment could start: a line before all three, outside a
  // comment and the Summary, matters only when it opens a block (#, ` or ~ first).
  const next = { reference: -1, link: -1, comment: -1, opener: -1 };
  const ahead = (key: keyof typeof next, needle: string, from: number): number => {
    if (next[key] < from) {
      const found = text.indexOf(needle, from);
      next[key] = found === -1 ? Infinity : found;
    }
    return next[key];
  };
  /** The start of the next line after `from` that opens a block. */
  const nextOpener = (from: number): number => {
    if (next.opener < from) {
      BLOCK_OPENER_LINE.lastIndex = from;
      const found = BLOCK_OPENER_LINE.exec(text);
      next.opener = found ? found.index + 1 : Infinity;
    }
    return next.opener;
  };

  let lineStart = bodyStart;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const offset = lineStart;
    lineStart = lineEnd + 1;
    const blockStart = text.charCodeAt(firstNonBlank(text, offset, lineEnd));
    const opensBlock = blockStart === HASH || blockStart === BACKTICK || blockStart === TILDE;
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
    const line = text.slice(offset, text.charCodeAt(lineEnd - 1) === CARRIAGE_RETURN && lineEnd > offset ? lineEnd - 1 : lineEnd);

    if (fence) {
      if (line.trim().startsWith(fence[0]?.repeat(fence.length) ?? '') && /^ {0,3}[`~]+\s*$/.test(line)) {
        fence = undefined;
      }
      continue;
    }
    // What follows a comment on the line that opens the block is HTML too (CommonMark's HTML block), as remark reads it.
    const htmlLine: boolean = inHtmlBlock || (!inComment && HTML_BLOCK_COMMENT.test(line));
    if (htmlLine) {
      inHtmlBlock = line.indexOf('-->', inHtmlBlock ? 0 : line.indexOf('<!--') + 4) === -1;
    }
    const visible: { text: string; inComment: boolean } = htmlLine ? { text: ' '.repeat(line.length), inComment: false } : blankComments(line, inComment);
    inComment = visible.inComment;
    const fenceMatch = FENCE.exec(visible.text);
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    const prose = blankInlineCode(visible.text);
    const heading = atxHeading(prose);
    if (heading) {
      headings.push(renderedHeadingText(atxHeading(visible.text)?.text ?? ''));
      if (heading.level === 1 && headings.length === 1) {
        titleRange = { start: offset, end: offset + line.length };
        continue;
      }
      // The Summary is the first level-2 "Summary"; its text ends at the next heading of any level.
      if (section === 'before' && heading.level === 2 && sectionKey(heading.text) === 'summary') {
        section = 'summary';
      } else if (section === 'summary') {
        section = 'after';
      }
    } else if (section === 'summary' && !summaryDone) {
      if (visible.text.trim() === '') {
        summaryDone = summary.length > 0;
      } else {
        // The Summary is its source, inline comments included, as the full model slices it.
        summary.push(line.trim());
      }
    }
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
      // A `](` left over belongs to a link whose text or destination wraps onto another line of its paragraph.
      if (!heading && occurrences(prose, '](') > linksOnLine) {
        for (const link of wrappedLinks(text, offset, lineEnd)) {
          addLink(link.url, link.start, link.end);
        }
      }
    }
  }
  references.sort(byPosition);
  return { summary: summary.length > 0 ? collapse(summary.join(' ')) : undefined, titleRange, references, headings };
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

/** A heading's text as it renders (what GitHub slugs); markup goes through the same parser as the full model. */
function renderedHeadingText(source: string): string {
  const text = source.trim();
  if (!INLINE_MARKUP.test(text)) {
    return text;
  }
  // Past the markup bound remark would take quadratic time, and the full model does not read the body either.
  const heading = `# ${text}`;
  return markdownTooLarge(heading, 0) ? text : (parseMarkdown(heading, 0).h1?.text ?? text);
}

/** How far a paragraph is read around a wrapped link; a link spans a few lines, not a whole document. */
const WRAP_WINDOW_LINES = 8;

/**
 * Links that span lines, around the line [lineStart, lineEnd): the lines of its paragraph (up to a
 * blank line, a heading or a fence, and a few lines either way) are matched as one text.
 */
function wrappedLinks(text: string, lineStart: number, lineEnd: number): { url: string | undefined; start: number; end: number }[] {
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
