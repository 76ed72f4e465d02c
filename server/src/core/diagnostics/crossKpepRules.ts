/**
 * Rules across KPEPs (SPEC §5): number-claimed-elsewhere (with the branches' claims), duplicate-number, dangling-reference, replaces-not-reciprocated,
 * replacement-cycle, reference-to-replaced. They read the document's own entry and the workspace
 * index, so a change in one KPEP changes the diagnostics of the others.
 */
import { DiagnosticTag, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver-types';
import type { KpepIndex } from '../index/kpepIndex';
import { referenceSites, type KpepEntry, type ReferenceSite } from '../index/kpepEntry';
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

export interface AcrossKpepsOptions {
  /** KPEP directories other branches hold, for number-claimed-elsewhere. */
  readonly claims?: readonly KpepClaim[] | undefined;
}

export function checkAcrossKpeps(entry: KpepEntry, index: KpepIndex, options: AcrossKpepsOptions = {}): CrossFinding[] {
  return [
    ...checkNumberClaimedElsewhere(entry, index, options.claims ?? []),
    ...checkDuplicateNumber(entry, index),
    ...checkDanglingReferences(entry, index),
    ...checkReciprocity(entry, index),
    ...checkReplacementCycle(entry, index),
    ...checkReferencesToReplaced(entry, index),
  ];
}

function describe(entry: KpepEntry | undefined, kpepNumber: number): string {
  return entry?.title ? `${formatKpepId(kpepNumber)}: ${entry.title}` : formatKpepId(kpepNumber);
}

function checkDuplicateNumber(entry: KpepEntry, index: KpepIndex): CrossFinding[] {
  if (entry.kpepNumber === undefined) {
    return [];
  }
  const others = index.withNumber(entry.kpepNumber).filter((other) => other.path !== entry.path);
  if (others.length === 0) {
    return [];
  }
  return [
    {
      code: 'duplicate-number',
      severity: fixedSeverity('duplicate-number'),
      message: `${formatKpepId(entry.kpepNumber)} is also used by ${others.map((other) => other.path).join(', ')}; a number belongs to one KPEP forever.`,
      range: entry.numberRange ?? entry.titleRange ?? START_OF_FILE,
    },
  ];
}

function checkDanglingReferences(entry: KpepEntry, index: KpepIndex): CrossFinding[] {
  // A link is broken-link's to report: it resolves by path, and names the number's KPEP as a suggestion.
  return referenceSites(entry)
    .filter((site) => site.kind !== 'link' && site.kpepNumber !== entry.kpepNumber && index.withNumber(site.kpepNumber).length === 0)
    .map((site) => ({
      code: 'dangling-reference',
      severity: fixedSeverity('dangling-reference'),
      message: `There is no ${formatKpepId(site.kpepNumber)} in this workspace.`,
      range: site.range,
    }));
}

function checkReciprocity(entry: KpepEntry, index: KpepIndex): CrossFinding[] {
  const own = entry.kpepNumber;
  if (own === undefined) {
    return [];
  }
  return referenceSites(entry).flatMap((site): CrossFinding[] => {
    const target = index.find(site.kpepNumber);
    if (!target || site.kpepNumber === own) {
      return [];
    }
    if (site.kind === 'replaces' && !target.supersededBy.includes(own)) {
      return [
        {
          code: 'replaces-not-reciprocated',
          severity: fixedSeverity('replaces-not-reciprocated'),
          message: `${formatKpepId(own)} replaces ${formatKpepId(site.kpepNumber)}, but ${formatKpepId(site.kpepNumber)} does not point forward: add ${own} to its superseded-by.`,
          range: site.range,
        },
      ];
    }
    if (site.kind === 'superseded-by' && !target.replaces.includes(own)) {
      return [
        {
          code: 'replaces-not-reciprocated',
          severity: fixedSeverity('replaces-not-reciprocated'),
          message: `${formatKpepId(own)} is superseded by ${formatKpepId(site.kpepNumber)}, but ${formatKpepId(site.kpepNumber)} does not list it: add ${own} to its replaces.`,
          range: site.range,
        },
      ];
    }
    return [];
  });
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

function checkReplacementCycle(entry: KpepEntry, index: KpepIndex): CrossFinding[] {
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
  const sites: readonly ReferenceSite[] = referenceSites(entry).filter(
    (site) => (site.kind === 'replaces' || site.kind === 'superseded-by') && cycle.has(site.kpepNumber),
  );
  const ranges = sites.length > 0 ? sites.map((site) => site.range) : [entry.numberRange ?? START_OF_FILE];
  return ranges.map((range) => ({
    code: 'replacement-cycle',
    severity: fixedSeverity('replacement-cycle'),
    message: `replaces / superseded-by form a cycle through ${order}: a KPEP cannot, even indirectly, replace itself.`,
    range,
  }));
}

function checkReferencesToReplaced(entry: KpepEntry, index: KpepIndex): CrossFinding[] {
  return referenceSites(entry).flatMap((site): CrossFinding[] => {
    const target = index.resolve(site)[0];
    // Naming what it replaces is the point of a successor; only prose and links are flagged.
    if ((site.kind !== 'prose' && site.kind !== 'link') || target?.status !== 'replaced' || site.kpepNumber === entry.kpepNumber || entry.replaces.includes(site.kpepNumber)) {
      return [];
    }
    const latest = index.successionChain(site.kpepNumber).at(-1);
    const successor = latest === undefined ? 'no successor is recorded' : `its latest successor is ${describe(index.find(latest), latest)}`;
    return [
      {
        code: 'reference-to-replaced',
        severity: fixedSeverity('reference-to-replaced'),
        message: `${describe(target, site.kpepNumber)} was replaced; ${successor}.`,
        range: site.range,
        tags: [DiagnosticTag.Deprecated],
      },
    ];
  });
}
