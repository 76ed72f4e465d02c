/**
 * The checks upstream's validation makes of a kep.yaml and a prod-readiness file, written from its
 * rules: required fields, lists that need a value, statuses, stages, the `v1.NN` milestone format,
 * feature gates, and a PRR approver for the KEP's stage. Placeholders count as missing. Upstream
 * also checks SIG names and PRR approvers against its own lists, which are not known here.
 */
import { isPlaceholder, MILESTONE_PATTERN, readKepNumber, UPSTREAM_STAGES, UPSTREAM_STATUSES, type KepYaml, type UpstreamStage } from './kepYaml';

export interface UpstreamProblem {
  /** The file the problem is in, relative to the upstream repository's root. */
  readonly file: string;
  /** The field (`milestone.beta`, `feature-gates[0].name`) or section it concerns. */
  readonly field: string;
  readonly message: string;
}

/** Fields upstream's validation rejects a kep.yaml without. */
const REQUIRED_FIELDS = ['title', 'kep-number', 'owning-sig', 'status'] as const;

/** Lists upstream wants at least one entry in. */
const NON_EMPTY_LISTS = ['authors', 'reviewers', 'approvers'] as const;

const OPTIONAL_LISTS = ['participating-sigs', 'see-also', 'replaces', 'superseded-by', 'prr-approvers', 'metrics'] as const;

const TEXT_FIELDS = ['title', 'owning-sig', 'creation-date', 'last-updated', 'editor'] as const;

const SIG_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why one upstream field's value is wrong, or undefined; shared with the KPEP front-matter rules. */
export function upstreamValueProblem(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'owning-sig':
      return typeof value === 'string' && SIG_NAME.test(value) ? undefined : 'must be a SIG name such as sig-api-machinery';
    case 'participating-sigs':
    case 'metrics':
    case 'prr-approvers':
      return isListOfText(value) ? undefined : 'must be a list of names';
    case 'stage':
      return (UPSTREAM_STAGES as readonly unknown[]).includes(value) ? undefined : `must be one of ${UPSTREAM_STAGES.join(', ')}`;
    case 'latest-milestone':
      return isMilestone(value) ? undefined : 'must be a release milestone such as "v1.31"';
    case 'milestone':
      return milestoneProblem(value);
    case 'feature-gates':
      return featureGatesProblem(value);
    case 'disable-supported':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    default:
      return undefined;
  }
}

function isListOfText(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '');
}

function isMilestone(value: unknown): boolean {
  return typeof value === 'string' && MILESTONE_PATTERN.test(value);
}

function milestoneProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must map stages to milestones, e.g. {alpha: "v1.31", beta: "v1.32"}';
  }
  for (const [stage, milestone] of Object.entries(value)) {
    if (!(UPSTREAM_STAGES as readonly string[]).includes(stage)) {
      return `has "${stage}", which is not one of ${UPSTREAM_STAGES.join(', ')}`;
    }
    if (!isMilestone(milestone)) {
      return `.${stage} must be a release milestone such as "v1.31"`;
    }
  }
  return undefined;
}

function featureGatesProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) {
    return 'must be a list of {name, components}';
  }
  for (const gate of value as unknown[]) {
    const { name, components } = (typeof gate === 'object' && gate !== null ? gate : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      return 'needs a name for every gate, in UpperCamelCase such as MyFeature';
    }
    if (!isListOfText(components) || (components as unknown[]).length === 0) {
      return `needs the components of ${name}, e.g. [kube-apiserver]`;
    }
  }
  return undefined;
}

/** Every way upstream's validation would reject this kep.yaml, placeholders included. */
export function checkKepYaml(options: { values: KepYaml; file: string }): UpstreamProblem[] {
  const { values, file } = options;
  const problems: UpstreamProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ file, field, message });

  for (const key of REQUIRED_FIELDS) {
    if (values[key] === undefined || values[key] === null || values[key] === '') {
      problem(key, `${key} is required.`);
    }
  }
  for (const key of NON_EMPTY_LISTS) {
    const value = values[key];
    if (!Array.isArray(value) || value.length === 0) {
      problem(key, `${key} needs at least one entry.`);
    } else if (!isListOfText(value)) {
      problem(key, `${key} must be a list of names.`);
    }
  }
  for (const key of OPTIONAL_LISTS) {
    if (values[key] !== undefined && values[key] !== null && !isListOfText(values[key])) {
      problem(key, `${key} must be a list of text.`);
    }
  }
  for (const key of TEXT_FIELDS) {
    const value = values[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      problem(key, `${key} must be non-empty text.`);
    }
  }
  if (values['kep-number'] !== undefined && !isPlaceholder(values['kep-number']) && readKepNumber(values['kep-number']) === undefined) {
    problem('kep-number', 'kep-number must be the number of the KEP\'s tracking issue.');
  }
  if (values.status !== undefined && !(UPSTREAM_STATUSES as readonly unknown[]).includes(values.status)) {
    problem('status', `status must be one of ${UPSTREAM_STATUSES.join(', ')}.`);
  }
  for (const key of ['owning-sig', 'stage', 'latest-milestone', 'milestone', 'feature-gates', 'disable-supported'] as const) {
    const value = values[key];
    const wrong = value === undefined || isPlaceholder(value) ? undefined : upstreamValueProblem(key, value);
    if (wrong) {
      problem(key, `${key} ${wrong}.`);
    }
  }
  problems.push(...placeholdersIn({ value: values, path: '', file }));
  return dedupe(problems);
}

/** The prod-readiness file: its kep-number must match, and the KEP's stage needs an approver. */
export function checkPrrApproval(options: { values: Record<string, unknown>; file: string; kepNumber: unknown; stage: UpstreamStage }): UpstreamProblem[] {
  const { values, file } = options;
  const problems: UpstreamProblem[] = [];
  if (values['kep-number'] === undefined) {
    problems.push({ file, field: 'kep-number', message: 'kep-number is required.' });
  } else if (String(values['kep-number']) !== String(options.kepNumber)) {
    problems.push({ file, field: 'kep-number', message: `kep-number must be the KEP's, ${String(options.kepNumber)}.` });
  }
  const approval = values[options.stage] as Record<string, unknown> | undefined;
  const approver = approval?.['approver'];
  if (typeof approver !== 'string' || approver.trim() === '') {
    problems.push({ file, field: `${options.stage}.approver`, message: `a PRR approver for ${options.stage} is required.` });
  }
  problems.push(...placeholdersIn({ value: values, path: '', file }));
  return dedupe(problems);
}

/** Each placeholder anywhere in the values, by its path. */
function placeholdersIn(options: { value: unknown; path: string; file: string }): UpstreamProblem[] {
  const { value, path, file } = options;
  if (isPlaceholder(value)) {
    return [{ file, field: path, message: `${path} is still a placeholder (${String(value)}).` }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => placeholdersIn({ value: item, path: `${path}[${index}]`, file }));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => placeholdersIn({ value: item, path: path === '' ? key : `${path}.${key}`, file }));
  }
  return [];
}

function dedupe(problems: readonly UpstreamProblem[]): UpstreamProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.file}\u0000${problem.field}\u0000${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
