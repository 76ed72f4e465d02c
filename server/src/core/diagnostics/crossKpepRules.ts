/**
 * Rules across KPEPs (SPEC §5): number-claimed-elsewhere (with the branches' claims), duplicate-number, dangling-reference, replaces-not-reciprocated,
 * replacement-cycle, reference-to-replaced. They read the document's own entry and the workspace
 * index, so a change in one KPEP changes the diagnostics of the others. An open KPEP keeps its
 * verdicts (`KeptCrossFindings`): a keystroke mostly moves references without changing what they say.
 */
import { DiagnosticTag, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver-types';
import type { KpepIndex } from '../index/kpepIndex';
import { referenceCount, referenceSiteAt, SITE_WIDTH, type KpepEntry } from '../index/kpepEntry';
import type { OffsetRange } from '../offsetRange';
import { formatKpepId } from '../kpepNumber';
import { checkNumberClaimedElsewhere, type KpepClaim } from '../branchClaims';
import { fixedSeverity, type DiagnosticCode, type SeverityName } from '../ruleRegistry';
import type { FindingData } from './finding';

/** A finding placed with LSP positions, as `kpep lint` carries it from a worker thread or its cache. */
export interface PositionedFinding {
  readonly code: DiagnosticCode;
  readonly severity: SeverityName;
  readonly message: string;
  readonly range: Range;
  readonly tags?: DiagnosticTag[];
  readonly relatedInformation?: DiagnosticRelatedInformation[];
  readonly data?: FindingData;
}

/** A finding across KPEPs, on offsets of the document's own entry (which places them: `rangeIn`). */
export interface CrossFinding {
  readonly code: DiagnosticCode;
  readonly severity: SeverityName;
  readonly message: string;
  readonly range: OffsetRange;
  readonly tags?: DiagnosticTag[];
}

const START_OF_FILE: OffsetRange = { start: 0, end: 0 };

/** A cross-KPEP finding before it is placed: on a reference (its ordinal in the entry) or on the KPEP's number. */
interface Verdict {
  readonly finding: Omit<CrossFinding, 'range'>;
  readonly at: number | 'number' | 'number-or-title';
}

export interface AcrossKpepsOptions {
  /** KPEP directories other branches hold, for number-claimed-elsewhere. */
  readonly claims?: readonly KpepClaim[] | undefined;
  /** The verdicts of the KPEP's previous version, reused while nothing they read has changed. */
  readonly kept?: KeptCrossFindings | undefined;
}

export function checkAcrossKpeps(entry: KpepEntry, index: KpepIndex, options: AcrossKpepsOptions = {}): CrossFinding[] {
  const claims = options.claims ?? [];
  const verdicts = options.kept ? options.kept.verdicts(entry, index, claims) : crossVerdicts(entry, index, claims);
  return verdicts.map((verdict) => ({ ...verdict.finding, range: placeOf(entry, verdict.at) }));
}

/**
 * The cross-KPEP verdicts of one open KPEP, kept from version to version: they are worked out again
 * only when its references (number, kind, link target, in order), its own number, path or lists,
 * the claims, or what the index's entries say (`factsVersion`) changed; otherwise they are placed
 * on the new version's references by ordinal.
 */
export class KeptCrossFindings {
  private kept: { readonly entry: KpepEntry; readonly index: KpepIndex; readonly factsVersion: number; readonly claims: readonly KpepClaim[]; readonly verdicts: readonly Verdict[] } | undefined;

  verdicts(entry: KpepEntry, index: KpepIndex, claims: readonly KpepClaim[]): readonly Verdict[] {
    const kept = this.kept;
    const unchanged =
      kept !== undefined &&
      kept.index === index &&
      kept.factsVersion === index.factsVersion &&
      (kept.claims === claims || (kept.claims.length === 0 && claims.length === 0)) &&
      sameCrossFacts(kept.entry, entry);
    const verdicts = unchanged ? kept.verdicts : crossVerdicts(entry, index, claims);
    this.kept = { entry, index, factsVersion: index.factsVersion, claims, verdicts };
    return verdicts;
  }
}

/** What the rules read of the KPEP itself, ranges aside (those are placed afresh). */
function sameCrossFacts(before: KpepEntry, after: KpepEntry): boolean {
  if (
    before.path !== after.path ||
    before.kpepNumber !== after.kpepNumber ||
    (before.numberRange === undefined) !== (after.numberRange === undefined) ||
    !sameNumbers(before.replaces, after.replaces) ||
    !sameNumbers(before.supersededBy, after.supersededBy) ||
    before.sites.length !== after.sites.length
  ) {
    return false;
  }
  for (let at = 0; at < after.sites.length; at += SITE_WIDTH) {
    if (
      before.sites[at] !== after.sites[at] ||
      before.sites[at + 1] !== after.sites[at + 1] ||
      before.targets[before.sites[at + 4] as number] !== after.targets[after.sites[at + 4] as number]
    ) {
      return false;
    }
  }
  return true;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, at) => n === b[at]);
}

