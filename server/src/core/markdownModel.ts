/**
 * The markdown structure of a KPEP or template, read with remark: headings (only real ones: not
 * inside HTML comments or code), the blocks of each section, the toc block, UNRESOLVED markers and
 * prose references. Everything is kept as text offsets so a feature never re-parses.
 */
import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { toString as plainText } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { OffsetRange } from './offsetRange';
import { sectionKey } from './sectionKey';

export interface HeadingModel {
  readonly level: number;
  /** The heading as it renders, e.g. `User Stories (Optional)`. */
  readonly text: string;
  /** The heading's markdown source after its `#` marker, e.g. ``Use `kpep` (Optional)``. */
  readonly source: string;
  /** Matching key: case, spacing and `(Optional)` ignored (SPEC §4). */
  readonly key: string;
  readonly range: OffsetRange;
  /** The `##` marker of an ATX heading, or the whole heading for a setext one. */
  readonly markerRange: OffsetRange;
  /** The heading's text, or its marker when it has none. */
  readonly textRange: OffsetRange;
}

export type BlockKind =
  /** Prose, lists, tables, code: anything a reader sees. */
  | 'content'
  /** An HTML comment: invisible when rendered. */
  | 'comment'
  /** A `<!-- kpep: ... -->` instruction for this tooling. */
  | 'directive';

export interface ContentBlock {
  readonly kind: BlockKind;
  /** The block's source with whitespace runs collapsed, for comparing with the template. */
  readonly normalized: string;
  readonly range: OffsetRange;
}

export interface SectionModel {
  readonly heading: HeadingModel;
  /** The blocks between this heading and the next one of any level. */
  readonly blocks: readonly ContentBlock[];
}

export interface TocBlock {
  /** The `<!-- toc -->` marker. */
  readonly startMarker: OffsetRange;
  /** The `<!-- /toc -->` marker. */
  readonly endMarker: OffsetRange;
  /** The text between the two markers. */
  readonly body: OffsetRange;
}

export interface ProseReference {
  readonly kpepNumber: number;
  /** The `KPEP-0007` token. */
  readonly range: OffsetRange;
  /** True when it stands in the H1, where a KPEP names itself. */
  readonly inTitle: boolean;
}

export interface MarkdownLink {
  readonly url: string;
  readonly range: OffsetRange;
}

export interface MarkdownModel {
  readonly h1: HeadingModel | undefined;
  /** Blocks after the H1 and before the first other heading. */
  readonly preamble: readonly ContentBlock[];
  /** Every heading but the first H1, in document order. */
  readonly sections: readonly SectionModel[];
  readonly toc: TocBlock | undefined;
  /** Each `<<[UNRESOLVED ...]>>` opening marker. */
  readonly unresolved: readonly OffsetRange[];
  readonly references: readonly ProseReference[];
  readonly links: readonly MarkdownLink[];
}

const TOC_START = '<!-- toc -->';
const TOC_END = '<!-- /toc -->';
const COMMENT = /^<!--[\s\S]*-->$/;
const DIRECTIVE = /^<!--\s*kpep:/;
const UNRESOLVED_OPEN = /<<\[UNRESOLVED[^\]\n]*\]>>/g;
const PROSE_REFERENCE = /\bKPEP-(\d+)\b/g;

/** Deeper containers are never prose; the same bound as markdown-it's maxNesting. */
const MAX_NESTING = 100;

/**
 * A line that opens more than MAX_NESTING block quotes or list items at once: micromark's time grows
 * with the square of that count (10,000 take minutes), so such a line is blanked before parsing.
 */
const TOO_DEEP_LINE = new RegExp(`^(?:[ \\t]*(?:>|(?:[-+*]|\\d{1,9}[.)])(?=[ \\t\\r\\n]|$))){${MAX_NESTING + 1},}[^\\r\\n]*`, 'gm');

/** Every reader of the tree recurses; deeper nodes lose their children so none overflows the stack. */
const MAX_TREE_DEPTH = 2 * MAX_NESTING + 50;

const parser = unified().use(remarkParse);

/** Parses markdown whose front matter (if any) ends at `bodyStart`; offsets stay those of `text`. */
export function parseMarkdown(text: string, bodyStart: number): MarkdownModel {
  return readMarkdownModel(text, parseMarkdownNodes(text, bodyStart));
}

