/**
 * Front-matter rules (SPEC §2, §5): presence, syntax, fields and their types, status, dates, and
 * the number the directory gives.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { FrontMatter, FrontMatterField } from '../frontMatter';
import type { KpepDocument } from '../kpepDocument';
import { declaredKpepNumber, formatKpepId, parseKpepNumber } from '../kpepNumber';
import type { KpepPath } from '../kpepPath';
import type { OffsetRange } from '../offsetRange';
import { KPEP_STATUSES } from '../status';
import { isPlaceholder } from '../upstream/kepYaml';
import { upstreamFieldProblem } from '../upstream/upstreamField';
import { upstreamValueProblem } from '../upstream/upstreamRules';
import { fixedSeverity } from '../ruleRegistry';
import type { Finding } from './finding';

type FieldType = 'kpep-number' | 'text' | 'status' | 'date' | 'handles' | 'names' | 'kpep-numbers' | 'upstream';

interface FieldSpec {
  readonly type: FieldType;
  readonly required: boolean;
}

/** The fields of SPEC §2; names mirror upstream kep.yaml so a KPEP can be lifted upstream. */
export const FRONT_MATTER_FIELDS: Readonly<Record<string, FieldSpec>> = {
  'kpep-number': { type: 'kpep-number', required: true },
  title: { type: 'text', required: true },
  status: { type: 'status', required: true },
  authors: { type: 'handles', required: true },
  'creation-date': { type: 'date', required: true },
  'last-updated': { type: 'date', required: false },
  repos: { type: 'names', required: false },
  reviewers: { type: 'names', required: false },
  approvers: { type: 'names', required: false },
  replaces: { type: 'kpep-numbers', required: false },
  'superseded-by': { type: 'kpep-numbers', required: false },
  'see-also': { type: 'kpep-numbers', required: false },
  // Optional, for a KPEP that goes upstream as a KEP (docs/upstream.md); checked as upstream does.
  'owning-sig': { type: 'upstream', required: false },
  'participating-sigs': { type: 'upstream', required: false },
  'prr-approvers': { type: 'upstream', required: false },
  stage: { type: 'upstream', required: false },
  'latest-milestone': { type: 'upstream', required: false },
  milestone: { type: 'upstream', required: false },
  'feature-gates': { type: 'upstream', required: false },
  'disable-supported': { type: 'upstream', required: false },
  metrics: { type: 'upstream', required: false },
  upstream: { type: 'upstream', required: false },
};

const FIELD_NAMES = Object.keys(FRONT_MATTER_FIELDS);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A did-you-mean only when the typo is close: at most a third of the word, and at most 3 edits. */
export function suggestion(value: string, candidates: readonly string[]): string | undefined {
  const best = closest(value, candidates as string[]);
  const edits = distance(value.toLowerCase(), best);
  return edits <= Math.min(3, Math.ceil(best.length / 3)) ? best : undefined;
}

/**
 * The findings of each front matter, by the directory they were read for: a keystroke below the
 * block keeps it (the same object, its first line included), and so keeps what it was found to hold.
 */
const findingsByFrontMatter = new WeakMap<FrontMatter, { readonly directory: string; readonly findings: readonly Finding[] }>();

export function checkFrontMatter(document: KpepDocument, path: KpepPath): readonly Finding[] {
  const known = findingsByFrontMatter.get(document.frontMatter);
  if (known?.directory === path.directory) {
    return known.findings;
  }
  const findings = readFrontMatterFindings(document, path);
  findingsByFrontMatter.set(document.frontMatter, { directory: path.directory, findings });
  return findings;
}

