/**
 * What the workspace index knows of one KPEP: identity, status, people, dates, the Summary's first
 * paragraph, and every reference it makes with its range. Open documents give it from their full
 * model; closed files from a line scan that never runs remark, so indexing thousands stays fast.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFrontMatter, type FrontMatter, type FrontMatterField } from '../frontMatter';
import { frontMatterField, parseKpepDocument, type KpepDocument } from '../kpepDocument';
import { markdownTooLarge } from '../documentBounds';
import { parseMarkdown } from '../markdownModel';
import { headingAnchors } from '../headingAnchors';
import { hasLoneCarriageReturn } from '../lineBreaks';
import { kpepNumberOf, parseKpepDirectoryName, parseKpepNumber } from '../kpepNumber';
import { classifyKpepPath, type KpepPath } from '../kpepPath';
import { sectionKey } from '../sectionKey';
import { isKpepStatus, type KpepStatus } from '../status';

export type ReferenceKind = 'prose' | 'link' | 'replaces' | 'superseded-by' | 'see-also';

export const LIST_FIELDS = ['replaces', 'superseded-by', 'see-also'] as const;

export interface ReferenceSite {
  readonly kpepNumber: number;
  readonly kind: ReferenceKind;
  readonly range: Range;
  /** For a link: the workspace-relative README it names. A link resolves by path, never by number alone. */
  readonly target?: string;
}

export interface KpepEntry {
  /** Workspace-relative path of the README. */
  readonly path: string;
  readonly directory: string;
  /** The number the KPEP answers to: kpep-number when valid, else the directory's. */
  readonly kpepNumber: number | undefined;
  /** The directory's number, also when the name is malformed (leading digits), for allocation. */
  readonly directoryNumber: number | undefined;
  readonly title: string | undefined;
  readonly status: KpepStatus | undefined;
  readonly authors: readonly string[];
  readonly creationDate: string | undefined;
  readonly lastUpdated: string | undefined;
  /** The first paragraph of Summary, whitespace collapsed. */
  readonly summary: string | undefined;
  readonly replaces: readonly number[];
  readonly supersededBy: readonly number[];
  readonly seeAlso: readonly number[];
  /** Every reference to another KPEP (or itself), prose, links and front-matter lists. */
  readonly references: readonly ReferenceSite[];
  /** GitHub's anchor of every heading, the H1 included, in document order: what `#anchor` links may name. */
  readonly anchors: readonly string[];
  /** The H1, where go-to-definition lands. */
  readonly titleRange: Range | undefined;
  /** The kpep-number value, or the opening delimiter when it is absent. */
  readonly numberRange: Range | undefined;
}

type ToRange = (start: number, end: number) => Range;

/** The entry of an open document, from its full model. */
export function entryFromDocument(document: KpepDocument, options: { path: string; kpepPath: KpepPath; root: string }): KpepEntry {
  const { textDocument, markdown } = document;
  const toRange: ToRange = (start, end) => ({ start: textDocument.positionAt(start), end: textDocument.positionAt(end) });
  const text = textDocument.getText();
  const summarySection = markdown.sections.find((section) => section.heading.key === 'summary' && section.heading.level === 2);
  const firstParagraph = summarySection?.blocks.find((block) => block.kind === 'content');
  const prose: ReferenceSite[] = markdown.references
    .filter((reference) => !reference.inTitle)
    .map((reference) => ({ kpepNumber: reference.kpepNumber, kind: 'prose', range: toRange(reference.range.start, reference.range.end) }));
  // Images and link reference definitions are not references, as in the line scan.
  const links: ReferenceSite[] = markdown.links.flatMap((link) => {
    const linked = link.kind === 'link' ? linkedKpep(link.url, options.path, options.root) : undefined;
    return linked === undefined ? [] : [{ kpepNumber: linked.kpepNumber, kind: 'link' as const, range: toRange(link.range.start, link.range.end), target: linked.path }];
  });
  return {
    ...frontMatterFacts(document.frontMatter, options, toRange),
    summary: firstParagraph ? collapse(text.slice(firstParagraph.range.start, firstParagraph.range.end)) : undefined,
    anchors: headingAnchors([...(markdown.h1 ? [markdown.h1] : []), ...markdown.sections.map((section) => section.heading)].map((heading) => heading.text)),
    titleRange: markdown.h1 ? toRange(markdown.h1.range.start, markdown.h1.range.end) : undefined,
    references: [...frontMatterReferences(document.frontMatter, toRange), ...[...prose, ...links].sort(byPosition)],
  };
}

