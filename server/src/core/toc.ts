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
  // Each entry's key once: normalising the same texts over and over was most of this check.
  const actualKeys = actual.map(tocEntryKey);
  const expectedKeys = expected.map(entryKey);
  const index = actualKeys.findIndex((key, position) => key !== expectedKeys[position]);
  const at = index === -1 ? actual.length : index;
  if (at === expected.length && actual.length === expected.length) {
    return undefined;
  }
  const unmatched = new Map<string, number>();
  for (const key of expectedKeys) {
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
  }
  let extra = 0;
  for (const key of actualKeys) {
    const left = unmatched.get(key) ?? 0;
    if (left > 0) {
      unmatched.set(key, left - 1);
    } else {
      extra++;
    }
  }
  const missing = [...unmatched.values()].reduce((sum, count) => sum + count, 0);
  return { toc, first: firstDifference({ actual, actualKeys, expected, expectedKeys }, at), missing, extra };
}

function firstDifference(
  entries: { actual: readonly TocEntry[]; actualKeys: readonly string[]; expected: readonly ExpectedTocEntry[]; expectedKeys: readonly string[] },
  at: number,
): TocDifference {
  const { actual, actualKeys, expected, expectedKeys } = entries;
  const entry = actual[at];
  const wanted = expected[at];
  if (!entry) {
    return { kind: 'missing', entry: wanted as ExpectedTocEntry };
  }
  if (!wanted) {
    return { kind: 'extra', entry };
  }
  const wantedKey = expectedKeys[at];
  if (expectedKeys.includes(actualKeys[at] as string)) {
    // The entry exists further on: either a heading was added before it, or the order changed.
    return actualKeys.includes(wantedKey as string) ? { kind: 'order', entry } : { kind: 'missing', entry: wanted };
  }
  if (entry.anchor === wanted.anchor) {
    return { kind: 'text', entry, expected: wanted };
  }
  if (entry.text === wanted.text) {
    return { kind: 'anchor', entry, expected: wanted };
  }
  return actualKeys.includes(wantedKey as string) ? { kind: 'extra', entry } : { kind: 'missing', entry: wanted };
}

function entryKey(entry: { readonly anchor: string; readonly text: string }): string {
  return `${entry.anchor}\n${visibleText(entry.text)}`;
}

/** A toc entry is kept with its node while the toc is not edited, and so is its key. */
const tocEntryKeys = new WeakMap<TocEntry, string>();

function tocEntryKey(entry: TocEntry): string {
  let key = tocEntryKeys.get(entry);
  if (key === undefined) {
    key = entryKey(entry);
    tocEntryKeys.set(entry, key);
  }
  return key;
}

/** Text compared without regard to spacing. */
function visibleText(text: string): string {
  return oneLine(text).replace(/\s+/g, ' ');
}

/** One line whatever the heading spans (a setext heading may span several), with brackets escaped. */
function escapeLinkText(text: string): string {
  return oneLine(text).replace(/[[\]\\]/g, (character) => `\\${character}`);
}