function readFrontMatterFindings(document: KpepDocument, path: KpepPath): Finding[] {
  const { frontMatter } = document;
  const findings: Finding[] = [];
  const firstLine: OffsetRange = { start: 0, end: Math.max(0, document.textDocument.getText().search(/\r?\n|$/)) };

  if (!path.parsed) {
    findings.push({
      code: 'directory-name',
      severity: fixedSeverity('directory-name'),
      message: `The directory "${path.directory}" is not named NNNN-slug: at least four digits, a dash, then a lowercase slug of a-z, 0-9 and -, e.g. 0007-pluggable-storage.`,
      range: frontMatter.kind === 'parsed' ? (frontMatter.fields.get('kpep-number')?.keyRange ?? frontMatter.openRange) : firstLine,
    });
  }

  if (frontMatter.kind === 'missing') {
    findings.push({
      code: 'frontmatter-missing',
      severity: fixedSeverity('frontmatter-missing'),
      message: 'This KPEP has no front matter: start the file with a `---` block holding kpep-number, title, status, authors and creation-date.',
      range: firstLine,
    });
    return findings;
  }
  if (frontMatter.kind === 'invalid') {
    for (const problem of frontMatter.problems) {
      findings.push({ code: 'frontmatter-syntax', severity: fixedSeverity('frontmatter-syntax'), message: problem.message, range: problem.range });
    }
    return findings;
  }
  if (frontMatter.notAMapping) {
    findings.push({
      code: 'field-type',
      severity: fixedSeverity('field-type'),
      message: 'The front matter must be a mapping of fields such as `kpep-number: 7`.',
      range: frontMatter.notAMapping,
    });
    return findings;
  }

  for (const [name, spec] of Object.entries(FRONT_MATTER_FIELDS)) {
    if (spec.required && !frontMatter.fields.has(name)) {
      findings.push({ code: 'field-missing', severity: fixedSeverity('field-missing'), message: `The required field "${name}" is missing.`, range: frontMatter.openRange });
    }
  }
  for (const field of frontMatter.fields.values()) {
    // Own properties only: a key such as `constructor` must not find Object.prototype's.
    const spec = Object.hasOwn(FRONT_MATTER_FIELDS, field.key) ? FRONT_MATTER_FIELDS[field.key] : undefined;
    if (spec) {
      findings.push(...checkFieldValue(field, spec.type));
    } else {
      const near = suggestion(field.key, FIELD_NAMES);
      findings.push({
        code: 'field-unknown',
        severity: fixedSeverity('field-unknown'),
        message: `"${field.key}" is not a KPEP front-matter field.${near ? ` Did you mean "${near}"?` : ''}`,
        range: field.keyRange,
      });
    }
  }
  findings.push(...checkDateOrder(frontMatter.fields), ...checkReplacement(frontMatter.fields));

  const kpepNumber = frontMatter.fields.get('kpep-number');
  const declared = declaredKpepNumber(kpepNumber?.value);
  if (path.parsed && kpepNumber && declared !== undefined && declared !== path.parsed.kpepNumber) {
    findings.push({
      code: 'number-mismatch',
      severity: fixedSeverity('number-mismatch'),
      message: `kpep-number is ${String(kpepNumber.value)}, but the directory "${path.directory}" makes this ${formatKpepId(path.parsed.kpepNumber)}.`,
      range: kpepNumber.valueRange,
    });
  }
  return findings;
}

function checkFieldValue(field: FrontMatterField, type: FieldType): Finding[] {
  const { key, value, valueRange } = field;
  const wrongType = (expected: string, range = valueRange): Finding => ({
    code: 'field-type',
    severity: fixedSeverity('field-type'),
    message: `"${key}" must be ${expected}.`,
    range,
  });
  switch (type) {
    case 'kpep-number':
      return declaredKpepNumber(value) !== undefined ? [] : [wrongType('a whole number, e.g. 7')];
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? [] : [wrongType('non-empty text')];
    case 'status':
      return checkStatus(field);
    case 'date':
      return checkDate(field);
    case 'handles':
      if (!Array.isArray(value) || value.length === 0) {
        return [wrongType('a non-empty list, e.g. ["@alice"]')];
      }
      return listItemsOfWrongType(field, (item) => typeof item === 'string' && item.trim() !== '', 'a name or @handle');
    case 'names':
      if (!Array.isArray(value)) {
        return [wrongType('a list, e.g. [apiserver, storage]')];
      }
      return listItemsOfWrongType(field, (item) => typeof item === 'string' && item.trim() !== '', 'a name');
    case 'upstream': {
      // A TBD an export or import left is for the export's report to name, not an error here.
      const problem = isPlaceholder(value) ? undefined : key === 'upstream' ? upstreamFieldProblem(value) : upstreamValueProblem(key, value);
      return problem ? [{ code: 'field-type', severity: fixedSeverity('field-type'), message: `"${key}" ${problem}.`, range: valueRange }] : [];
    }
    case 'kpep-numbers':
      if (!Array.isArray(value)) {
        return [wrongType('a list of KPEP numbers, e.g. [3] or ["KPEP-0003"]')];
      }
      return listItemsOfWrongType(field, (item) => parseKpepNumber(item) !== undefined, 'a KPEP number: 7, "0007" or "KPEP-0007"');
  }
}

