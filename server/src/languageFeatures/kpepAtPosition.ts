/** What stands under the cursor in a KPEP: a reference, the KPEP's own number or title, a status, a heading. */
import type { Position, Range } from 'vscode-languageserver';
import { frontMatterField, type KpepDocument } from '../core/kpepDocument';
import { rangeIn, referenceSites, type ReferenceSite } from '../core/index/kpepEntry';
import type { HeadingModel } from '../core/markdownModel';
import type { IndexedDocument } from '../workspaceIndexer';

export type KpepTarget =
  /** `range`: the site's, placed in the document. */
  | { readonly kind: 'reference'; readonly site: ReferenceSite; readonly range: Range }
  /** The H1 or the kpep-number value: the KPEP itself. */
  | { readonly kind: 'self'; readonly on: 'title' | 'number'; readonly range: Range }
  | { readonly kind: 'status'; readonly value: unknown; readonly range: Range }
  | { readonly kind: 'heading'; readonly heading: HeadingModel; readonly range: Range };

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function kpepAt(document: KpepDocument, indexed: IndexedDocument, position: Position): KpepTarget | undefined {
  const { entry } = indexed;
  for (const site of referenceSites(entry)) {
    const range = rangeIn(entry, site.range);
    if (contains(range, position)) {
      return { kind: 'reference', site, range };
    }
  }
  for (const [on, held] of [['title', entry.titleRange], ['number', entry.numberRange]] as const) {
    const range = held && rangeIn(entry, held);
    if (range && contains(range, position) && entry.kpepNumber !== undefined) {
      return { kind: 'self', on, range };
    }
  }
  const { textDocument } = document;
  const toRange = (start: number, end: number): Range => ({ start: textDocument.positionAt(start), end: textDocument.positionAt(end) });
  const status = frontMatterField(document.frontMatter, 'status');
  if (status && contains(toRange(status.valueRange.start, status.valueRange.end), position)) {
    return { kind: 'status', value: status.value, range: toRange(status.valueRange.start, status.valueRange.end) };
  }
  const heading = document.markdown.sections.find((section) => contains(toRange(section.heading.range.start, section.heading.range.end), position))?.heading;
  return heading ? { kind: 'heading', heading, range: toRange(heading.range.start, heading.range.end) } : undefined;
}
