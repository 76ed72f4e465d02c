/**
 * Incremental markdown parsing: remark runs at about 1 MB/s, so a keystroke in a 170 KB KPEP must
 * not re-parse the whole body. The next version keeps the previous top-level mdast nodes, re-parses
 * only the span between the nearest cuts around the change, and shifts the nodes after it.
 * Whenever that might differ from a full parse it parses in full instead.
 *
 * A cut is a top-level node where parsing may restart: a top-level ATX heading (it closes every
 * open block: paragraph, list, quote), or any node after a block that can neither continue into
 * the next line nor hold it (see followsClosedBlock).
 * The span must end on the same node at its new offset, so an edit that changes how its end
 * parses is caught. Only that node's first line is parsed with the span: a top-level node that
 * starts there starts with every container closed, and its text and all after it are unchanged,
 * so it and the rest parse as they did.
 *
 * The one construct that reaches across the document is a link reference definition: whether
 * `[label]`, `[text][label]` or `[label][]` anywhere is a reference depends on the set of labels
 * defined anywhere (by their normalised identifier; a definition's destination and title live only
 * in its own node). So the span is parsed after a prelude of the kept definitions, which the parser
 * registers and which are then dropped, and the next version is taken only when the set of defined
 * identifiers is the same as before: then every kept node would parse as it did. An edit that
 * defines a new label or removes the last definition of one parses in full, as does a document with
 * a definition inside a block quote or list item (its source is not a top-level definition).
 */
import type { Definition, Nodes, RootContent } from 'mdast';
import { hasLoneCarriageReturn } from './lineBreaks';
import { detached, parseMarkdownNodes } from './markdownModel';

