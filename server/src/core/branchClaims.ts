/**
 * KPEP numbers claimed on other branches (pure). The node layer reads the claims out of git; this
 * file decides what they mean against the current tree: which number a new KPEP may take, which
 * claims it skipped, and which KPEPs of this tree collide with a different proposal elsewhere.
 */
import { parseFrontMatter } from './frontMatter';
import type { KpepEntry } from './index/kpepEntry';
import type { KpepIndex } from './index/kpepIndex';
import { formatKpepId, parseKpepDirectoryName } from './kpepNumber';
import type { CrossFinding } from './diagnostics/crossKpepRules';
import { nextKpepNumber } from './lifecycle/newKpep';
import { fixedSeverity } from './ruleRegistry';

/** One KPEP directory a ref holds (or once added, for a `history` claim). */
export interface KpepClaim {
  readonly kpepNumber: number;
  /** The directory name, e.g. `0012-pluggable-storage`. */
  readonly directory: string;
  /** The ref as people say it: `storage-draft`, `origin/storage-draft`, `pull/41/head`. */
  readonly ref: string;
  /** The committer date (ISO 8601) of the ref's tip, or of the commit that added a deleted KPEP. */
  readonly date: string | undefined;
  readonly title: string | undefined;
  /**
   * `tip`: the directory is there at the ref's tip. `history`: it was added once and is gone from
   * every tip; its number stays taken (numbers are never reused) but it collides with nothing.
   */
  readonly kind: 'tip' | 'history';
}

/** What the git reader found for one workspace folder. */
export interface BranchClaims {
  readonly claims: readonly KpepClaim[];
  /** Refs left out because there were more than the bound (the least recently committed ones). */
  readonly refsSkipped: number;
}

export const NO_BRANCH_CLAIMS: BranchClaims = { claims: [], refsSkipped: 0 };

/** `kpeps/0012-x/README.md` under the KPEP root → the directory, when it names a KPEP. */
export function claimedDirectory(path: string, root: string): { directory: string; kpepNumber: number } | undefined {
  const prefix = root === '' || root === '.' ? '' : `${root}/`;
  if (!path.startsWith(prefix)) {
    return undefined;
  }
  const [directory, file, ...rest] = path.slice(prefix.length).split('/');
  const parsed = directory === undefined ? undefined : parseKpepDirectoryName(directory);
  return parsed && directory && file === 'README.md' && rest.length === 0 ? { directory, kpepNumber: parsed.kpepNumber } : undefined;
}

/** The title a README's front matter declares; the front matter is only parsed as YAML, never run. */
export function claimTitle(readme: string): string | undefined {
  const frontMatter = parseFrontMatter(readme);
  const title = frontMatter.kind === 'parsed' ? frontMatter.fields.get('title')?.value : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
}

/**
 * Claims that matter to this tree: a directory the tree itself holds is not a claim, whichever
 * branch also has it (the same proposal, branched or merged).
 */
export function claimsElsewhere(claims: readonly KpepClaim[], index: KpepIndex): KpepClaim[] {
  const own = new Set(index.all().map((entry) => entry.directory));
  return claims.filter((claim) => !own.has(claim.directory));
}

/** The claims of one number, grouped by directory, each with the refs that hold it. */
export interface ClaimedNumber {
  readonly kpepNumber: number;
  readonly directory: string;
  readonly title: string | undefined;
  readonly refs: readonly string[];
  readonly date: string | undefined;
  readonly kind: 'tip' | 'history';
}

export function groupClaims(claims: readonly KpepClaim[]): ClaimedNumber[] {
  const byDirectory = new Map<string, KpepClaim[]>();
  for (const claim of claims) {
    byDirectory.set(claim.directory, [...(byDirectory.get(claim.directory) ?? []), claim]);
  }
  return [...byDirectory.values()]
    .map((group): ClaimedNumber => {
      const live = group.filter((claim) => claim.kind === 'tip');
      const shown = live.length > 0 ? live : group;
      const first = shown[0] as KpepClaim;
      return {
        kpepNumber: first.kpepNumber,
        directory: first.directory,
        title: shown.find((claim) => claim.title !== undefined)?.title,
        refs: [...new Set(shown.map((claim) => claim.ref))].sort(),
        date: shown.map((claim) => claim.date).filter((date): date is string => date !== undefined).sort().at(-1),
        kind: live.length > 0 ? 'tip' : 'history',
      };
    })
    .sort((a, b) => a.kpepNumber - b.kpepNumber || a.directory.localeCompare(b.directory));
}

/** `KPEP-0012 is taken on origin/storage-draft: Pluggable storage` (a deleted one: "was taken"). */
export function describeClaim(claim: ClaimedNumber): string {
  const where = claim.kind === 'tip' ? `is taken on ${claim.refs.join(', ')}` : `was taken on ${claim.refs.join(', ')} (${claim.directory}, since deleted)`;
  return `${formatKpepId(claim.kpepNumber)} ${where}${claim.title ? `: ${claim.title}` : claim.kind === 'tip' ? ` (${claim.directory})` : ''}`;
}