function listItemsOfWrongType(field: FrontMatterField, valid: (item: unknown) => boolean, expected: string): Finding[] {
  return (field.items ?? [])
    .filter((item) => !valid(item.value))
    .map((item) => ({
      code: 'field-type',
      severity: fixedSeverity('field-type'),
      message: `Each entry of "${field.key}" must be ${expected}.`,
      range: item.range,
    }));
}

function checkStatus(field: FrontMatterField): Finding[] {
  if (typeof field.value !== 'string') {
    return [{ code: 'field-type', severity: fixedSeverity('field-type'), message: `"status" must be one of ${KPEP_STATUSES.join(', ')}.`, range: field.valueRange }];
  }
  if ((KPEP_STATUSES as readonly string[]).includes(field.value)) {
    return [];
  }
  const near = suggestion(field.value, KPEP_STATUSES);
  return [
    {
      code: 'invalid-status',
      severity: fixedSeverity('invalid-status'),
      message: `"${field.value}" is not a KPEP status.${near ? ` Did you mean "${near}"?` : ''} The statuses are ${KPEP_STATUSES.join(', ')}.`,
      range: field.valueRange,
    },
  ];
}

/** A yyyy-mm-dd date that exists in the calendar, as its ISO text; undefined otherwise. */
export function readIsoDate(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = ISO_DATE.exec(text);
  if (!match) {
    return undefined;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? text : undefined;
}

function checkDate(field: FrontMatterField): Finding[] {
  if (typeof field.value !== 'string' && !(field.value instanceof Date)) {
    return [{ code: 'field-type', severity: fixedSeverity('field-type'), message: `"${field.key}" must be a date written yyyy-mm-dd.`, range: field.valueRange }];
  }
  return readIsoDate(field.value)
    ? []
    : [{ code: 'invalid-date', severity: fixedSeverity('invalid-date'), message: `"${String(field.value)}" is not a date written yyyy-mm-dd.`, range: field.valueRange }];
}

function checkDateOrder(fields: ReadonlyMap<string, FrontMatterField>): Finding[] {
  const created = readIsoDate(fields.get('creation-date')?.value);
  const updatedField = fields.get('last-updated');
  const updated = readIsoDate(updatedField?.value);
  // ISO dates compare correctly as text.
  if (!created || !updated || !updatedField || updated >= created) {
    return [];
  }
  return [
    {
      code: 'invalid-date',
      severity: fixedSeverity('invalid-date'),
      message: `last-updated (${updated}) is before creation-date (${created}).`,
      range: updatedField.valueRange,
    },
  ];
}

function checkReplacement(fields: ReadonlyMap<string, FrontMatterField>): Finding[] {
  const status = fields.get('status');
  const supersededBy = fields.get('superseded-by');
  const successors = Array.isArray(supersededBy?.value) ? supersededBy.value.length : 0;
  if (status?.value === 'replaced' && successors === 0) {
    return [
      {
        code: 'superseded-by-missing',
        severity: fixedSeverity('superseded-by-missing'),
        message: 'A replaced KPEP must point forward: list the KPEP that replaces it in "superseded-by".',
        range: status.valueRange,
      },
    ];
  }
  if (supersededBy && successors > 0 && status && status.value !== 'replaced') {
    return [
      {
        code: 'status-not-replaced',
        severity: fixedSeverity('status-not-replaced'),
        message: `"superseded-by" is set, but the status is "${String(status.value)}": a superseded KPEP has status replaced.`,
        range: supersededBy.keyRange,
      },
    ];
  }
  return [];
}
