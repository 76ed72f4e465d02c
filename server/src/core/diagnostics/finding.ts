/** What a rule found, before rule settings and positions turn it into an LSP diagnostic. */
import type { DiagnosticCode, SeverityName } from '../ruleRegistry';
import type { OffsetRange } from '../offsetRange';

export interface Finding {
  readonly code: DiagnosticCode;
  readonly severity: SeverityName;
  readonly message: string;
  readonly range: OffsetRange;
  /** Other places in the same document the finding points at (LSP related information). */
  readonly related?: readonly RelatedFinding[];
  /** The template section a section finding is about (its key), so another rule can account for it. */
  readonly subject?: string;
}

export interface RelatedFinding {
  readonly message: string;
  readonly range: OffsetRange;
}
