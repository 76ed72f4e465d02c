/** Headings match case-insensitively, ignoring a trailing `(Optional)` and all spacing (SPEC §4). */
export function sectionKey(headingText: string): string {
  return withoutOptional(headingText).toLowerCase().replace(/\s+/g, '');
}

// The lookbehind starts a match only at the first of a run of spaces, so the expression stays linear.
const OPTIONAL_SUFFIX = /(?<!\s)\s*\(optional\)\s*$/i;

export function isOptionalHeading(headingText: string): boolean {
  return OPTIONAL_SUFFIX.test(headingText);
}

/** `User Stories (Optional)` → `User Stories`. */
export function withoutOptional(headingText: string): string {
  return headingText.replace(OPTIONAL_SUFFIX, '').trim();
}
