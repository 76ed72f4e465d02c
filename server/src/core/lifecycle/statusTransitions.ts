/**
 * The status actions a KPEP offers (SPEC §1 lifecycle), and what blocks "Mark implementable":
 * every section required at implementable that is missing or empty, UNRESOLVED blocks, and
 * template guidance left in.
 */
import { checkUnresolved } from '../diagnostics/documentRules';
import { checkSections } from '../diagnostics/sectionRules';
import type { KpepDocument } from '../kpepDocument';
import { STATUS_TRANSITIONS, type KpepStatus } from '../status';
import type { TemplateModel } from '../template/templateModel';

export interface StatusAction {
  readonly to: KpepStatus;
  readonly title: string;
  /** Why the action cannot be taken yet; empty when it can. */
  readonly blockers: readonly string[];
}

const TITLES: Readonly<Record<Exclude<KpepStatus, 'replaced'>, string>> = {
  provisional: 'Move back to provisional',
  implementable: 'Mark implementable',
  implemented: 'Mark implemented',
  withdrawn: 'Withdraw',
};

/** The transitions the lifecycle allows from the document's status; "replaced" needs a successor and is offered apart. */
export function statusActions(document: KpepDocument, template: TemplateModel): StatusAction[] {
  const current = document.status;
  if (!current) {
    return [];
  }
  return STATUS_TRANSITIONS[current].flatMap((to) =>
    to === 'replaced' ? [] : [{ to, title: TITLES[to], blockers: to === 'implementable' ? implementableBlockers(document, template) : [] }],
  );
}

export function canBeReplaced(document: KpepDocument): boolean {
  return document.status !== undefined && STATUS_TRANSITIONS[document.status].includes('replaced');
}

/** What would be an error, or template text left, once the KPEP is implementable. */
export function implementableBlockers(document: KpepDocument, template: TemplateModel): string[] {
  const asImplementable: KpepDocument = { ...document, status: 'implementable' };
  const findings = [...checkSections(asImplementable, template), ...checkUnresolved(asImplementable)];
  const blockers = findings
    .filter((finding) => finding.code === 'missing-section' || finding.code === 'empty-section')
    .map((finding) => finding.message.replace(/\.$/, ''));
  const unresolved = findings.filter((finding) => finding.code === 'unresolved').length;
  if (unresolved > 0) {
    blockers.push(`${unresolved} UNRESOLVED block${unresolved === 1 ? ' remains' : 's remain'}`);
  }
  const guidance = findings.filter((finding) => finding.code === 'template-guidance').length;
  if (guidance > 0) {
    blockers.push(`${guidance} piece${guidance === 1 ? '' : 's'} of template guidance left unchanged`);
  }
  return blockers;
}
