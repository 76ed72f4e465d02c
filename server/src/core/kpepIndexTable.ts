/**
 * The table of every KPEP (number, title, status, replaced-by) that `kpep index` keeps between
 * `<!-- kpep-index -->` and `<!-- /kpep-index -->` in kpeps/README.md. Read from each KPEP's front
 * matter alone, so a KPEP whose body is broken still gets its row.
 */
import { parseFrontMatter } from './frontMatter';
import { formatKpepId, kpepIdOf, kpepNumberOf, parseKpepNumber } from './kpepNumber';
import type { KpepPath } from './kpepPath';
import { lineBreakOf, splitLines } from './lifecycle/textEdit';

export const INDEX_START = '<!-- kpep-index -->';
export const INDEX_END = '<!-- /kpep-index -->';

/** The lines a generated block of the index page stands between. */
export interface BlockMarkers {
  readonly start: string;
  readonly end: string;
}

const TABLE_MARKERS: BlockMarkers = { start: INDEX_START, end: INDEX_END };
/** Where the replacement graph goes, for pages that want it: the block is kept only where these lines are. */
export const GRAPH_MARKERS: BlockMarkers = { start: '<!-- kpep-graph -->', end: '<!-- /kpep-graph -->' };

export interface KpepIndexRow {
  /** Workspace-relative path of the KPEP's README. */
  readonly path: string;
  readonly directory: string;
  /** kpep-number when it is a valid number, else the directory's. */
  readonly kpepNumber: number | undefined;
  readonly title: string;
  readonly status: string;
  readonly supersededBy: readonly number[];
}

/** One KPEP's row, from its README text; values that are not text show as empty cells. */
export function kpepIndexRow(options: { path: string; kpepPath: KpepPath; text: string }): KpepIndexRow {
  const frontMatter = parseFrontMatter(options.text);
  const field = (key: string): unknown => (frontMatter.kind === 'parsed' ? frontMatter.fields.get(key)?.value : undefined);
  const textOf = (key: string): string => {
    const value = field(key);
    return typeof value === 'string' ? value.trim() : '';
  };
  const supersededBy = field('superseded-by');
  return {
    path: options.path,
    directory: options.kpepPath.directory,
    kpepNumber: kpepNumberOf({ declared: field('kpep-number'), directory: options.kpepPath.parsed }),
    title: textOf('title'),
    status: textOf('status'),
    supersededBy: Array.isArray(supersededBy) ? supersededBy.flatMap((item) => parseKpepNumber(item) ?? []) : [],
  };
}

/** The markdown table, rows in number order, links relative to the index file; no trailing newline. */
export function renderKpepIndexTable(options: { rows: readonly KpepIndexRow[]; indexPath: string }): string {
  const rows = [...options.rows].sort(
    (a, b) => (a.kpepNumber ?? Number.MAX_SAFE_INTEGER) - (b.kpepNumber ?? Number.MAX_SAFE_INTEGER) || a.directory.localeCompare(b.directory),
  );
  const linkTo = (row: KpepIndexRow): string =>
    `[${kpepIdOf(row)}](${relativePath(options.indexPath, row.path)})`;
  const successor = (kpepNumber: number): string => {
    const target = rows.find((row) => row.kpepNumber === kpepNumber);
    return target ? linkTo(target) : formatKpepId(kpepNumber);
  };
  const lines = rows.map((row) =>
    tableRow([linkTo(row), escapeCell(row.title), escapeCell(row.status), row.supersededBy.map(successor).join(', ')]),
  );
  return ['| KPEP | Title | Status | Replaced by |', '|---|---|---|---|', ...lines].join('\n');
}

/** An empty cell is written `| |`, as people write it by hand. */
function tableRow(cells: readonly string[]): string {
  return `|${cells.map((cell) => (cell === '' ? ' ' : ` ${cell} `)).join('|')}|`;
}

function escapeCell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

/** The posix path from the directory of `from` to `to`, both workspace-relative. */
function relativePath(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) {
    common++;
  }
  return [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common)].join('/');
}

export type IndexBlockUpdate =
  | { readonly kind: 'no-markers' }
  | { readonly kind: 'current' }
  | { readonly kind: 'stale'; readonly text: string };

/** The index file's text with what stands between the markers (the table's by default) replaced by `content`. */
export function updateKpepIndexBlock(options: { text: string; content: string; markers?: BlockMarkers }): IndexBlockUpdate {
  const { text, content } = options;
  const markers = options.markers ?? TABLE_MARKERS;
  const start = markerLine(text, markers.start, 0);
  const end = start && markerLine(text, markers.end, start.end);
  if (!start || !end) {
    return { kind: 'no-markers' };
  }
  const body = text.slice(start.end, end.start);
  if (blockLines(body) === blockLines(content)) {
    return { kind: 'current' };
  }
  const eol = lineBreakOf(text);
  return { kind: 'stale', text: `${text.slice(0, start.end)}${eol}${content.split('\n').join(eol)}${eol}${text.slice(end.start)}` };
}

/** The marker alone on its line: `start` is the line's start, `end` the marker's end. */
function markerLine(text: string, marker: string, from: number): { start: number; end: number } | undefined {
  const match = new RegExp(`^[ \\t]*${marker.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[ \\t]*$`, 'm');
  const found = match.exec(text.slice(from));
  if (!found) {
    return undefined;
  }
  const start = from + found.index;
  return { start, end: start + found[0].trimEnd().length };
}

function blockLines(body: string): string {
  return splitLines(body)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}
