/** The KPEP status lifecycle (SPEC §1). */

export const KPEP_STATUSES = ['provisional', 'implementable', 'implemented', 'withdrawn', 'replaced'] as const;

export type KpepStatus = (typeof KPEP_STATUSES)[number];

export const STATUS_MEANINGS: Readonly<Record<KpepStatus, string>> = {
  provisional: 'shape agreed, not yet committed to a release; discussion can still re-scope',
  implementable: 'design is firm; work can be parceled into PRs against the relevant repos',
  implemented: 'all the work landed; the KPEP becomes historical reference',
  withdrawn: 'started, but decided not to ship; stays as the "why we didn\'t" record',
  replaced: 'a later KPEP supersedes this one; both stay, and the older points forward',
};

/** Where each status may go next: forward along the lifecycle, back to re-scope, or out to a terminal status. */
export const STATUS_TRANSITIONS: Readonly<Record<KpepStatus, readonly KpepStatus[]>> = {
  provisional: ['implementable', 'withdrawn', 'replaced'],
  implementable: ['implemented', 'provisional', 'withdrawn', 'replaced'],
  implemented: ['replaced'],
  withdrawn: [],
  replaced: [],
};

export function isKpepStatus(value: unknown): value is KpepStatus {
  return typeof value === 'string' && (KPEP_STATUSES as readonly string[]).includes(value);
}

/** The two statuses that gate template sections (SPEC §4). */
export type SectionGate = 'provisional' | 'implementable';

/**
 * How far a document is along the lifecycle, for gating: withdrawn and replaced KPEPs are
 * historical records that never advance, so they are held only to the provisional gate.
 */
export function gateStage(status: KpepStatus | undefined): SectionGate {
  return status === 'implementable' || status === 'implemented' ? 'implementable' : 'provisional';
}

/** True for the statuses no transition leaves. */
export function isTerminalStatus(status: KpepStatus | undefined): boolean {
  return status === 'withdrawn' || status === 'replaced';
}