const BLANK_LINE = /\n[ \t]*\r?\n/;
const FENCE_OPENING = /^ {0,3}(?:`{3,}|~{3,})/;

export class MarkdownSyntax {
  /** Set once a later version has taken over (and shifted) these nodes: they no longer match `text`. */
  private consumed = false;

  private constructor(
    readonly text: string,
    readonly bodyStart: number,
    /** Top-level mdast nodes with the offsets and lines of `text`. */
    readonly nodes: readonly RootContent[],
    /** The top-level link reference definitions, in document order. */
    private readonly definitions: readonly Definition[],
    /** A definition inside a container: only full parses are safe then. */
    private readonly nestedDefinitions: boolean,
  ) {}

  /** A full parse of a body that starts at `bodyStart` (after the front matter). */
  static parse(options: { text: string; bodyStart: number }): MarkdownSyntax {
    const { text, bodyStart } = options;
    const nodes = parseMarkdownNodes(text, bodyStart);
    const { definitions, nested } = findDefinitions(nodes, 0, 0);
    return new MarkdownSyntax(text, bodyStart, nodes, definitions, nested);
  }

  /**
   * The syntax of the next version of the document. The nodes after the change are shifted in
   * place, so this syntax is consumed: a second update from it parses in full.
   */
  update(options: { text: string; bodyStart: number; change?: ChangedRegion }): MarkdownSyntax {
    const { text, bodyStart } = options;
    // A lone carriage return also ends a markdown line; the line bookkeeping here counts line feeds.
    // A body that starts mid-line (text after the closing `---`) is parsed behind the blanked
    // delimiter, whose width decides its first block: neither a span nor a shift can start there.
    if (this.consumed || this.nestedDefinitions || hasLoneCarriageReturn(text) || hasLoneCarriageReturn(this.text) || startsMidLine(text, bodyStart) || startsMidLine(this.text, this.bodyStart)) {
      return MarkdownSyntax.parse(options);
    }
    if (text === this.text && bodyStart === this.bodyStart) {
      return this;
    }
    const { start, oldEnd, newEnd } = options.change ?? changedRegion(this.text, text);
    const offsetDelta = newEnd - oldEnd;
    const lineDelta = countLineBreaks(text, start, newEnd) - countLineBreaks(this.text, start, oldEnd);
    // Only the front matter changed and the body merely moved: every node keeps its shape.
    if (oldEnd <= this.bodyStart && bodyStart === this.bodyStart + offsetDelta) {
      this.consumed = true;
      this.nodes.forEach((node) => shiftPositions(node, offsetDelta, lineDelta));
      return new MarkdownSyntax(text, bodyStart, this.nodes, this.definitions, false);
    }
    if (start < this.bodyStart || bodyStart !== this.bodyStart) {
      return MarkdownSyntax.parse(options);
    }

    const firstReparsed = this.lastCutBefore(start);
    const spanStart = firstReparsed === -1 ? bodyStart : lineStart(this.text, nodeStart(this.nodes[firstReparsed]));
    const spanLine = firstReparsed === -1 ? countLineBreaks(text, 0, spanStart) : (this.nodes[firstReparsed]?.position?.start.line ?? 1) - 1;
    const prefix = this.nodes.slice(0, Math.max(firstReparsed, 0));

    // The span must end on the same node at its new offset. An edit that joins that node to the one
    // above (a blank line filled) misses the nearest cut, so the next heading is tried; one that
    // opened an HTML comment swallows the cuts up to the next `-->`, so the 2nd, 4th and 8th heading
    // after it are tried; one that opened a fence swallows every cut, and then the rest of the
    // document is re-parsed.
    const keptBefore = this.definitions.filter((definition) => nodeStart(definition) < spanStart);
    for (const firstKept of this.boundaries({ offset: oldEnd, from: Math.max(firstReparsed + 1, 0), text, offsetDelta })) {
      const boundary = this.nodes[firstKept];
      const keptAfter = this.definitions.filter((definition) => nodeStart(definition) >= nodeStart(boundary));
      const boundaryStart = nodeStart(boundary) + offsetDelta;
      const firstLineEnd = text.indexOf('\n', boundaryStart);
      const end = Math.min(firstLineEnd === -1 ? text.length : firstLineEnd + 1, nodeEnd(boundary) + offsetDelta);
      const reparsed = this.parseSpan({ text, start: spanStart, end, line: spanLine, kept: [...keptBefore, ...keptAfter] });
      if (!reparsed) {
        return MarkdownSyntax.parse(options);
      }
      // A node whose first line alone parses as another kind (a setext heading's text) does not land: the next boundary is tried.
      const last = reparsed.nodes.pop();
      const landed =
        boundary !== undefined &&
        last?.type === boundary.type &&
        (last.type !== 'heading' || (boundary.type === 'heading' && last.depth === boundary.depth)) &&
        nodeStart(last) === boundaryStart;
      if (landed) {
        const definitions = [...keptBefore, ...reparsed.definitions.filter((definition) => definition !== last), ...keptAfter];
        return this.splice({ options, prefix, reparsed: reparsed.nodes, suffix: this.nodes.slice(firstKept), definitions, offsetDelta, lineDelta });
      }
    }
    const rest = this.parseSpan({ text, start: spanStart, end: text.length, line: spanLine, kept: keptBefore });
    if (!rest) {
      return MarkdownSyntax.parse(options);
    }
    const definitions = [...keptBefore, ...rest.definitions];
    return this.splice({ options, prefix, reparsed: rest.nodes, suffix: [], definitions, offsetDelta, lineDelta });
  }

  /** The next version: the kept nodes before the span, the span's new nodes, and the kept nodes after it, moved. */
  private splice(parts: {
    options: { text: string; bodyStart: number };
    prefix: readonly RootContent[];
    reparsed: readonly RootContent[];
    suffix: readonly RootContent[];
    /** Every top-level definition of the next version, kept or re-parsed. */
    definitions: readonly Definition[];
    offsetDelta: number;
    lineDelta: number;
  }): MarkdownSyntax {
    const { options, prefix, reparsed, suffix, definitions } = parts;
    // A label defined or undefined changes what `[label]` means in the kept nodes too.
    if (!sameIdentifiers(definitions, this.definitions)) {
      return MarkdownSyntax.parse(options);
    }
    this.consumed = true;
    suffix.forEach((node) => shiftPositions(node, parts.offsetDelta, parts.lineDelta));
    return new MarkdownSyntax(options.text, options.bodyStart, [...prefix, ...reparsed, ...suffix], definitions, false);
  }

  /**
   * Parses `text[start, end)`, which starts a line, after a prelude of the kept definitions, so a
   * reference in the span to a label defined elsewhere resolves as in a full parse. Gives the span's
   * nodes the document's offsets and lines; undefined when the span holds a nested definition or
   * the prelude did not parse back into its definitions (then only a full parse is safe).
   */
  private parseSpan(span: { text: string; start: number; end: number; line: number; kept: readonly Definition[] }):
    | { nodes: RootContent[]; definitions: Definition[] }
    | undefined {
    const source = span.text.slice(span.start, span.end);
    // Only a bracket can open a reference (or a definition): without one the kept labels change nothing, and their prelude was a quarter of the parse.
    const prelude = source.includes('[') ? preludeOf(this.text, span.kept) : NO_PRELUDE;
    // The span's nodes are kept for many versions: their values must not hold this version's whole text.
    const parsed = parseMarkdownNodes(detached(prelude.text + source), 0);
    const registered = parsed.slice(0, prelude.identifiers.length);
    const nodes = parsed.slice(prelude.identifiers.length);
    const intact =
      registered.every((node, index) => node.type === 'definition' && node.identifier === prelude.identifiers[index]) &&
      (nodes[0] === undefined || nodeStart(nodes[0]) >= prelude.text.length);
    const { definitions, nested } = findDefinitions(nodes, span.start - prelude.text.length, span.line - prelude.lines);
    return intact && !nested ? { nodes, definitions } : undefined;
  }

  /** The index of the last cut where parsing may restart for an edit from `offset` on, or -1 (the body's start). */
  private lastCutBefore(offset: number): number {
    for (let index = this.nodes.length - 1; index >= 0; index--) {
      const node = this.nodes[index];
      if (node && lineStart(this.text, nodeStart(node)) <= offset) {
        // A heading's own line must be untouched: without its #, it could join the paragraph above.
        const lineBreak = this.text.indexOf('\n', nodeEnd(node));
        if (this.followsClosedBlock(index) || (isAtxHeading(node, this.text) && lineBreak !== -1 && lineBreak < offset)) {
          return index;
        }
      }
    }
    return -1;
  }

  /** Where a span may end, nearest first: the first cut after `offset`, then the 1st, 2nd, 4th and 8th heading after that. */
  private boundaries(options: { offset: number; from: number; text: string; offsetDelta: number }): number[] {
    const nearest = this.firstCutAfter({ ...options, headingsOnly: false });
    if (nearest === -1) {
      return [];
    }
    const found = [nearest];
    let count = 0;
    for (let index = this.firstCutAfter({ ...options, from: nearest + 1, headingsOnly: true }); index !== -1 && count < 8; index = this.firstCutAfter({ ...options, from: index + 1, headingsOnly: true })) {
      count++;
      if ((count & (count - 1)) === 0) {
        found.push(index);
      }
    }
    return found;
  }

  /**
   * The index of the first cut (or top-level ATX heading) from `from` on whose line starts after
   * `offset` and still starts a line in the new text.
   */
  private firstCutAfter(options: { offset: number; from: number; text: string; offsetDelta: number; headingsOnly: boolean }): number {
    const { offset, from, text, offsetDelta, headingsOnly } = options;
    for (let index = Math.max(from, 0); index < this.nodes.length; index++) {
      const node = this.nodes[index];
      const start = lineStart(this.text, nodeStart(node));
      const cut = node !== undefined && (isAtxHeading(node, this.text) || (!headingsOnly && this.followsClosedBlock(index)));
      if (cut && start >= offset && text.charAt(start + offsetDelta - 1) === '\n') {
        return index;
      }
    }
    return -1;
  }

  /**
   * Whether the node before this one is closed for good, whatever the next line becomes: a heading,
   * a thematic break, an HTML block or a fenced code block (each ended by a line before this one),
   * or a paragraph or block quote followed by a blank line. A list never is: its next item may follow.
   */
  private followsClosedBlock(index: number): boolean {
    const previous = this.nodes[index - 1];
    switch (previous?.type) {
      case 'heading':
      case 'thematicBreak':
      case 'html':
        return true;
      case 'code':
        return FENCE_OPENING.test(this.text.slice(lineStart(this.text, nodeStart(previous)), nodeEnd(previous)));
      case 'paragraph':
      case 'blockquote':
        return BLANK_LINE.test(this.text.slice(nodeEnd(previous), nodeStart(this.nodes[index])));
      default:
        return false;
    }
  }
}

/** Where two versions differ: the common prefix ends at `start`; `oldEnd` and `newEnd` start the common suffix. */
export interface ChangedRegion {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** Strings are compared a chunk at a time (a native compare) before the last chunk is walked character by character. */
const CHUNK = 1024;

export function changedRegion(oldText: string, newText: string): ChangedRegion {
  const shorter = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start + CHUNK <= shorter && oldText.slice(start, start + CHUNK) === newText.slice(start, start + CHUNK)) {
    start += CHUNK;
  }
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) {
    start++;
  }
  let suffix = 0;
  const room = shorter - start;
  while (suffix + CHUNK <= room && oldText.slice(oldText.length - suffix - CHUNK, oldText.length - suffix) === newText.slice(newText.length - suffix - CHUNK, newText.length - suffix)) {
    suffix += CHUNK;
  }
  while (suffix < room && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) {
    suffix++;
  }
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

const NO_PRELUDE: ReturnType<typeof preludeOf> = { text: '', identifiers: [], lines: 0 };

/**
 * The source of one definition per kept identifier, each closed by a blank line, so the span after
 * it starts as a document does. Only the labels matter: a reference node holds no destination.
 */
function preludeOf(text: string, kept: readonly Definition[]): { text: string; identifiers: string[]; lines: number } {
  const identifiers: string[] = [];
  let source = '';
  for (const definition of kept) {
    if (!identifiers.includes(definition.identifier)) {
      identifiers.push(definition.identifier);
      source += `${text.slice(nodeStart(definition), nodeEnd(definition))}\n\n`;
    }
  }
  return { text: source, identifiers, lines: countLineBreaks(source, 0, source.length) };
}

/** Moves top-level nodes (unless they stay where they are) and finds their definitions: the top-level ones, and whether any lies deeper. */
function findDefinitions(nodes: readonly RootContent[], offsetDelta: number, lineDelta: number): { definitions: Definition[]; nested: boolean } {
  const definitions: Definition[] = [];
  let nested = false;
  for (const node of nodes) {
    if (offsetDelta !== 0 || lineDelta !== 0) {
      shiftPositions(node, offsetDelta, lineDelta);
    }
    if (node.type === 'definition') {
      definitions.push(node);
    } else {
      nested ||= holdsDefinition(node);
    }
  }
  return { definitions, nested };
}

/** Whether a link reference definition lies in a node: only block quotes and lists hold blocks, so only they can hold one. */
function holdsDefinition(node: Nodes): boolean {
  return node.type === 'definition' || ((node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') && node.children.some(holdsDefinition));
}

/** Whether two lists of definitions define the same identifiers (duplicates change nothing). */
function sameIdentifiers(a: readonly Definition[], b: readonly Definition[]): boolean {
  const left = new Set(a.map((definition) => definition.identifier));
  const right = new Set(b.map((definition) => definition.identifier));
  return left.size === right.size && [...left].every((identifier) => right.has(identifier));
}

/** Moves a node and its descendants. */
function shiftPositions(node: Nodes, offsetDelta: number, lineDelta: number): void {
  const position = node.position;
  if (position) {
    position.start.line += lineDelta;
    position.end.line += lineDelta;
    if (position.start.offset !== undefined) {
      position.start.offset += offsetDelta;
    }
    if (position.end.offset !== undefined) {
      position.end.offset += offsetDelta;
    }
  }
  if ('children' in node) {
    for (const child of node.children) {
      shiftPositions(child, offsetDelta, lineDelta);
    }
  }
}

function isAtxHeading(node: RootContent, text: string): boolean {
  return node.type === 'heading' && text.charAt(nodeStart(node)) === '#';
}

function nodeStart(node: Nodes | undefined): number {
  return node?.position?.start.offset ?? 0;
}

function nodeEnd(node: Nodes | undefined): number {
  return node?.position?.end.offset ?? 0;
}

function startsMidLine(text: string, offset: number): boolean {
  return offset > 0 && text.charAt(offset - 1) !== '\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = text.indexOf('\n', start); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    count++;
  }
  return count;
}
