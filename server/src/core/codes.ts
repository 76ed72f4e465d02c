/** The public diagnostic codes of SPEC §5: the config file and settings use these names. */

export const DIAGNOSTIC_CODES = {
  'missing-section': 'a template section is absent',
  'section-order': "template sections appear out of the template's order",
  'heading-level': 'a template heading stands at the wrong level',
  'empty-section': 'a required section has no content of its own',
  'template-guidance': 'text or comments left unchanged from the template',
  unresolved: 'an <<[UNRESOLVED ...]>> block remains',
  title: 'the H1 is missing or is not `KPEP-NNNN: <front-matter title>`',
  'toc-stale': 'a <!-- toc --> … <!-- /toc --> block no longer matches the headings',
  'frontmatter-missing': 'no front matter',
  'frontmatter-syntax': 'the YAML front matter does not parse',
  'field-missing': 'a required front-matter field is absent',
  'field-type': 'a front-matter value has the wrong type',
  'field-unknown': 'an unknown front-matter field',
  'invalid-status': 'a status outside the five allowed',
  'invalid-date': 'a date that is not yyyy-mm-dd, or last-updated before creation-date',
  'number-mismatch': "kpep-number differs from the directory's number",
  'directory-name': 'the directory is not NNNN-slug',
  'duplicate-number': 'two KPEPs share a number',
  'dangling-reference': 'a reference to a KPEP number that does not exist',
  'superseded-by-missing': 'status replaced without superseded-by',
  'status-not-replaced': 'superseded-by set while status is not replaced',
  'replaces-not-reciprocated': 'A replaces B, but B does not point forward to A (or the reverse)',
  'replacement-cycle': 'replaces / superseded-by form a cycle',
  'reference-to-replaced': 'prose points at a replaced KPEP',
  'number-claimed-elsewhere': 'another branch holds a different KPEP with this number',
  'heading-text': 'a heading that matches a template section only approximately',
  placeholder: 'a section or front-matter value that is only a placeholder (TODO, TBD, …)',
  'broken-link': 'a relative link, heading anchor or image that does not exist in the workspace',
  'unclosed-fence': 'a fenced code block that runs to the end of the document',
  'too-large': 'the document is too large or too dense with markup to check in full',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const SEVERITY_NAMES = ['error', 'warning', 'information', 'hint'] as const;

export type SeverityName = (typeof SEVERITY_NAMES)[number];

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_CODES, value);
}

/** The source every KPEP diagnostic carries (SPEC §5). */
export const DIAGNOSTIC_SOURCE = 'kpep';
