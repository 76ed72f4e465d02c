/**
 * How headings match template sections (SPEC §4): on a normalised key, so `Non Goals`,
 * `**Non-Goals**` and `Non-Goals:` all stand for the template's "Non-Goals".
 */

/** The optional marks authors write after a heading, lower-cased: `(Optional)`, `[optional]`. */
const OPTIONAL_MARKS = ['(optional)', '[optional]'];

/** Punctuation that ends a heading without changing which section it is. */
const TRAILING_PUNCTUATION = new Set(['?', ':', '.']);

/**
 * The matching key: the optional mark dropped, lower case, no `*`, `_` or `` ` `` markup, hyphens
 * read as spaces, trailing `?`, `:` and `.` dropped, and no spacing at all.
 */
export function sectionKey(headingText: string): string {
  let key = withoutOptional(headingText).toLowerCase().replace(/[*_`]/g, '').replace(/-/g, ' ').trimEnd();
  while (key !== '' && TRAILING_PUNCTUATION.has(key.charAt(key.length - 1))) {
    key = key.slice(0, -1).trimEnd();
  }
  return key.replace(/\s+/g, '');
}

export function isOptionalHeading(headingText: string): boolean {
  return optionalMarkLength(headingText) > 0;
}

/** `User Stories (Optional)` → `User Stories`; `Story 1 [optional]` → `Story 1`. */
export function withoutOptional(headingText: string): string {
  const trimmed = headingText.trim();
  return trimmed.slice(0, trimmed.length - optionalMarkLength(trimmed)).trim();
}

/** The length of the optional mark that ends the (trimmed) heading, or 0. */
function optionalMarkLength(headingText: string): number {
  const lower = headingText.trimEnd().toLowerCase();
  const mark = OPTIONAL_MARKS.find((candidate) => lower.endsWith(candidate));
  return mark ? headingText.length - headingText.trimEnd().length + mark.length : 0;
}
