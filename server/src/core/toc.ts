/**
 * The table of contents between `<!-- toc -->` and `<!-- /toc -->`, as upstream mdtoc writes it:
 * the headings after the block, down to level 5, indented two spaces a level, GitHub anchors.
 * Entries are compared by anchor and by the text they render, so mdtoc's `<code>…</code>`,
 * `-&gt;` and `\[optional\]` are current when they render as the heading does.
 */
import { headingAnchors } from './headingAnchors';
import { oneLine, type HeadingModel, type MarkdownModel, type TocBlock, type TocEntry } from './markdownModel';

const MAX_DEPTH = 5;

/** How a toc writes a heading's text into its link: as plain text (ours) or as mdtoc's HTML. */
export type TocStyle = 'plain' | 'mdtoc';

export interface ExpectedTocEntry {
  readonly heading: HeadingModel;
  readonly anchor: string;
  /** The heading as it renders, on one line. */
  readonly text: string;
}

/** The entries the toc should have: the headings after the toc block, down to level 5. */
export function expectedTocEntries(markdown: MarkdownModel): ExpectedTocEntry[] {
  const { toc } = markdown;
  const headings = [...(markdown.h1 ? [markdown.h1] : []), ...markdown.sections.map((section) => section.heading)];
  const anchors = headingAnchors(headings.map((heading) => heading.text));
  return headings
    .map((heading, index) => ({ heading, anchor: anchors[index] ?? '', text: visibleText(heading.text) }))
    .filter(({ heading }) => heading.level <= MAX_DEPTH && (!toc || heading.range.start > toc.endMarker.start));
}

/** The toc list for the headings after the toc block, one line per heading, no trailing newline. */
export function generateToc(markdown: MarkdownModel, style: TocStyle = 'plain'): string {
  const kept = new Map((markdown.toc?.entries ?? []).map((entry) => [entryKey(entry), entry.source]));
  const entries = expectedTocEntries(markdown);
  const topLevel = Math.min(...entries.map(({ heading }) => heading.level));
  let previous: number | undefined;
  return entries
    .map((entry) => {
      // An entry that is already current keeps the text it was written with.
      const text = kept.get(entryKey(entry)) ?? (style === 'mdtoc' ? entry.heading.html : escapeLinkText(entry.heading.text));
      // Two spaces a level, but never so deep that the line would read as code instead of a list item.
      const indent = Math.min(2 * (entry.heading.level - topLevel), previous === undefined ? 0 : previous + 4);
      previous = indent;
      return `${' '.repeat(indent)}- [${text}](#${entry.anchor})`;
    })
    .join('\n');
}

/** The style an existing toc uses: mdtoc's when a link text holds HTML or an entity. */
export function tocStyleOf(entries: readonly TocEntry[]): TocStyle {
  return entries.some((entry) => /<\/?[a-z]|&[#a-z0-9]+;/i.test(entry.source)) ? 'mdtoc' : 'plain';
}

export type TocDifference =
  | { readonly kind: 'missing'; readonly entry: ExpectedTocEntry }
  | { readonly kind: 'extra'; readonly entry: TocEntry }
  | { readonly kind: 'text'; readonly entry: TocEntry; readonly expected: ExpectedTocEntry }
  | { readonly kind: 'anchor'; readonly entry: TocEntry; readonly expected: ExpectedTocEntry }
  | { readonly kind: 'order'; readonly entry: TocEntry };

export interface StaleToc {
  readonly toc: TocBlock;
  /** The first entry that differs. */
  readonly first: TocDifference;
  /** Headings without an entry. */
  readonly missing: number;
  /** Entries that match no heading, by anchor and text. */
  readonly extra: number;
}

/**
 * The one judgement of toc staleness (toc-stale, its quick fix, `kpep toc`): how the toc block
 * differs from the headings, or undefined when there is no block or it is current. Indentation
 * does not count.
 */
export function staleToc(markdown: MarkdownModel): StaleToc | undefined {
  const { toc } = markdown;
  if (!toc) {
    return undefined;
  }
  const actual = toc.entries;
  const expected = expectedTocEntries(markdown);
  const index = actual.findIndex((entry, position) => entryKey(entry) !== entryKeyOf(expected[position]));
  const at = index === -1 ? actual.length : index;
  if (at === expected.length && actual.length === expected.length) {
    return undefined;
  }
  const unmatched = new Map<string, number>();
  for (const entry of expected) {
    unmatched.set(entryKey(entry), (unmatched.get(entryKey(entry)) ?? 0) + 1);
  }
  let extra = 0;
  for (const entry of actual) {
    const left = unmatched.get(entryKey(entry)) ?? 0;
    if (left > 0) {
      unmatched.set(entryKey(entry), left - 1);
    } else {
      extra++;
    }
  }
  const missing = [...unmatched.values()].reduce((sum, count) => sum + count, 0);
  return { toc, first: firstDifference(actual, expected, at), missing, extra };
}

function firstDifference(actual: readonly TocEntry[], expected: readonly ExpectedTocEntry[], at: number): TocDifference {
  const entry = actual[at];
  const wanted = expected[at];
  if (!entry) {
    return { kind: 'missing', entry: wanted as ExpectedTocEntry };
  }
  if (!wanted) {
    return { kind: 'extra', entry };
  }
  const expectedKeys = new Set(expected.map(entryKey));
  if (expectedKeys.has(entryKey(entry))) {
    // The entry exists further on: either a heading was added before it, or the order changed.
    return actual.some((other) => entryKey(other) === entryKey(wanted)) ? { kind: 'order', entry } : { kind: 'missing', entry: wanted };
  }
  if (entry.anchor === wanted.anchor) {
    return { kind: 'text', entry, expected: wanted };
  }
  if (entry.text === wanted.text) {
    return { kind: 'anchor', entry, expected: wanted };
  }
  return actual.some((other) => entryKey(other) === entryKey(wanted)) ? { kind: 'extra', entry } : { kind: 'missing', entry: wanted };
}

function entryKey(entry: { readonly anchor: string; readonly text: string }): string {
  return `${entry.anchor}\n${visibleText(entry.text)}`;
}

function entryKeyOf(entry: ExpectedTocEntry | undefined): string | undefined {
  return entry && entryKey(entry);
}

/** Text compared without regard to spacing. */
function visibleText(text: string): string {
  return oneLine(text).replace(/\s+/g, ' ');
}

/** One line whatever the heading spans (a setext heading may span several), with brackets escaped. */
function escapeLinkText(text: string): string {
  return oneLine(text).replace(/[[\]\\]/g, (character) => `\\${character}`);
}
