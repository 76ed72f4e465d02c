/**
 * What the workspace index knows of one KPEP: identity, status, people, dates, the Summary's first
 * paragraph, and every reference it makes with its range. Open documents give it from their full
 * model (here); closed files from a line scan that never runs remark (lineScan.ts), so indexing
 * thousands stays fast.
 *
 * Ranges are text offsets, as findings' are; each entry keeps the line of every offset it holds
 * (`lines`), so a feature answering about a closed KPEP turns them into LSP positions without its
 * text (`rangeIn`). References are kept flat, as numbers (`sites`): an index holds tens of
 * thousands, and a warm start or a worker thread's answer then makes no object per reference.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrontMatter, FrontMatterField } from '../frontMatter';
import { frontMatterField, parseKpepDocument, type KpepDocument } from '../kpepDocument';
import { headingAnchors } from '../headingAnchors';
import { kpepNumberOf, parseKpepNumber } from '../kpepNumber';
import { classifyKpepPath, type KpepPath } from '../kpepPath';
import type { OffsetRange } from '../offsetRange';
import { isKpepStatus, type KpepStatus } from '../status';
import { lastPlaceMemo } from '../boundedMemo';
import { linkedKpep } from './kpepLinks';

export const REFERENCE_KINDS = ['prose', 'link', 'replaces', 'superseded-by', 'see-also'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export const LIST_FIELDS = ['replaces', 'superseded-by', 'see-also'] as const;

/** One reference, as a feature reads it out of an entry's `sites`. */
export interface ReferenceSite {
  readonly kpepNumber: number;
  readonly kind: ReferenceKind;
  readonly range: OffsetRange;
  /** For a link: the workspace-relative README it names. A link resolves by path, never by number alone. */
  readonly target?: string;
}

/**
 * The numbers an entry holds (`sites`, `lines`): four bytes a number when every one is a 32-bit
 * integer, as offsets and nearly all KPEP numbers are, else as they were read. A plain array took
 * eight a number, and these are half of a 10,000-KPEP index.
 */
export type NumberList = readonly number[] | Int32Array;

/** The numbers packed four bytes each when they all fit, else as they are. */
export function packedNumbers(numbers: NumberList): NumberList {
  if (numbers instanceof Int32Array) {
    return numbers;
  }
  for (const number of numbers) {
    if ((number | 0) !== number) {
      return numbers;
    }
  }
  return Int32Array.from(numbers);
}

/** A JSON.stringify replacer writing packed numbers as the arrays they were: the kept store's format and the index's snapshot stay as they were. */
export function numbersAsArrays(_key: string, value: unknown): unknown {
  return value instanceof Int32Array ? Array.from(value) : value;
}

/** Numbers per reference in `KpepEntry.sites`: the KPEP number, the kind's position in REFERENCE_KINDS, start, end, the link target's position in `targets` or -1. */
export const SITE_WIDTH = 5;

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
  /**
   * Every reference to another KPEP (or itself), front-matter lists first, then prose and links in
   * document order: SITE_WIDTH numbers each (read them with `referenceSites`).
   */
  readonly sites: NumberList;
  /** The READMEs links name, which `sites` point into. */
  readonly targets: readonly string[];
  /** GitHub's anchor of every heading, the H1 included, in document order: what `#anchor` links may name. */
  readonly anchors: readonly string[];
  /** The H1, where go-to-definition lands. */
  readonly titleRange: OffsetRange | undefined;
  /** The kpep-number value, or the opening delimiter when it is absent. */
  readonly numberRange: OffsetRange | undefined;
  /** The line number and start offset of each line holding an offset above, in pairs, ascending. */
  readonly lines: NumberList;
}

/** How many references an entry holds. */
export function referenceCount(entry: KpepEntry): number {
  return entry.sites.length / SITE_WIDTH;
}

/** One reference of an entry, by its place in document order: hot paths read only the ones they need. */
export function referenceSiteAt(entry: KpepEntry, ordinal: number): ReferenceSite {
  const { sites, targets } = entry;
  const at = ordinal * SITE_WIDTH;
  const kind = REFERENCE_KINDS[sites[at + 1] as number] ?? 'prose';
  const range = { start: sites[at + 2] as number, end: sites[at + 3] as number };
  const target = targets[sites[at + 4] as number];
  return target === undefined ? { kpepNumber: sites[at] as number, kind, range } : { kpepNumber: sites[at] as number, kind, range, target };
}