function placeOf(entry: KpepEntry, at: Verdict['at']): OffsetRange {
  if (at === 'number') {
    return entry.numberRange ?? START_OF_FILE;
  }
  if (at === 'number-or-title') {
    return entry.numberRange ?? entry.titleRange ?? START_OF_FILE;
  }
  return referenceSiteAt(entry, at).range;
}

function crossVerdicts(entry: KpepEntry, index: KpepIndex, claims: readonly KpepClaim[]): Verdict[] {
  const references = checkReferences(entry, index);
  return [
    // Its findings are always on the number, which it requires.
    ...checkNumberClaimedElsewhere(entry, index, claims).map(({ code, severity, message }): Verdict => ({ finding: { code, severity, message }, at: 'number' })),
    ...checkDuplicateNumber(entry, index),
    ...references.dangling,
    ...references.reciprocity,
    ...checkReplacementCycle(entry, index),
    ...references.toReplaced,
  ];
}

function describe(entry: KpepEntry | undefined, kpepNumber: number): string {
  return entry?.title ? `${formatKpepId(kpepNumber)}: ${entry.title}` : formatKpepId(kpepNumber);
}

function checkDuplicateNumber(entry: KpepEntry, index: KpepIndex): Verdict[] {
  if (entry.kpepNumber === undefined) {
    return [];
  }
  const others = index.withNumber(entry.kpepNumber).filter((other) => other.path !== entry.path);
  if (others.length === 0) {
    return [];
  }
  return [
    {
      finding: {
        code: 'duplicate-number',
        severity: fixedSeverity('duplicate-number'),
        message: `${formatKpepId(entry.kpepNumber)} is also used by ${others.map((other) => other.path).join(', ')}; a number belongs to one KPEP forever.`,
      },
      at: 'number-or-title',
    },
  ];
}

/**
 * dangling-reference, replaces-not-reciprocated and reference-to-replaced, in one walk of the flat
 * references with one index look-up each: a long proposal holds hundreds.
 */
function checkReferences(entry: KpepEntry, index: KpepIndex): { dangling: Verdict[]; reciprocity: Verdict[]; toReplaced: Verdict[] } {
  const own = entry.kpepNumber;
  const found = { dangling: [] as Verdict[], reciprocity: [] as Verdict[], toReplaced: [] as Verdict[] };
  // The last link read: references come in document order, so a mention in a link's text follows it.
  let link: { readonly end: number; readonly kpepNumber: number } | undefined;
  for (let ordinal = 0; ordinal < referenceCount(entry); ordinal++) {
    const { kpepNumber, kind, target, range } = referenceSiteAt(entry, ordinal);
    // `[KPEP-0003](../0003-x/README.md)` is one reference to the reader: the link's findings are not repeated for its text.
    const inLinkToIt = kind === 'prose' && link !== undefined && range.start < link.end && link.kpepNumber === kpepNumber;
    if (kind === 'link') {
      link = { end: range.end, kpepNumber };
    }
    if (kpepNumber === own) {
      continue;
    }
    // As the index resolves a reference: a link by the README it names, anything else (which names no README) by number.
    const referenced = target === undefined ? index.find(kpepNumber) : index.get(target);
    // A link, and the id in its text, are broken-link's to report: it resolves by path, and names the number's KPEP as a suggestion.
    if (kind !== 'link' && !inLinkToIt && referenced === undefined) {
      found.dangling.push({
        finding: { code: 'dangling-reference', severity: fixedSeverity('dangling-reference'), message: `There is no ${formatKpepId(kpepNumber)} in this workspace.` },
        at: ordinal,
      });
    }
    const unreciprocated = own !== undefined && referenced !== undefined ? reciprocityMessage({ own, kpepNumber, kind, referenced }) : undefined;
    if (unreciprocated !== undefined) {
      found.reciprocity.push({ finding: { code: 'replaces-not-reciprocated', severity: fixedSeverity('replaces-not-reciprocated'), message: unreciprocated }, at: ordinal });
    }
    // Naming what it replaces is the point of a successor; only prose and links are flagged.
    if ((kind === 'prose' || kind === 'link') && !inLinkToIt && referenced?.status === 'replaced' && !entry.replaces.includes(kpepNumber)) {
      const latest = index.successionChain(kpepNumber).at(-1);
      const successor = latest === undefined ? 'no successor is recorded' : `its latest successor is ${describe(index.find(latest), latest)}`;
      found.toReplaced.push({
        finding: {
          code: 'reference-to-replaced',
          severity: fixedSeverity('reference-to-replaced'),
          message: `${describe(referenced, kpepNumber)} was replaced; ${successor}.`,
          tags: [DiagnosticTag.Deprecated],
        },
        at: ordinal,
      });
    }
  }
  return found;
}

