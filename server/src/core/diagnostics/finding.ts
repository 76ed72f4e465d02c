/** What a rule found, before rule settings and positions turn it into an LSP diagnostic. */
import type { DiagnosticCode, SeverityName } from '../codes';
import type { OffsetRange } from '../offsetRange';
import { gateStage, isTerminalStatus, type KpepStatus, type SectionGate } from '../status';

export interface Finding {
  readonly code: DiagnosticCode;
  readonly severity: SeverityName;
  readonly message: string;
  readonly range: OffsetRange;
  /** Other places in the same document the finding points at (LSP related information). */
  readonly related?: readonly RelatedFinding[];
  /** The template section a section finding is about (its key), so another rule can account for it. */
  readonly subject?: string;
  /** What a quick fix needs and the message only shows, carried to the client in Diagnostic.data. */
  readonly data?: FindingData;
}

/** The template sections a missing-section finding names (by title), each of which a quick fix can add. */
export interface FindingData {
  readonly sections: readonly string[];
}

export interface RelatedFinding {
  readonly message: string;
  readonly range: OffsetRange;
}

/**
 * The severity of a section rule under the status gate (SPEC §4): information while the section is
 * only needed later, a warning while provisional, an error from implementable on. Withdrawn and
 * replaced KPEPs never advance, so a section needed only later is not reported for them.
 */
export function gatedSeverity(requiredFrom: SectionGate, status: KpepStatus | undefined): SeverityName | undefined {
  const stage = gateStage(status);
  if (requiredFrom === 'implementable' && stage === 'provisional') {
    return isTerminalStatus(status) ? undefined : 'information';
  }
  return stage === 'implementable' ? 'error' : 'warning';
}

/** Information while provisional, a warning from implementable, an error once implemented: for what must be gone by then. */
export function sharpensWithStatus(status: KpepStatus | undefined): SeverityName {
  return status === 'implemented' ? 'error' : status === 'implementable' ? 'warning' : 'information';
}

/** Information while a KPEP is provisional, and a sharper severity once the design is meant to be firm. */
export function stricterFromImplementable(
  status: KpepStatus | undefined,
  severity: SeverityName,
): SeverityName {
  return gateStage(status) === 'implementable' ? severity : 'information';
}