/** Every reference of an entry, read out of its flat `sites`. */
export function referenceSites(entry: KpepEntry): ReferenceSite[] {
  const read: ReferenceSite[] = [];
  for (let ordinal = 0; ordinal < referenceCount(entry); ordinal++) {
    read.push(referenceSiteAt(entry, ordinal));
  }
  return read;
}

/** The first reference covering an offset, without reading the others into objects. */
export function referenceSiteCovering(entry: KpepEntry, offset: number): ReferenceSite | undefined {
  const { sites } = entry;
  for (let at = 0; at < sites.length; at += SITE_WIDTH) {
    if ((sites[at + 2] as number) <= offset && offset <= (sites[at + 3] as number)) {
      return referenceSiteAt(entry, at / SITE_WIDTH);
    }
  }
  return undefined;
}

/** The KPEP numbers an entry's references name, in order, repeats included. */
export function referencedNumbers(entry: KpepEntry): number[] {
  const numbers: number[] = [];
  for (let at = 0; at < entry.sites.length; at += SITE_WIDTH) {
    numbers.push(entry.sites[at] as number);
  }
  return numbers;
}

/** An offset of the entry's text as an LSP position, from its `lines` (the text is not needed). */
export function positionIn(entry: KpepEntry, offset: number): Position {
  const { lines } = entry;
  // Before the first line held, only the start of the text (line 0) is ever asked for.
  if (lines.length === 0 || (lines[1] as number) > offset) {
    return { line: 0, character: offset };
  }
  // The last line starting at or before the offset: every offset an entry holds has its line there.
  let low = 0;
  let high = lines.length / 2 - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lines[middle * 2 + 1] as number) <= offset) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return { line: lines[low * 2] as number, character: offset - (lines[low * 2 + 1] as number) };
}

/** A range the entry holds, as an LSP range: where features answer. */
export function rangeIn(entry: KpepEntry, range: OffsetRange): Range {
  return { start: positionIn(entry, range.start), end: positionIn(entry, range.end) };
}

/** What an entry needs of its text for positions: the line of every offset it holds (`positionAt` in ascending order). */
export function lineTable(offsets: readonly number[], positionAt: (offset: number) => Position): number[] {
  const lines: number[] = [];
  // A typed array sorts numbers without a comparator; an open KPEP's table is built on every keystroke.
  const sorted = Float64Array.from(offsets).sort();
  for (let index = 0; index < sorted.length; index++) {
    const offset = sorted[index] as number;
    if (offset === sorted[index - 1]) {
      continue;
    }
    const { line, character } = positionAt(offset);
    if (lines.at(-2) !== line) {
      lines.push(line, offset - character);
    }
  }
  return lines;
}

/** Every offset an entry holds, for its line table. */
function heldOffsets(entry: Omit<KpepEntry, 'lines'>): number[] {
  const offsets: number[] = [];
  for (let at = 0; at < entry.sites.length; at += SITE_WIDTH) {
    offsets.push(entry.sites[at + 2] as number, entry.sites[at + 3] as number);
  }
  for (const range of [entry.titleRange, entry.numberRange]) {
    if (range) {
      offsets.push(range.start, range.end);
    }
  }
  return offsets;
}

/** The entry with its line table, from what it holds and a way to place its offsets. */
export function withLines(entry: Omit<KpepEntry, 'lines'>, positionAt: (offset: number) => Position): KpepEntry {
  return { ...entry, sites: packedNumbers(entry.sites), lines: packedNumbers(lineTable(heldOffsets(entry), positionAt)) };
}

/** References flattened into an entry's `sites` and `targets`. */
export function flattenSites(references: readonly ReferenceSite[]): { sites: number[]; targets: string[] } {
  const sites: number[] = [];
  const targets: string[] = [];
  for (const { kpepNumber, kind, range, target } of references) {
    sites.push(kpepNumber, REFERENCE_KINDS.indexOf(kind), range.start, range.end, target === undefined ? -1 : targets.push(target) - 1);
  }
  return { sites, targets };
}

