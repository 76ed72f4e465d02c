/** What stands under the cursor in a KPEP: a reference, the KPEP's own number or title, a status, a heading. */
import type { Position, Range } from 'vscode-languageserver';
import { frontMatterField, type KpepDocument } from '../core/kpepDocument';
import { referenceSiteCovering, type ReferenceSite } from '../core/index/kpepEntry';
import type { HeadingModel } from '../core/markdownModel';
import type { OffsetRange } from '../core/offsetRange';
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
  const { textDocument } = document;
  const toRange = (range: OffsetRange): Range => ({ start: textDocument.positionAt(range.start), end: textDocument.positionAt(range.end) });
  // Compared as offsets (a character past a line's end is its end, as LSP says): a request on no
  // reference looks at every heading, and placing each in lines was most of its time and garbage.
  const offset = textDocument.offsetAt(position);
  const covers = (range: OffsetRange): boolean => range.start <= offset && offset <= range.end;
  const site = referenceSiteCovering(entry, offset);
  if (site) {
    return { kind: 'reference', site, range: toRange(site.range) };
  }
  for (const [on, range] of [['title', entry.titleRange], ['number', entry.numberRange]] as const) {
    if (range && covers(range) && entry.kpepNumber !== undefined) {
      return { kind: 'self', on, range: toRange(range) };
    }
  }
  const status = frontMatterField(document.frontMatter, 'status');
  if (status && covers(status.valueRange)) {
    return { kind: 'status', value: status.value, range: toRange(status.valueRange) };
  }
  const heading = document.markdown.sections.find((section) => covers(section.heading.range))?.heading;
  return heading ? { kind: 'heading', heading, range: toRange(heading.range) } : undefined;
}
