/** KPEP numbers and directory names (SPEC §1, §2). */

/** A KPEP directory: at least four zero-padded digits, then a lowercase slug. */
const KPEP_DIRECTORY = /^(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** A reference in a front-matter list: 7, "0007" or "KPEP-0007". */
const KPEP_NUMBER_TEXT = /^(?:KPEP-)?(\d+)$/;

/** `KPEP-0007`: the form used in titles, messages and hovers. */
export function formatKpepId(kpepNumber: number): string {
  return `KPEP-${String(kpepNumber).padStart(4, '0')}`;
}

/**
 * The number a KPEP's `kpep-number` field declares (SPEC §2): a YAML number that is a whole number
 * ≥ 0 (`7`, `0007`). A string, even "0007" or "KPEP-0007", is not one (that is `field-type`): the
 * field is the KPEP's own number, written once, so it has one form; the lists that name other
 * KPEPs accept more.
 */
export function declaredKpepNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** How people call a KPEP: `KPEP-0007`, or its directory name when it gives no number. */
export function kpepIdOf(kpep: { readonly kpepNumber: number | undefined; readonly directory: string }): string {
  return kpep.kpepNumber === undefined ? kpep.directory : formatKpepId(kpep.kpepNumber);
}

/** The number a KPEP answers to: the one its kpep-number declares, else its directory's. */
export function kpepNumberOf(options: { declared: unknown; directory: KpepDirectoryName | undefined }): number | undefined {
  return declaredKpepNumber(options.declared) ?? options.directory?.kpepNumber;
}

/** Reads a KPEP number in a front-matter list, written as 7, "0007" or "KPEP-0007"; undefined for anything else. */
export function parseKpepNumber(value: unknown): number | undefined {
  if (typeof value !== 'string') {
    return declaredKpepNumber(value);
  }
  const match = KPEP_NUMBER_TEXT.exec(value.trim());
  if (!match?.[1]) {
    return undefined;
  }
  const kpepNumber = Number(match[1]);
  return Number.isSafeInteger(kpepNumber) ? kpepNumber : undefined;
}

export interface KpepDirectoryName {
  readonly kpepNumber: number;
  readonly slug: string;
}

/** Splits `0007-pluggable-storage` into number and slug; undefined when the name is not `NNNN-slug`. */
export function parseKpepDirectoryName(name: string): KpepDirectoryName | undefined {
  const match = KPEP_DIRECTORY.exec(name);
  if (!match?.[1] || !match[2]) {
    return undefined;
  }
  const kpepNumber = Number(match[1]);
  return Number.isSafeInteger(kpepNumber) ? { kpepNumber, slug: match[2] } : undefined;
}