/** The entry of an open document, from its full model. */
export function entryFromDocument(document: KpepDocument, options: { path: string; kpepPath: KpepPath; root: string }): KpepEntry {
  const { textDocument, markdown } = document;
  const text = textDocument.getText();
  const summarySection = markdown.sections.find((section) => section.heading.key === 'summary' && section.heading.level === 2);
  const firstParagraph = summarySection?.blocks.find((block) => block.kind === 'content');
  return withLines(
    {
      ...frontMatterFacts(document.frontMatter, options),
      summary: firstParagraph ? collapse(text.slice(firstParagraph.range.start, firstParagraph.range.end)) : undefined,
      anchors: headingAnchors([...(markdown.h1 ? [markdown.h1] : []), ...markdown.sections.map((section) => section.heading)].map((heading) => heading.text)),
      titleRange: markdown.h1 ? { start: markdown.h1.range.start, end: markdown.h1.range.end } : undefined,
      ...bodySites({ document, place: options }),
    },
    (offset) => textDocument.positionAt(offset),
  );
}

/**
 * The front matter's references, then the body's prose references and links to KPEPs by position,
 * flattened as they are read: the model lists each kind in document order, so they merge without
 * a sort or an object per reference (hundreds in a long proposal, on every keystroke).
 */
function bodySites(options: { document: KpepDocument; place: { readonly path: string; readonly root: string } }): { sites: number[]; targets: string[] } {
  const { frontMatter, markdown } = options.document;
  const { sites, targets } = flattenSites(frontMatterReferences(frontMatter));
  const { references, links } = markdown;
  let reference = 0;
  let link = 0;
  while (reference < references.length || link < links.length) {
    const prose = references[reference];
    const next = links[link];
    // A prose reference goes first where both start at once, as the stable sort of both lists put it.
    if (prose && (!next || prose.range.start <= next.range.start)) {
      reference++;
      // A KPEP names itself in its H1: not a reference.
      if (!prose.inTitle) {
        sites.push(prose.kpepNumber, PROSE_KIND, prose.range.start, prose.range.end, -1);
      }
    } else if (next) {
      link++;
      // Images and link reference definitions are not references, as in the line scan.
      const kpep = next.kind === 'link' ? linkedFrom(options.place, next.url) : undefined;
      if (kpep) {
        sites.push(kpep.kpepNumber, LINK_KIND, next.range.start, next.range.end, targets.push(kpep.path) - 1);
      }
    }
  }
  return { sites, targets };
}

const PROSE_KIND = REFERENCE_KINDS.indexOf('prose');
const LINK_KIND = REFERENCE_KINDS.indexOf('link');

/**
 * The KPEP a link names, by URL from the last document's place: an open KPEP's entry is built on
 * every keystroke from the same links, and resolving each again was a twentieth of a keystroke.
 */
const linkedFrom = lastPlaceMemo({
  // Typing a link's URL adds one a keystroke: a long session in one document must not grow it for ever.
  limit: 4096,
  samePlace: (a: { readonly path: string; readonly root: string }, b: { readonly path: string; readonly root: string }) => a.path === b.path && a.root === b.root,
  compute: (place, url) => linkedKpep(url, place.path, place.root),
});

/** What the front matter says, as the index keeps it: the same for a full model and a line scan. */
export function frontMatterFacts(
  frontMatter: FrontMatter,
  options: { path: string; kpepPath: KpepPath },
): Omit<KpepEntry, 'summary' | 'anchors' | 'titleRange' | 'sites' | 'targets' | 'lines'> {
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
    numberRange: numberRange ? { start: numberRange.start, end: numberRange.end } : undefined,
  };
}

export function frontMatterReferences(frontMatter: FrontMatter): ReferenceSite[] {
  return LIST_FIELDS.flatMap((kind) =>
    (frontMatterField(frontMatter, kind)?.items ?? []).flatMap((item) => {
      const kpepNumber = parseKpepNumber(item.value);
      return kpepNumber === undefined ? [] : [{ kpepNumber, kind, range: { start: item.range.start, end: item.range.end } }];
    }),
  );
}

export function byPosition(a: ReferenceSite, b: ReferenceSite): number {
  return a.range.start - b.range.start;
}

function numbersOf(field: FrontMatterField | undefined): number[] {
  return Array.isArray(field?.value) ? field.value.flatMap((item) => parseKpepNumber(item) ?? []) : [];
}

function dateText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
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
