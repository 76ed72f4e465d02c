/**
 * What the workspace index knows of one KPEP: identity, status, people, dates, the Summary's first
 * paragraph, and every reference it makes with its range. Open documents give it from their full
 * model (here); closed files from a line scan that never runs remark (lineScan.ts), so indexing
 * thousands stays fast.
 */
import type { Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrontMatter, FrontMatterField } from '../frontMatter';
import { frontMatterField, parseKpepDocument, type KpepDocument } from '../kpepDocument';
import { headingAnchors } from '../headingAnchors';
import { kpepNumberOf, parseKpepNumber } from '../kpepNumber';
import { classifyKpepPath, type KpepPath } from '../kpepPath';
import { isKpepStatus, type KpepStatus } from '../status';
import { linkedKpep } from './kpepLinks';

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

export type ToRange = (start: number, end: number) => Range;

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

/** What the front matter says, as the index keeps it: the same for a full model and a line scan. */
export function frontMatterFacts(
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

export function frontMatterReferences(frontMatter: FrontMatter, toRange: ToRange): ReferenceSite[] {
  return LIST_FIELDS.flatMap((kind) =>
    (frontMatterField(frontMatter, kind)?.items ?? []).flatMap((item) => {
      const kpepNumber = parseKpepNumber(item.value);
      return kpepNumber === undefined ? [] : [{ kpepNumber, kind, range: toRange(item.range.start, item.range.end) }];
    }),
  );
}

export function byPosition(a: ReferenceSite, b: ReferenceSite): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
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
