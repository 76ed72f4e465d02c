/**
 * The rule registry: every public diagnostic code of SPEC §5 with what it reports, how severe it is,
 * whether a fix repairs it and what to do about it. Rules take their severity from here; SARIF's
 * rule metadata, the README and spec tables and each docs/rules/<code>.md header are made from it.
 */
import { gateStage, isTerminalStatus, type KpepStatus, type SectionGate } from './status';

export const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'] as const;

export type SeverityName = (typeof SEVERITY_NAMES)[number];

/** How a rule's severity is chosen. */
export type RuleSeverity =
  /** One severity, with an optional other one for a single named case. */
  | { readonly kind: 'fixed'; readonly severity: SeverityName; readonly otherwise?: { readonly severity: SeverityName; readonly when: string } }
  /** SPEC §4's section gate: information while needed only later, a warning while provisional, an error from implementable. */
  | { readonly kind: 'section-gate' }
  /** Information while provisional, `firm` from implementable on, once the design is meant to be firm. */
  | { readonly kind: 'firm-from-implementable'; readonly firm: SeverityName }
  /** Information while provisional, a warning from implementable, an error once implemented: for what must be gone by then. */
  | { readonly kind: 'sharpens-with-status' };

export interface KpepRule {
  /** What the rule reports, in a phrase (the tables, SARIF's short description). */
  readonly description: string;
  readonly severity: RuleSeverity;
  /** Whether a quick fix (or `kpep toc --write`, `kpep renumber`) repairs what it reports. */
  readonly fixable: boolean;
  /** What to do about a finding (SARIF's help, the page's header). */
  readonly help: string;
}

type FixedSeverity = Extract<RuleSeverity, { kind: 'fixed' }>;
type StatusSeverity = Extract<RuleSeverity, { kind: 'firm-from-implementable' | 'sharpens-with-status' }>;

const fixed = (severity: SeverityName, otherwise?: FixedSeverity['otherwise']): FixedSeverity => ({ kind: 'fixed', severity, ...(otherwise ? { otherwise } : {}) });
const SECTION_GATE = { kind: 'section-gate' } as const;

