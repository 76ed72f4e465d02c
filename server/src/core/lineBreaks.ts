/**
 * Fast line bookkeeping (the incremental parse, the index's line scan) counts line feeds only;
 * markdown and LSP positions also end a line at a lone carriage return, so text with one takes
 * the slow, exact path.
 */
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

export function hasLoneCarriageReturn(text: string): boolean {
  // indexOf is far faster than the regular expression, and most text has no carriage return at all.
  return text.includes('\r') && LONE_CARRIAGE_RETURN.test(text);
}