/** The lowest number no claim reaches: every claimed number, live or deleted, is above-or-at skipped. */
export function numberAboveClaims(options: { next: number; claims: readonly KpepClaim[] }): { kpepNumber: number; skipped: string[] } {
  const above = groupClaims(options.claims).filter((claim) => claim.kpepNumber >= options.next);
  const kpepNumber = Math.max(options.next, ...above.map((claim) => claim.kpepNumber + 1));
  return { kpepNumber, skipped: above.map(describeClaim) };
}

/**
 * What a new KPEP must stay above, and the claims that made it skip numbers: the shared part of
 * `kpep new` and the editor's "New KPEP".
 */
export function claimsForNewKpep(options: { claims: readonly KpepClaim[]; index: KpepIndex; directoryNames: readonly string[] }): { claimedNumbers: number[]; skipped: string[] } {
  const elsewhere = claimsElsewhere(options.claims, options.index);
  const { skipped } = numberAboveClaims({ next: nextKpepNumber({ index: options.index, directoryNames: options.directoryNames }), claims: elsewhere });
  return { claimedNumbers: [...claimedNumbers(elsewhere)], skipped };
}

/** Every number ever claimed, here or on a branch: what `kpep renumber` may not take. */
export function claimedNumbers(claims: readonly KpepClaim[]): Set<number> {
  return new Set(claims.map((claim) => claim.kpepNumber));
}

/**
 * `number-claimed-elsewhere`: another branch holds a different directory with this KPEP's number.
 * Deleted directories are not reported: a proposal renumbered away from here no longer collides.
 */
export function checkNumberClaimedElsewhere(entry: KpepEntry, index: KpepIndex, claims: readonly KpepClaim[]): CrossFinding[] {
  const own = entry.kpepNumber;
  if (own === undefined || !entry.numberRange || claims.length === 0) {
    return [];
  }
  // A directory of this tree with the number is duplicate-number's business, not a branch's.
  const here = new Set(index.withNumber(own).map((other) => other.directory));
  const rivals = groupClaims(claims.filter((claim) => claim.kind === 'tip' && claim.kpepNumber === own && !here.has(claim.directory) && claim.directory !== entry.directory));
  return rivals.map((rival) => ({
    code: 'number-claimed-elsewhere',
    severity: fixedSeverity('number-claimed-elsewhere'),
    message: `${formatKpepId(own)} is also taken on ${rival.refs.join(', ')} by ${rival.directory}${rival.title ? ` (${rival.title})` : ''}; one of the two must be renumbered before both merge.`,
    range: entry.numberRange as NonNullable<KpepEntry['numberRange']>,
  }));
}

/** The hover lines on a kpep-number: where else the number is taken. */
export function claimsHover(entry: KpepEntry, index: KpepIndex, claims: readonly KpepClaim[]): string | undefined {
  const own = entry.kpepNumber;
  const here = new Set(own === undefined ? [] : index.withNumber(own).map((other) => other.directory));
  const others = groupClaims(claims.filter((claim) => claim.kpepNumber === own && !here.has(claim.directory) && claim.directory !== entry.directory));
  if (own === undefined || others.length === 0) {
    return undefined;
  }
  const lines = others.map(
    (claim) => `- ${claim.refs.join(', ')}: \`${claim.directory}\`${claim.title ? ` ${claim.title}` : ''}${claim.kind === 'history' ? ' (since deleted)' : ''}${claim.date ? `, ${claim.date.slice(0, 10)}` : ''}`,
  );
  return [`${formatKpepId(own)} is claimed elsewhere too:`, ...lines].join('\n');
}

/** A KPEP this branch adds whose number REF already gives to another directory (`kpep lint --against REF`). */
export interface RefConflict {
  readonly entry: KpepEntry;
  readonly rival: ClaimedNumber;
  /** The number `kpep renumber` should move this KPEP to. */
  readonly suggested: number;
}

export function conflictsWithRef(options: { index: KpepIndex; refClaims: readonly KpepClaim[]; allClaims: readonly KpepClaim[] }): RefConflict[] {
  const refDirectories = new Set(options.refClaims.map((claim) => claim.directory));
  const rivals = groupClaims(options.refClaims);
  const { kpepNumber: suggested } = numberAboveClaims({ next: options.index.nextKpepNumber(), claims: options.allClaims });
  let next = suggested;
  return options.index.all().flatMap((entry) => {
    // A directory REF also has is not added on this branch.
    if (entry.kpepNumber === undefined || refDirectories.has(entry.directory)) {
      return [];
    }
    const rival = rivals.find((claim) => claim.kpepNumber === entry.kpepNumber && claim.directory !== entry.directory);
    return rival ? [{ entry, rival, suggested: next++ }] : [];
  });
}

export function refConflictMessage(conflict: RefConflict, ref: string): string {
  const { entry, rival } = conflict;
  const own = entry.kpepNumber as number;
  return `${formatKpepId(own)} is already taken on ${ref} by ${rival.directory}${rival.title ? ` (${rival.title})` : ''}; renumber this KPEP: kpep renumber ${own} ${conflict.suggested}`;
}