/** The message of a replaces or superseded-by entry the KPEP it names does not answer; undefined when it does. */
function reciprocityMessage(options: { own: number; kpepNumber: number; kind: string; referenced: KpepEntry }): string | undefined {
  const { own, kpepNumber, kind, referenced } = options;
  if (kind === 'replaces' && !referenced.supersededBy.includes(own)) {
    return `${formatKpepId(own)} replaces ${formatKpepId(kpepNumber)}, but ${formatKpepId(kpepNumber)} does not point forward: add ${own} to its superseded-by.`;
  }
  if (kind === 'superseded-by' && !referenced.replaces.includes(own)) {
    return `${formatKpepId(own)} is superseded by ${formatKpepId(kpepNumber)}, but ${formatKpepId(kpepNumber)} does not list it: add ${own} to its replaces.`;
  }
  return undefined;
}

/** Newer KPEPs: those named in superseded-by, and those that list this one in replaces. */
function successors(index: KpepIndex, kpepNumber: number): number[] {
  return [...(index.find(kpepNumber)?.supersededBy ?? []), ...index.replacing(kpepNumber).flatMap((entry) => entry.kpepNumber ?? [])];
}

/** Older KPEPs: those named in replaces, and those that name this one in superseded-by. */
function predecessors(index: KpepIndex, kpepNumber: number): number[] {
  return [...(index.find(kpepNumber)?.replaces ?? []), ...index.supersededByThis(kpepNumber).flatMap((entry) => entry.kpepNumber ?? [])];
}

function reachable(start: number, next: (kpepNumber: number) => number[]): Set<number> {
  const seen = new Set<number>();
  const queue = next(start);
  while (queue.length > 0) {
    const current = queue.pop() as number;
    if (!seen.has(current)) {
      seen.add(current);
      queue.push(...next(current));
    }
  }
  return seen;
}

function checkReplacementCycle(entry: KpepEntry, index: KpepIndex): Verdict[] {
  const own = entry.kpepNumber;
  if (own === undefined) {
    return [];
  }
  const forward = reachable(own, (n) => successors(index, n));
  if (!forward.has(own)) {
    return [];
  }
  const backward = reachable(own, (n) => predecessors(index, n));
  const cycle = new Set([own, ...[...forward].filter((n) => backward.has(n))]);
  const order = [...cycle].sort((a, b) => a - b).map(formatKpepId).join(', ');
  const places: Verdict['at'][] = [];
  for (let ordinal = 0; ordinal < referenceCount(entry); ordinal++) {
    const { kind, kpepNumber } = referenceSiteAt(entry, ordinal);
    if ((kind === 'replaces' || kind === 'superseded-by') && cycle.has(kpepNumber)) {
      places.push(ordinal);
    }
  }
  return (places.length > 0 ? places : ['number' as const]).map((at) => ({
    finding: {
      code: 'replacement-cycle',
      severity: fixedSeverity('replacement-cycle'),
      message: `replaces / superseded-by form a cycle through ${order}: a KPEP cannot, even indirectly, replace itself.`,
    },
    at,
  }));
}
