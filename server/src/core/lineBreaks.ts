/**
 * Fast line bookkeeping (the incremental parse, the index's line scan) counts line feeds only;
 * markdown and LSP positions also end a line at a lone carriage return, so text with one takes
 * the slow, exact path.
 */
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

export function hasLoneCarriageReturn(text: string): boolean {
  return LONE_CARRIAGE_RETURN.test(text);
}
