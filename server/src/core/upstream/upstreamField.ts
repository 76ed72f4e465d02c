/**
 * The `upstream` front-matter field: which upstream KEP a KPEP came from or went to, and the
 * upstream values a KPEP has no field of its own for, kept so an export gives them back.
 */
import type { KpepStatus } from '../status';

export interface UpstreamField {
  readonly kepNumber: number | string | undefined;
  /** keps/<sig>/<NNNN>-<slug>, relative to the upstream repository's root. */
  readonly path: string | undefined;
  /** Upstream's status when a KPEP status stands in for it (deferred, rejected). */
  readonly status: string | undefined;
  readonly editor: string | undefined;
  readonly 'see-also': readonly string[] | undefined;
  readonly replaces: readonly string[] | undefined;
  readonly 'superseded-by': readonly string[] | undefined;
}

/** The upstream lists of KEP paths, which map to KPEP numbers only for KEPs the workspace holds. */
export const UPSTREAM_REFERENCE_LISTS = ['see-also', 'replaces', 'superseded-by'] as const;

/** The keys the `upstream` field may hold. */
export const UPSTREAM_FIELD_KEYS = ['kep-number', 'path', 'status', 'editor', ...UPSTREAM_REFERENCE_LISTS] as const;

/** Upstream statuses a KPEP does not have, and the KPEP status that stands in for each. */
const STATUS_STAND_INS: Readonly<Record<string, KpepStatus>> = { deferred: 'provisional', rejected: 'withdrawn' };

/** The KPEP status for an upstream one: the same word, or its stand-in. */
export function kpepStatusFor(upstreamStatus: string): string {
  return STATUS_STAND_INS[upstreamStatus] ?? upstreamStatus;
}

/** Whether an upstream status needs a stand-in as a KPEP status. */
export function needsStandIn(upstreamStatus: string): boolean {
  return Object.hasOwn(STATUS_STAND_INS, upstreamStatus);
}

/** The field's value, read leniently: the front-matter rules report what is malformed. */
export function readUpstreamField(value: unknown): UpstreamField | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
  const list = (key: string) => (Array.isArray(record[key]) ? record[key].filter((item): item is string => typeof item === 'string') : undefined);
  const kepNumber = record['kep-number'];
  return {
    kepNumber: typeof kepNumber === 'number' || typeof kepNumber === 'string' ? kepNumber : undefined,
    path: text('path')?.replace(/^\/+|\/+$/g, ''),
    status: text('status'),
    editor: text('editor'),
    'see-also': list('see-also'),
    replaces: list('replaces'),
    'superseded-by': list('superseded-by'),
  };
}

/** Why the field's value is malformed, or undefined; for the front-matter rules. */
export function upstreamFieldProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be a mapping such as {kep-number: 1287, path: keps/sig-node/1287-in-place-update}';
  }
  for (const [key, item] of Object.entries(value)) {
    if (!(UPSTREAM_FIELD_KEYS as readonly string[]).includes(key)) {
      return `has "${key}", which is not one of ${UPSTREAM_FIELD_KEYS.join(', ')}`;
    }
    const isList = (UPSTREAM_REFERENCE_LISTS as readonly string[]).includes(key);
    const fine = isList ? Array.isArray(item) && item.every((entry) => typeof entry === 'string') : key === 'kep-number' ? typeof item === 'number' || typeof item === 'string' : typeof item === 'string';
    if (!fine) {
      return `.${key} must be ${isList ? 'a list of KEP paths' : key === 'kep-number' ? 'a number' : 'text'}`;
    }
  }
  return undefined;
}

/** A KEP path as upstream's see-also and replaces write it: /keps/<sig>/<NNNN>-<slug>. */
export function upstreamReferencePath(path: string): string {
  return `/${path.replace(/^\/+/, '')}`;
}
