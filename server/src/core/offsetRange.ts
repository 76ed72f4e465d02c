/** A span of a document's text as UTF-16 offsets, converted to LSP positions only at the edge. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}