/** The entry of a closed file, from its front matter and a line scan of the body. */
export function scanKpepEntry(text: string, options: { path: string; kpepPath: KpepPath; root: string }): KpepEntry {
  const lines = hasLoneCarriageReturn(text) ? TextDocument.create(options.path, 'markdown', 0, text) : undefined;
  const positionAt = lines ? (offset: number) => lines.positionAt(offset) : forwardPositions(text);
  const toRange: ToRange = (start, end) => ({ start: positionAt(start), end: positionAt(end) });
  const frontMatter = parseFrontMatter(text);
  const body = scanBody(text, frontMatter.bodyStart, options, toRange);
  return {
    ...frontMatterFacts(frontMatter, options, toRange),
    summary: body.summary,
    anchors: headingAnchors(body.headings),
    titleRange: body.titleRange,
    references: [...frontMatterReferences(frontMatter, toRange), ...body.references],
  };
}

function frontMatterFacts(
  frontMatter: FrontMatter,
  options: { path: string; kpepPath: KpepPath },
  toRange: ToRange,
): Omit<KpepEntry, 'summary' | 'anchors' | 'titleRange' | 'references'> {
  const field = (key: string): FrontMatterField | undefined => frontMatterField(frontMatter, key);
  const numberField = field('kpep-number');
  const leadingDigits = /^\d+/.exec(options.kpepPath.directory)?.[0];
  const directoryNumber = options.kpepPath.parsed?.kpepNumber ?? (leadingDigits ? Number(leadingDigits) : undefined);
  const text = (key: string): string | undefined => {
    const value = field(key)?.value;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const status = field('status')?.value;
  const authors = field('authors')?.value;
  const numberRange = numberField?.valueRange ?? (frontMatter.kind === 'missing' ? undefined : frontMatter.openRange);
  return {
    path: options.path,
    directory: options.kpepPath.directory,
    kpepNumber: kpepNumberOf({ declared: numberField?.value, directory: options.kpepPath.parsed }),
    directoryNumber: directoryNumber !== undefined && Number.isSafeInteger(directoryNumber) ? directoryNumber : undefined,
    title: text('title'),
    status: isKpepStatus(status) ? status : undefined,
    authors: Array.isArray(authors) ? authors.filter((author): author is string => typeof author === 'string') : [],
    creationDate: dateText(field('creation-date')?.value),
    lastUpdated: dateText(field('last-updated')?.value),
    replaces: numbersOf(field('replaces')),
    supersededBy: numbersOf(field('superseded-by')),
    seeAlso: numbersOf(field('see-also')),
    numberRange: numberRange ? toRange(numberRange.start, numberRange.end) : undefined,
  };
}

function frontMatterReferences(frontMatter: FrontMatter, toRange: ToRange): ReferenceSite[] {
  return LIST_FIELDS.flatMap((kind) =>
    (frontMatterField(frontMatter, kind)?.items ?? []).flatMap((item) => {
      const kpepNumber = parseKpepNumber(item.value);
      return kpepNumber === undefined ? [] : [{ kpepNumber, kind, range: toRange(item.range.start, item.range.end) }];
    }),
  );
}

function byPosition(a: ReferenceSite, b: ReferenceSite): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function numbersOf(field: FrontMatterField | undefined): number[] {
  return Array.isArray(field?.value) ? field.value.flatMap((item) => parseKpepNumber(item) ?? []) : [];
}

function dateText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The number of the KPEP directory a relative link names (see linkedKpep). */
export function linkedKpepNumber(url: string, fromPath: string, root: string): number | undefined {
  return linkedKpep(url, fromPath, root)?.kpepNumber;
}

/**
 * The KPEP a relative markdown link points at: `../0007-x/README.md`, `../0007-x/`, `kpeps/0007-x/`
 * (SPEC §3), resolved against the linking document's directory: the directory's number, and the
 * README's workspace-relative path, which is what the link resolves by.
 */
export function linkedKpep(url: string, fromPath: string, root: string): { kpepNumber: number; path: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') || url.startsWith('#')) {
    return undefined;
  }
  const target = url.split(/[?#]/)[0] ?? '';
  const parts = fromPath.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '.' && part !== '') {
      parts.push(part);
    }
  }
  const rootParts = root === '' || root === '.' ? [] : root.split('/');
  const rest = parts.slice(rootParts.length);
  const underRoot = rootParts.every((part, index) => parts[index] === part);
  const isKpepTarget = rest.length === 1 || (rest.length === 2 && rest[1] === 'README.md');
  // A link written from the workspace root (kpeps/0007-x/) reads the same from anywhere.
  if (!underRoot || !isKpepTarget) {
    return rootParts.length > 0 && target.startsWith(`${root}/`) ? linkedKpep(target, 'README.md', root) : undefined;
  }
  const kpepNumber = parseKpepDirectoryName(rest[0] ?? '')?.kpepNumber;
  return kpepNumber === undefined ? undefined : { kpepNumber, path: [...rootParts, rest[0], 'README.md'].join('/') };
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** The opening of an ATX heading; its text is read by `atxHeading`, since a lazy `.*?` before optional spaces is quadratic. */
const ATX_OPENING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const PROSE_REFERENCE = /\bKPEP-(\d+)\b/g;
// Neither the text nor the destination holds a `[`: as in CommonMark the innermost bracket opens
// the link, and no character is read from two openings, which kept the expression linear.
const INLINE_LINK = /!?\[[^[\]]*\]\(\s*<?([^)\s>[]+)>?(?:\s+"[^"]*")?\s*\)/g;

interface BodyFacts {
  readonly summary: string | undefined;
  readonly titleRange: Range | undefined;
  readonly references: ReferenceSite[];
  /** Every ATX heading's rendered text, the H1 included, in document order. */
  readonly headings: string[];
}

/**
 * One pass over the body's lines: fences and HTML comments are skipped, inline code is blanked,
 * and only what the index needs is kept. Open documents get the exact remark model instead.
 */
function scanBody(text: string, bodyStart: number, options: { path: string; root: string }, toRange: ToRange): BodyFacts {
  const references: ReferenceSite[] = [];
  const headings: string[] = [];
  /** Start offsets of links already taken, so a paragraph read again for a wrapped link adds each once. */
  const linkStarts = new Set<number>();
  const addLink = (url: string | undefined, start: number, end: number): void => {
    const linked = url ? linkedKpep(url, options.path, options.root) : undefined;
    if (linked !== undefined && !linkStarts.has(start)) {
      linkStarts.add(start);
      references.push({ kpepNumber: linked.kpepNumber, kind: 'link', range: toRange(start, end), target: linked.path });
    }
  };
  let titleRange: Range | undefined;
  let fence: string | undefined;
  let inComment = false;
  /** Inside an HTML block that a line opening with `<!--` started: every line of it is HTML, up to the one with `-->`. */
  let inHtmlBlock = false;
  let section: 'before' | 'summary' | 'after' = 'before';
  const summary: string[] = [];
  let summaryDone = false;
  // Where the next reference, link or comment could start: a line before all three, outside a
  // comment and the Summary, matters only when it opens a block (#, ` or ~ first).
  const next = { reference: -1, link: -1, comment: -1 };
  const ahead = (key: keyof typeof next, needle: string, from: number): number => {
    if (next[key] < from) {
      const found = text.indexOf(needle, from);
      next[key] = found === -1 ? Infinity : found;
    }
    return next[key];
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
      continue;
    }
    const line = text.slice(offset, lineEnd).replace(/\r$/, '');

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
        titleRange = toRange(offset, offset + line.length);
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
    for (const match of prose.matchAll(PROSE_REFERENCE)) {
      const kpepNumber = Number(match[1]);
      if (Number.isSafeInteger(kpepNumber)) {
        references.push({ kpepNumber, kind: 'prose', range: toRange(offset + match.index, offset + match.index + match[0].length) });
      }
    }
    let linksOnLine = 0;
    for (const match of prose.matchAll(INLINE_LINK)) {
      linksOnLine++;
      // Images are not references, as in the full model.
      addLink(match[0].startsWith('!') ? undefined : match[1], offset + match.index, offset + match.index + match[0].length);
    }
    // A `](` left over belongs to a link whose text or destination wraps onto another line of its paragraph.
    if (!heading && prose.split('](').length - 1 > linksOnLine) {
      for (const link of wrappedLinks(text, offset, lineEnd)) {
        addLink(link.url, link.start, link.end);
      }
    }
  }
  references.sort(byPosition);
  return { summary: summary.length > 0 ? collapse(summary.join(' ')) : undefined, titleRange, references, headings };
}

/** A line with its code spans blanked (same length): code is never a reference. */
function blankInlineCode(line: string): string {
  return line.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length));
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
 * feed ends every line: a scan asks in ascending order, so no table of every line is built.
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

/** A KPEP read from its text: the full model and its index entry, or undefined for a path that is no KPEP. */
export function readKpep(options: { path: string; text: string; root: string; uri?: string; version?: number }): { document: KpepDocument; entry: KpepEntry; kpepPath: KpepPath } | undefined {
  const kpepPath = classifyKpepPath(options.path, options.root);
  if (!kpepPath) {
    return undefined;
  }
  const document = parseKpepDocument(TextDocument.create(options.uri ?? options.path, 'markdown', options.version ?? 0, options.text));
  return { document, kpepPath, entry: entryFromDocument(document, { path: options.path, kpepPath, root: options.root }) };
}
