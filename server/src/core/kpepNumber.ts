/** KPEP numbers and directory names (SPEC §1, §2). */

/** A KPEP directory: at least four zero-padded digits, then a lowercase slug. */
const KPEP_DIRECTORY = /^(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** A reference in a front-matter list: 7, "0007" or "KPEP-0007". */
const KPEP_NUMBER_TEXT = /^(?:KPEP-)?(\d+)$/;

/** `KPEP-0007`: the form used in titles, messages and hovers. */
export function formatKpepId(kpepNumber: number): string {
  return `KPEP-${String(kpepNumber).padStart(4, '0')}`;
}

/** Reads a KPEP number written as 7, "0007" or "KPEP-0007"; undefined for anything else. */
export function parseKpepNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
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
