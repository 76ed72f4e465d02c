/** Headings match case-insensitively, ignoring a trailing `(Optional)` and all spacing (SPEC §4). */
export function sectionKey(headingText: string): string {
  return withoutOptional(headingText).toLowerCase().replace(/\s+/g, '');
}

const OPTIONAL_SUFFIX = /\s*\(optional\)\s*$/i;

export function isOptionalHeading(headingText: string): boolean {
  return OPTIONAL_SUFFIX.test(headingText);
}

/** `User Stories (Optional)` → `User Stories`. */
export function withoutOptional(headingText: string): string {
  return headingText.replace(OPTIONAL_SUFFIX, '').trim();
}
