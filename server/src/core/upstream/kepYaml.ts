/**
 * Upstream's kep.yaml and prod-readiness file: the field set of kubernetes/enhancements'
 * `api/proposal.go` and `api/approval.go`, the values its validation accepts, and how placeholders
 * this tooling writes are marked. Pure: text in, text out.
 */
import { isMap, parseDocument, stringify } from 'yaml';

/** The statuses upstream's validation accepts; a KPEP's five are among them. */
export const UPSTREAM_STATUSES = ['provisional', 'implementable', 'implemented', 'deferred', 'rejected', 'withdrawn', 'replaced'] as const;

export const UPSTREAM_STAGES = ['alpha', 'beta', 'stable'] as const;

export type UpstreamStage = (typeof UPSTREAM_STAGES)[number];

/** A Kubernetes release milestone, e.g. v1.31 (upstream's pattern, anchored here). */
export const MILESTONE_PATTERN = /^v1\.[1-9]\d*$/;

/** kep.yaml's keys in the order upstream's template writes them. */
export const KEP_YAML_KEYS = [
  'title',
  'kep-number',
  'authors',
  'owning-sig',
  'participating-sigs',
  'status',
  'creation-date',
  'last-updated',
  'reviewers',
  'approvers',
  'prr-approvers',
  'editor',
  'see-also',
  'replaces',
  'superseded-by',
  'stage',
  'latest-milestone',
  'milestone',
  'feature-gates',
  'disable-supported',
  'metrics',
] as const;

export type KepYamlKey = (typeof KEP_YAML_KEYS)[number];

/** The kep.yaml values as plain data, keyed by upstream's field names. */
export type KepYaml = Partial<Record<KepYamlKey, unknown>>;

export interface FeatureGate {
  readonly name: string;
  readonly components: readonly string[];
}

const PLACEHOLDER_MARK = 'TBD';

/** A value the author must still fill in, saying what belongs there. */
export function placeholder(hint: string): string {
  return `${PLACEHOLDER_MARK}: ${hint}`;
}

/** Upstream writes `NNNN` where the KEP number is not known yet; so does the export. */
export const KEP_NUMBER_PLACEHOLDER = 'NNNN';

/** True for a placeholder the export wrote, upstream's own `TBD` and `NNNN` included. */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && (value.trim() === KEP_NUMBER_PLACEHOLDER || /^TBD\b/.test(value.trim()));
}

export type KepYamlRead = { readonly kind: 'parsed'; readonly values: KepYaml } | { readonly kind: 'invalid'; readonly message: string };

/** kep.yaml text as values; anything but a mapping of fields is a one-line problem. */
export function readKepYaml(text: string): KepYamlRead {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const [error] = document.errors;
  if (error) {
    return { kind: 'invalid', message: `kep.yaml is not valid YAML: ${error.message.split('\n')[0] ?? ''}` };
  }
  if (!isMap(document.contents)) {
    return { kind: 'invalid', message: 'kep.yaml must be a mapping of fields such as `title: ...`.' };
  }
  try {
    return { kind: 'parsed', values: document.toJS({ maxAliasCount: 100 }) as KepYaml };
  } catch (caught) {
    return { kind: 'invalid', message: `kep.yaml cannot be read: ${caught instanceof Error ? caught.message : String(caught)}` };
  }
}

/** kep.yaml text with the keys in upstream's order; absent values are left out. */
export function writeKepYaml(values: KepYaml): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEP_YAML_KEYS) {
    if (values[key] !== undefined) {
      ordered[key] = values[key];
    }
  }
  return stringify(ordered, { lineWidth: 0 });
}

/** The kep-number as a whole number, from 1287 or "1287"; undefined for a placeholder or junk. */
export function readKepNumber(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined;
}

/** The stage whose PRR approval a KEP needs: its own stage, alpha until it has one. */
export function prrStage(values: KepYaml): UpstreamStage {
  const stage = values.stage;
  return (UPSTREAM_STAGES as readonly unknown[]).includes(stage) ? (stage as UpstreamStage) : 'alpha';
}

/** keps/prod-readiness/<sig>/<NNNN>.yaml: the KEP's number and the PRR approver for its stage. */
export function writePrrApproval(options: { kepNumber: number | undefined; stage: UpstreamStage; approver: string }): string {
  return stringify({ 'kep-number': options.kepNumber ?? KEP_NUMBER_PLACEHOLDER, [options.stage]: { approver: options.approver } }, { lineWidth: 0 });
}