export const KPEP_RULES = {
  'missing-section': {
    description: 'a template section is absent',
    severity: SECTION_GATE,
    fixable: true,
    help: 'Add the section under the heading the template gives it. Summary and Motivation are needed from provisional; the other non-optional sections from implementable.',
  },
  'section-order': {
    description: "template sections appear out of the template's order",
    severity: fixed('warning'),
    fixable: false,
    help: 'Move the section to where the template places it, or turn the rule off in .kpep.json.',
  },
  'heading-level': {
    description: 'a template heading stands at the wrong level',
    severity: fixed('warning'),
    fixable: false,
    help: 'Use the heading level the template uses for this section.',
  },
  'empty-section': {
    description: 'a required section has no content of its own',
    severity: SECTION_GATE,
    fixable: false,
    help: "Write the section's own text; a comment or the template's guidance alone does not count.",
  },
  'template-guidance': {
    description: 'text or comments left unchanged from the template',
    severity: { kind: 'firm-from-implementable', firm: 'warning' },
    fixable: false,
    help: 'Replace the text or comment copied from the template with your own, or delete it.',
  },
  unresolved: {
    description: 'an `<<[UNRESOLVED ...]>>` block remains',
    severity: { kind: 'firm-from-implementable', firm: 'error' },
    fixable: false,
    help: 'Settle the <<[UNRESOLVED ...]>> block and remove its markers before the KPEP becomes implementable.',
  },
  title: {
    description: 'the H1 is missing or is not `KPEP-NNNN: <front-matter title>`',
    severity: fixed('warning', { severity: 'information', when: 'when the H1 differs from the title only in case' }),
    fixable: true,
    help: 'Make the first heading `# KPEP-NNNN: <title>`, with the number and title of the front matter.',
  },
  'toc-stale': {
    description: 'a `<!-- toc -->` … `<!-- /toc -->` block no longer matches the headings',
    severity: fixed('warning'),
    fixable: true,
    help: 'Regenerate the table of contents with `kpep toc --write`.',
  },
  'frontmatter-missing': {
    description: 'no front matter',
    severity: fixed('error'),
    fixable: false,
    help: 'Start the file with a YAML front-matter block between `---` lines (see templates/README.md).',
  },
  'frontmatter-syntax': {
    description: 'the front matter does not parse as YAML, or names another language',
    severity: fixed('error'),
    fixable: false,
    help: 'Fix the YAML at the reported line and column.',
  },
  'field-missing': {
    description: 'a required front-matter field is absent',
    severity: fixed('error'),
    fixable: false,
    help: 'Add the field: kpep-number, title, status, authors and creation-date are required.',
  },
  'field-type': {
    description: 'a front-matter value has the wrong type',
    severity: fixed('error'),
    fixable: false,
    help: 'Give the field a value of the expected type (a number, a string, a yyyy-mm-dd date or a list).',
  },
  'field-unknown': {
    description: 'an unknown front-matter field, with the nearest known name suggested',
    severity: fixed('warning'),
    fixable: true,
    help: 'Correct the field name, or remove the field.',
  },
  'invalid-status': {
    description: 'a status outside the five allowed',
    severity: fixed('error'),
    fixable: true,
    help: 'Use one of provisional, implementable, implemented, withdrawn or replaced.',
  },
  'invalid-date': {
    description: 'a date that is not yyyy-mm-dd, or last-updated before creation-date',
    severity: fixed('error'),
    fixable: false,
    help: 'Write dates as yyyy-mm-dd, with last-updated not before creation-date.',
  },
  'number-mismatch': {
    description: "`kpep-number` differs from the directory's number",
    severity: fixed('error'),
    fixable: true,
    help: "Make kpep-number equal the number of the KPEP's directory.",
  },
  'directory-name': {
    description: 'the directory is not `NNNN-slug`',
    severity: fixed('error'),
    fixable: false,
    help: 'Rename the directory to NNNN-slug: at least four zero-padded digits, then a lowercase slug of a-z, 0-9 and -.',
  },
  'duplicate-number': {
    description: 'two KPEPs share a number (reported on each)',
    severity: fixed('error'),
    fixable: false,
    help: 'Give one of the KPEPs the next unused number with `kpep renumber OLD NEW`; numbers are never reused.',
  },
  'dangling-reference': {
    description: 'a reference to a KPEP number that does not exist',
    severity: fixed('warning'),
    fixable: false,
    help: 'Point the reference at an existing KPEP number, or remove it.',
  },
  'superseded-by-missing': {
    description: 'status replaced without `superseded-by`',
    severity: fixed('error'),
    fixable: true,
    help: 'Set superseded-by to the KPEP that replaces this one.',
  },
  'status-not-replaced': {
    description: '`superseded-by` set while the status is not replaced',
    severity: fixed('error'),
    fixable: true,
    help: 'Set status to replaced, or remove superseded-by.',
  },
  'replaces-not-reciprocated': {
    description: 'A replaces B, but B does not point forward to A (or the reverse)',
    severity: fixed('warning'),
    fixable: true,
    help: "When A replaces B, list B in A's replaces and A in B's superseded-by.",
  },
  'replacement-cycle': {
    description: '`replaces` and `superseded-by` form a cycle',
    severity: fixed('error'),
    fixable: false,
    help: 'Break the cycle: a KPEP cannot, directly or through others, replace itself.',
  },
  'reference-to-replaced': {
    description: 'prose points at a replaced KPEP (names the latest successor)',
    severity: fixed('hint'),
    fixable: false,
    help: 'Point the reference at the latest successor of the replaced KPEP.',
  },
  'number-claimed-elsewhere': {
    description: 'another branch holds a different KPEP with this number',
    severity: fixed('warning', { severity: 'error', when: 'with `kpep lint --against REF`' }),
    fixable: true,
    help: 'Agree which proposal keeps the number and move the other with `kpep renumber OLD NEW` (or the quick fix) before both merge.',
  },
  'heading-text': {
    description: 'a heading that matches a template section only approximately',
    severity: fixed('information'),
    fixable: true,
    help: 'Reword the heading as the template words it; the quick fix does it.',
  },
  placeholder: {
    description: "a section or front-matter value that is only a placeholder (TODO, TBD, a template's title)",
    severity: { kind: 'sharpens-with-status' },
    fixable: false,
    help: 'Write the section or value, or delete an optional section; a placeholder is fine in a draft, wrong in the record of what shipped.',
  },
  'broken-link': {
    description: 'a relative link, heading anchor or image that does not exist in the workspace',
    severity: fixed('warning'),
    fixable: false,
    help: 'Point the link at a file, directory or heading that exists in the workspace, or remove it.',
  },
  'unclosed-fence': {
    description: 'a fenced code block that runs to the end of the document',
    severity: fixed('warning'),
    fixable: false,
    help: 'Close the code block with a fence of the same character, at least as long and indented like the opening one.',
  },
  'too-large': {
    description: 'the document is too large or too dense with markup to check in full',
    severity: fixed('error'),
    fixable: false,
    help: 'Split the document, or move generated or pasted material out of it: past the bounds in docs/security.md its body is not checked.',
  },
} as const satisfies Record<string, KpepRule>;

