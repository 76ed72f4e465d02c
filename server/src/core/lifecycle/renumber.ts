/**
 * Renumbering a KPEP (`kpep renumber OLD NEW` and the quick fix "Renumber to KPEP-00NN"): the
 * directory moves, and so do kpep-number, the H1 and every reference to the old number in the
 * workspace: prose `KPEP-12` / `KPEP-0012`, the replaces / superseded-by / see-also lists (each in
 * the form it was written), and relative links to the directory. Nothing else changes.
 */
import { describeClaim, groupClaims, type KpepClaim } from '../branchClaims';
import { referenceSites, type KpepEntry } from '../index/kpepEntry';
import type { KpepIndex } from '../index/kpepIndex';
import type { KpepDocument } from '../kpepDocument';
import { formatKpepId } from '../kpepNumber';
import type { TextEditSpec } from './textEdit';

export interface RenumberTarget {
  readonly path: string;
  readonly document: KpepDocument;
  readonly entry: KpepEntry;
}

export interface RenumberPlan {
  /** Workspace-relative directories: the KPEP's now, and where it goes. */
  readonly fromDirectory: string;
  readonly toDirectory: string;
  /** Edits by each file's path before the move. */
  readonly edits: readonly { readonly path: string; readonly edits: readonly TextEditSpec[] }[];
  /** References to the old number left alone because two KPEPs held it. */
  readonly leftAlone: number;
}

/** Why this renumbering may not happen, or undefined when it may. */
export function renumberProblem(options: { index: KpepIndex; from: KpepEntry; to: number; claims: readonly KpepClaim[] }): string | undefined {
  const { index, from, to } = options;
  if (!Number.isSafeInteger(to) || to <= 0) {
    return `${to} is not a KPEP number.`;
  }
  if (from.kpepNumber === to) {
    return `${from.directory} is already ${formatKpepId(to)}.`;
  }
  const here = index.all().find((entry) => entry.kpepNumber === to || entry.directoryNumber === to);
  if (here) {
    return `${formatKpepId(to)} is taken by ${here.directory}; numbers are never reused.`;
  }
  const elsewhere = groupClaims(options.claims.filter((claim) => claim.kpepNumber === to))[0];
  return elsewhere ? `${describeClaim(elsewhere)}; numbers are never reused.` : undefined;
}

/**
 * The edits that move `from` to number `to`. `kpeps` holds the KPEP itself and every KPEP that
 * references its number (more do no harm). When another KPEP shares the old number, prose and list
 * references are ambiguous and stay; the KPEP's own text and links to its directory still move.
 */
export function planRenumber(options: { from: RenumberTarget; to: number; kpeps: readonly RenumberTarget[]; index: KpepIndex; root: string }): RenumberPlan {
  const { from, to } = options;
  const old = from.entry.kpepNumber as number;
  const oldDirectory = from.entry.directory;
  const newDirectory = oldDirectory.replace(/^\d+/, String(to).padStart(4, '0'));
  const ambiguous = options.index.withNumber(old).length > 1;
  const prefix = options.root === '' || options.root === '.' ? '' : `${options.root}/`;
  let leftAlone = 0;
  const kpeps = new Map(options.kpeps.map((kpep) => [kpep.path, kpep]));
  kpeps.set(from.path, from);
  const edits = [...kpeps.values()].flatMap(({ path, document, entry }) => {
    const { textDocument } = document;
    const text = textDocument.getText();
    const isSelf = path === from.path;
    const found: TextEditSpec[] = [];
    if (isSelf) {
      pushDigits(found, text, entry.numberRange, /\d+/, to);
      pushDigits(found, text, entry.titleRange, /(?<=KPEP-)\d+/, to);
    }
    for (const site of referenceSites(entry).filter((candidate) => candidate.kpepNumber === old)) {
      const { range } = site;
      if (site.kind === 'link') {
        pushDirectory(found, text, range, oldDirectory, newDirectory);
      } else if (ambiguous && !isSelf) {
        leftAlone++;
      } else {
        pushDigits(found, text, range, site.kind === 'prose' ? /(?<=KPEP-)\d+/ : /\d+/, to);
      }
    }
    const unique = [...new Map(found.map((edit) => [`${edit.range.start}:${edit.range.end}`, edit])).values()];
    return unique.length > 0 ? [{ path, edits: unique }] : [];
  });
  return { fromDirectory: `${prefix}${oldDirectory}`, toDirectory: `${prefix}${newDirectory}`, edits, leftAlone };
}

/** Replaces the first run of digits the pattern finds in the range, keeping zero padding as written. */
function pushDigits(edits: TextEditSpec[], text: string, range: { start: number; end: number } | undefined, pattern: RegExp, to: number): void {
  const match = range ? pattern.exec(text.slice(range.start, range.end)) : null;
  if (!range || !match) {
    return;
  }
  const digits = match[0];
  const newText = digits.length > 1 && digits.startsWith('0') ? String(to).padStart(digits.length, '0') : String(to);
  edits.push({ range: { start: range.start + match.index, end: range.start + match.index + digits.length }, newText });
}

/** Replaces the directory's name where a link's text names it as a path segment. */
function pushDirectory(edits: TextEditSpec[], text: string, range: { start: number; end: number } | undefined, from: string, to: string): void {
  if (!range) {
    return;
  }
  const segment = new RegExp(`(?<=^|[/(<\\s])${from.replace(/[-]/g, '\\-')}(?=$|[/)>#?\\s])`, 'g');
  for (const match of text.slice(range.start, range.end).matchAll(segment)) {
    const start = range.start + (match.index ?? 0);
    edits.push({ range: { start, end: start + from.length }, newText: to });
  }
}