/** The top-level mdast nodes of the body, with the offsets and lines of `text`. */
export function parseMarkdownNodes(text: string, bodyStart: number): RootContent[] {
  // Blank the front matter in place so remark never sees it and every offset stays the document's.
  const body = bodyStart > 0 ? text.slice(0, bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(bodyStart) : text;
  const root = parser.parse(body.replace(TOO_DEEP_LINE, (line) => ' '.repeat(line.length)));
  pruneDeepNodes(root);
  return root.children;
}

function pruneDeepNodes(root: Root): void {
  const stack: { node: Nodes; depth: number }[] = [{ node: root, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (!('children' in node)) {
      continue;
    }
    if (depth >= MAX_TREE_DEPTH) {
      node.children = [];
      continue;
    }
    for (const child of node.children) {
      stack.push({ node: child, depth: depth + 1 });
    }
  }
}

/** The model of top-level nodes whose offsets are those of `text`, however they were parsed. */
export function readMarkdownModel(text: string, nodes: readonly RootContent[]): MarkdownModel {
  return new MarkdownReader(text).read(nodes);
}

class MarkdownReader {
  private h1: HeadingModel | undefined;
  private readonly preamble: ContentBlock[] = [];
  private readonly sections: { heading: HeadingModel; blocks: ContentBlock[] }[] = [];
  private toc: TocBlock | undefined;
  private readonly unresolved: OffsetRange[] = [];
  private readonly references: ProseReference[] = [];
  private readonly links: MarkdownLink[] = [];

  constructor(private readonly text: string) {}

  read(nodes: readonly RootContent[]): MarkdownModel {
    const tocStart = nodes.findIndex((node) => isMarker(node, TOC_START));
    const tocEnd = tocStart === -1 ? -1 : nodes.findIndex((node, index) => index > tocStart && isMarker(node, TOC_END));
    nodes.forEach((node, index) => {
      const range = rangeOf(node);
      if (!range) {
        return;
      }
      if (node.type === 'heading') {
        this.readHeading(node, range);
      } else if (tocEnd === -1 || index < tocStart || index > tocEnd) {
        this.currentBlocks().push(this.block(node, range));
      }
      this.collectInline(node, false);
    });
    const startMarker = nodes[tocStart] && rangeOf(nodes[tocStart]);
    const endMarker = nodes[tocEnd] && rangeOf(nodes[tocEnd]);
    if (startMarker && endMarker) {
      this.toc = { startMarker, endMarker, body: { start: startMarker.end, end: endMarker.start } };
    }
    return {
      h1: this.h1,
      preamble: this.preamble,
      sections: this.sections,
      toc: this.toc,
      unresolved: this.unresolved,
      references: this.references,
      links: this.links,
    };
  }

  private currentBlocks(): ContentBlock[] {
    return this.sections.at(-1)?.blocks ?? this.preamble;
  }

  private readHeading(node: Heading, range: OffsetRange): void {
    const first = node.children[0];
    const last = node.children.at(-1);
    const textRange = first && last ? { start: rangeOf(first)?.start ?? range.start, end: rangeOf(last)?.end ?? range.end } : range;
    const atx = this.text.charAt(range.start) === '#';
    const text = plainText(node);
    const heading: HeadingModel = {
      level: node.depth,
      text,
      source: first && last ? this.text.slice(textRange.start, textRange.end) : '',
      key: sectionKey(text),
      range,
      markerRange: atx ? { start: range.start, end: range.start + node.depth } : range,
      textRange: first && last ? textRange : range,
    };
    if (node.depth === 1 && !this.h1 && this.sections.length === 0) {
      this.h1 = heading;
    } else {
      this.sections.push({ heading, blocks: [] });
    }
  }

  private block(node: RootContent, range: OffsetRange): ContentBlock {
    const source = this.text.slice(range.start, range.end).trim();
    const kind: BlockKind =
      node.type === 'html' && COMMENT.test(source) ? (DIRECTIVE.test(source) ? 'directive' : 'comment') : 'content';
    return { kind, normalized: source.replace(/\s+/g, ' '), range };
  }

  /** Finds prose references, links and UNRESOLVED markers; code and HTML are never prose. */
  private collectInline(node: Nodes, inTitle: boolean): void {
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') {
      return;
    }
    const range = rangeOf(node);
    if (node.type === 'text' && range) {
      const source = this.text.slice(range.start, range.end);
      for (const match of source.matchAll(PROSE_REFERENCE)) {
        const kpepNumber = Number(match[1]);
        if (Number.isSafeInteger(kpepNumber)) {
          const start = range.start + match.index;
          this.references.push({ kpepNumber, range: { start, end: start + match[0].length }, inTitle });
        }
      }
      for (const match of source.matchAll(UNRESOLVED_OPEN)) {
        const start = range.start + match.index;
        this.unresolved.push({ start, end: start + match[0].length });
      }
      return;
    }
    if (node.type === 'link' && range) {
      this.links.push({ url: node.url, range });
    }
    if ('children' in node) {
      const title = inTitle || (node.type === 'heading' && node.depth === 1 && this.h1 !== undefined && this.h1.range.start === range?.start);
      for (const child of node.children) {
        this.collectInline(child, title);
      }
    }
  }
}

function isMarker(node: RootContent, marker: string): boolean {
  return node.type === 'html' && node.value.trim() === marker;
}

function rangeOf(node: Nodes): OffsetRange | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}