export type DiagnosticCode = keyof typeof KPEP_RULES;

/** The codes in the registry's order, which is SPEC §5's. */
export const DIAGNOSTIC_CODES = Object.keys(KPEP_RULES) as DiagnosticCode[];

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.hasOwn(KPEP_RULES, value);
}

/** The source every KPEP diagnostic carries (SPEC §5). */
export const DIAGNOSTIC_SOURCE = 'kpep';

/** Where each rule's page is published: diagnostics link it as their codeDescription (docs/ is not in the extension package). */
const RULE_DOCS_BASE = 'https://github.com/kplane/kpep-tooling/blob/HEAD/docs/rules';

export function ruleDocsUrl(code: DiagnosticCode): string {
  return `${RULE_DOCS_BASE}/${code}.md`;
}

/** The codes whose severity is chosen the given way. */
type CodeWithSeverity<Severity extends RuleSeverity> = {
  [Code in DiagnosticCode]: (typeof KPEP_RULES)[Code]['severity'] extends Severity ? Code : never;
}[DiagnosticCode];

/** The severity of a rule whose severity does not depend on the KPEP's status; `otherwise` for its one named other case. */
export function fixedSeverity(code: CodeWithSeverity<FixedSeverity>, options: { otherwise?: boolean } = {}): SeverityName {
  const severity: FixedSeverity = KPEP_RULES[code].severity;
  return options.otherwise && severity.otherwise ? severity.otherwise.severity : severity.severity;
}

/** The severity of a rule that sharpens as a KPEP advances, at this status. */
export function statusSeverity(code: CodeWithSeverity<StatusSeverity>, status: KpepStatus | undefined): SeverityName {
  return severityAtStatus(KPEP_RULES[code].severity, status);
}

function severityAtStatus(severity: StatusSeverity, status: KpepStatus | undefined): SeverityName {
  if (severity.kind === 'firm-from-implementable') {
    return gateStage(status) === 'implementable' ? severity.firm : 'information';
  }
  return status === 'implemented' ? 'error' : status === 'implementable' ? 'warning' : 'information';
}

/**
 * The severity of a section rule (SPEC §4) for a section needed from `requiredFrom`: information
 * while it is needed only later, a warning while provisional, an error from implementable on.
 * Withdrawn and replaced KPEPs never advance, so a section needed only later is not reported.
 */
export function sectionGateSeverity(requiredFrom: SectionGate, status: KpepStatus | undefined): SeverityName | undefined {
  const stage = gateStage(status);
  if (requiredFrom === 'implementable' && stage === 'provisional') {
    return isTerminalStatus(status) ? undefined : 'information';
  }
  return stage === 'implementable' ? 'error' : 'warning';
}

/** The one severity a viewer lists for the rule: a gated rule's for a provisional KPEP, in a section needed now. */
export function defaultSeverity(code: DiagnosticCode): SeverityName {
  const severity: RuleSeverity = KPEP_RULES[code].severity;
  switch (severity.kind) {
    case 'fixed':
      return severity.severity;
    case 'section-gate':
      return 'warning';
    default:
      return severityAtStatus(severity, 'provisional');
  }
}

/** Every severity the registry lets a rule give a KPEP at this status, before rule settings apply. */
export function allowedSeverities(code: DiagnosticCode, status: KpepStatus | undefined): SeverityName[] {
  const severity: RuleSeverity = KPEP_RULES[code].severity;
  switch (severity.kind) {
    case 'fixed':
      return severity.otherwise ? [severity.severity, severity.otherwise.severity] : [severity.severity];
    case 'section-gate':
      return (['provisional', 'implementable'] as const).flatMap((gate) => sectionGateSeverity(gate, status) ?? []);
    default:
      return [severityAtStatus(severity, status)];
  }
}

/** The severity as the tables and pages state it. */
export function severityText(code: DiagnosticCode): string {
  const severity: RuleSeverity = KPEP_RULES[code].severity;
  switch (severity.kind) {
    case 'fixed':
      return severity.otherwise ? `${severity.severity}; ${severity.otherwise.severity} ${severity.otherwise.when}` : severity.severity;
    case 'section-gate':
      return 'by status gate: information while needed later, a warning while provisional, an error from implementable';
    case 'firm-from-implementable':
      return `information; ${severity.firm} from implementable`;
    case 'sharpens-with-status':
      return 'information; warning from implementable; error once implemented';
  }
}
