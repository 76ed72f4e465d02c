/**
 * The markdown structure of a KPEP or template, read with remark: headings (only real ones: not
 * inside HTML comments or code), the blocks of each section, the toc block, UNRESOLVED markers and
 * prose references. Everything is kept as text offsets so a feature never re-parses.
 */
import type { Heading, List, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { toString as plainText } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { splitLines } from './lifecycle/textEdit';
import type { OffsetRange } from './offsetRange';
import { sectionKey } from './sectionKey';

export interface HeadingModel {
  readonly level: number;
  /** The heading as it renders, e.g. `User Stories (Optional)`. */
  readonly text: string;
  /** The heading's markdown source after its `#` marker, e.g. ``Use `kpep` (Optional)``. */
  readonly source: string;
  /** The heading's text as mdtoc writes it in a toc link, e.g. `Use <code>kpep</code> -&gt; x`. */
  readonly html: string;
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
  /** A link reference definition or a task list: authors keep these as the template has them. */
  readonly keptByAuthors?: boolean;
  /** Bold lead-ins of list items (`* **Question?** answer`), as older questionnaires are answered. */
  readonly boldItems?: readonly BoldItem[];
}

/** A list item that opens with bold text: the bold text stands for a heading. */
export interface BoldItem {
  /** The bold text as it renders. */
  readonly text: string;
  /** The same matching key as a heading's. */
  readonly key: string;
  /** The bold text. */
  readonly range: OffsetRange;
  /** Whether the item says anything after the bold text. */
  readonly answered: boolean;
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
  /** Each link to a heading anchor in the block, in order. */
  readonly entries: readonly TocEntry[];
}

export interface TocEntry {
  /** The anchor without `#`. */
  readonly anchor: string;
  /** The link text as it renders: entities decoded, inline markup and HTML tags dropped. */
  readonly text: string;
  /** The link text as written, e.g. `The <code>x</code> field`. */
  readonly source: string;
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
  /** A link (`[text](url)`), an image (`![alt](url)`) or a link reference definition (`[ref]: url`). */
  readonly kind: 'link' | 'image' | 'definition';
}

/** A fenced code block with no closing fence, which CommonMark lets run to the end of the document. */
export interface UnclosedFence {
  /** The opening fence line, e.g. ```` ```yaml ````. */
  readonly opening: OffsetRange;
  /** From the opening fence to the end of the document. */
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
  /** Set when the document ends inside a fenced code block that was never closed. */
  readonly unclosedFence: UnclosedFence | undefined;
}

const TOC_START = '<!-- toc -->';
const TOC_END = '<!-- /toc -->';
const COMMENT = /^<!--[\s\S]*-->$/;
const DIRECTIVE = /^<!--\s*kpep:/;
/** The start of an opening marker; where it ends is read by `unresolvedMarkers`, in one pass. */
const UNRESOLVED_OPEN = /<<\[UNRESOLVED\b/g;
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
  const tocStart = nodes.findIndex((node) => isMarker(node, TOC_START));
  const tocEnd = tocStart === -1 ? -1 : nodes.findIndex((node, index) => index > tocStart && isMarker(node, TOC_END));
  let h1: HeadingModel | undefined;
  const preamble: ContentBlock[] = [];
  const sections: { heading: HeadingModel; blocks: ContentBlock[] }[] = [];
  const unresolved: OffsetRange[] = [];
  const references: ProseReference[] = [];
  const links: MarkdownLink[] = [];
  nodes.forEach((node, index) => {
    const range = rangeOf(node);
    if (!range) {
      return;
    }
    const facts = nodeFacts(text, node, range);
    const isH1 = facts.heading?.level === 1 && !h1 && sections.length === 0;
    if (facts.heading && isH1) {
      h1 = facts.heading;
    } else if (facts.heading) {
      sections.push({ heading: facts.heading, blocks: [] });
    } else if (facts.block && (tocEnd === -1 || index < tocStart || index > tocEnd)) {
      (sections.at(-1)?.blocks ?? preamble).push(facts.block);
    }
    // A KPEP names itself in its H1: those references are marked, not counted as references out.
    append(references, isH1 ? facts.references.map((reference) => ({ ...reference, inTitle: true })) : facts.references);
    append(unresolved, facts.unresolved);
    append(links, facts.links);
  });
  const startMarker = nodes[tocStart] && rangeOf(nodes[tocStart]);
  const endMarker = nodes[tocEnd] && rangeOf(nodes[tocEnd]);
  const toc =
    startMarker && endMarker
      ? { startMarker, endMarker, body: { start: startMarker.end, end: endMarker.start }, entries: tocEntries(text, nodes.slice(tocStart + 1, tocEnd)) }
      : undefined;
  return { h1, preamble, sections, toc, unresolved, references, links, unclosedFence: unclosedFenceAtEnd(text, nodes) };
}

/** The last node's unclosed fence, when it reaches the end of the text (one in a list item ends with the item). */
function unclosedFenceAtEnd(text: string, nodes: readonly RootContent[]): UnclosedFence | undefined {
  const last = nodes.at(-1);
  const range = last && rangeOf(last);
  const fence = range && nodeFacts(text, last, range).unclosedFence;
  return fence && fence.range.end >= text.trimEnd().length ? fence : undefined;
}

/** The links of a toc block's lists, depth first, in order. */
function tocEntries(text: string, nodes: readonly RootContent[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const node of nodes) {
    append(entries, nodeTocEntries(text, node));
  }
  return entries;
}

/** A toc entry holds no offsets, so a kept node's entries stay as they were: a keystroke elsewhere reads none again. */
const tocEntriesByNode = new WeakMap<RootContent, readonly TocEntry[]>();

function nodeTocEntries(text: string, node: RootContent): readonly TocEntry[] {
  let entries = tocEntriesByNode.get(node);
  if (!entries) {
    entries = readTocEntries(text, node);
    tocEntriesByNode.set(node, entries);
  }
  return entries;
}

function readTocEntries(text: string, block: RootContent): TocEntry[] {
  const entries: TocEntry[] = [];
  const stack: Nodes[] = [block];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'link' && node.url.startsWith('#')) {
      const first = node.children[0] && rangeOf(node.children[0]);
      const last = node.children.at(-1);
      const end = last && rangeOf(last)?.end;
      entries.push({
        anchor: node.url.slice(1),
        text: plainText(node, { includeHtml: false }).replace(/\s+/g, ' ').trim(),
        source: first && end !== undefined ? detached(text.slice(first.start, end)) : '',
      });
    } else if ('children' in node) {
      for (let index = node.children.length - 1; index >= 0; index--) {
        const child = node.children[index];
        if (child) {
          stack.push(child);
        }
      }
    }
  }
  return entries;
}

/** push(...items) without spreading: a 1 MB line can hold more references than the stack has room for arguments. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) {
    target.push(item);
  }
}

/** What one top-level node gives the model, with the offsets it had when `start` was its start. */
interface NodeFacts {
  readonly start: number;
  readonly heading: HeadingModel | undefined;
  readonly block: ContentBlock | undefined;
  readonly references: readonly ProseReference[];
  readonly unresolved: readonly OffsetRange[];
  readonly links: readonly MarkdownLink[];
  /** A fenced code block without its closing fence, last in this node. */
  readonly unclosedFence: UnclosedFence | undefined;
}

/**
 * Facts by node: an incremental parse keeps the nodes around an edit (moved, not changed), so a
 * keystroke reads only the nodes it re-parsed and moves the facts of the others.
 */
const factsByNode = new WeakMap<RootContent, NodeFacts>();

function nodeFacts(text: string, node: RootContent, range: OffsetRange): NodeFacts {
  const known = factsByNode.get(node);
  if (known?.start === range.start) {
    return known;
  }
  const facts = known ? moveFacts(known, range.start - known.start) : readNodeFacts(text, node, range);
  factsByNode.set(node, facts);
  return facts;
}

function readNodeFacts(text: string, node: RootContent, range: OffsetRange): NodeFacts {
  const facts = {
    start: range.start,
    heading: node.type === 'heading' ? headingModel(text, node, range) : undefined,
    block: node.type === 'heading' ? undefined : blockModel(text, node, range),
    references: [] as ProseReference[],
    unresolved: [] as OffsetRange[],
    links: [] as MarkdownLink[],
    unclosedFence: unclosedFenceIn(text, node),
  };
  collectInline(text, node, facts);
  return facts;
}

function moveFacts(facts: NodeFacts, delta: number): NodeFacts {
  const move = (range: OffsetRange): OffsetRange => ({ start: range.start + delta, end: range.end + delta });
  const { heading, block } = facts;
  return {
    start: facts.start + delta,
    heading: heading && { ...heading, range: move(heading.range), markerRange: move(heading.markerRange), textRange: move(heading.textRange) },
    block: block && {
      ...block,
      range: move(block.range),
      ...(block.boldItems ? { boldItems: block.boldItems.map((item) => ({ ...item, range: move(item.range) })) } : {}),
    },
    // Most nodes hold none of these: an empty list moves as itself rather than as a new one per node.
    references: facts.references.length === 0 ? facts.references : facts.references.map((reference) => ({ ...reference, range: move(reference.range) })),
    unresolved: facts.unresolved.length === 0 ? facts.unresolved : facts.unresolved.map(move),
    links: facts.links.length === 0 ? facts.links : facts.links.map((link) => ({ ...link, range: move(link.range) })),
    unclosedFence: facts.unclosedFence && { opening: move(facts.unclosedFence.opening), range: move(facts.unclosedFence.range) },
  };
}

const OPENING_FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/** The last block of a node (following last children down), when it is fenced code whose closing fence is missing. */
function unclosedFenceIn(text: string, node: RootContent): UnclosedFence | undefined {
  let last: Nodes | undefined = node;
  while (last && last.type !== 'code' && 'children' in last) {
    last = last.children.at(-1);
  }
  const range = last?.type === 'code' ? rangeOf(last) : undefined;
  if (!range) {
    return undefined;
  }
  const source = text.slice(range.start, range.end);
  const firstLineEnd = source.search(/\r\n?|\n|$/);
  const fence = OPENING_FENCE.exec(source.slice(0, firstLineEnd))?.[1];
  if (!fence) {
    return undefined;
  }
  const lastLine = source.slice(Math.max(source.lastIndexOf('\n'), source.lastIndexOf('\r')) + 1);
  const closing = lastLine.replace(/^[\s>]*/, '').trimEnd();
  const closed = firstLineEnd < source.length && closing.length >= fence.length && [...closing].every((character) => character === fence[0]);
  return closed ? undefined : { opening: { start: range.start, end: range.start + firstLineEnd }, range };
}

function headingModel(text: string, node: Heading, range: OffsetRange): HeadingModel {
  const first = node.children[0];
  const last = node.children.at(-1);
  const textRange = first && last ? { start: rangeOf(first)?.start ?? range.start, end: rangeOf(last)?.end ?? range.end } : range;
  const atx = text.charAt(range.start) === '#';
  const plain = plainText(node);
  return {
    level: node.depth,
    text: plain,
    source: first && last ? detached(text.slice(textRange.start, textRange.end)) : '',
    html: oneLine(node.children.map(inlineHtml).join('')),
    key: sectionKey(plain),
    range,
    markerRange: atx ? { start: range.start, end: range.start + node.depth } : range,
    textRange: first && last ? textRange : range,
  };
}

/** A setext heading may span lines; a toc link is one line. */
export function oneLine(text: string): string {
  return splitLines(text)
    .map((line) => line.trim())
    .join(' ')
    .trim();
}

/** Phrasing content as HTML, the way mdtoc renders a heading into its toc link; brackets escaped for the link text. */
function inlineHtml(node: PhrasingContent): string {
  switch (node.type) {
    case 'text':
      return escapeHtml(node.value).replace(/[[\]\\]/g, (character) => `\\${character}`);
    case 'inlineCode':
      return `<code>${escapeHtml(node.value)}</code>`;
    case 'emphasis':
      return `<em>${node.children.map(inlineHtml).join('')}</em>`;
    case 'strong':
      return `<strong>${node.children.map(inlineHtml).join('')}</strong>`;
    case 'html':
      return node.value;
    case 'break':
      return ' ';
    default:
      return 'children' in node ? node.children.map(inlineHtml).join('') : '';
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (character) => HTML_ENTITIES[character] ?? character);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** `- [ ] item` or `- [x] item`: a task-list item (remark without GFM reads it as plain text). */
const TASK_MARK = /^\[[ xX]\][ \t]/;

function blockModel(text: string, node: RootContent, range: OffsetRange): ContentBlock {
  const source = text.slice(range.start, range.end).trim();
  const kind: BlockKind = node.type === 'html' && COMMENT.test(source) ? (DIRECTIVE.test(source) ? 'directive' : 'comment') : 'content';
  const block: ContentBlock = { kind, normalized: detached(source.replace(/\s+/g, ' ')), range };
  if (node.type === 'definition' || (node.type === 'list' && isTaskList(text, node))) {
    return { ...block, keptByAuthors: true };
  }
  const boldItems = node.type === 'list' ? listBoldItems(node) : [];
  return boldItems.length > 0 ? { ...block, boldItems } : block;
}

function isTaskList(text: string, list: List): boolean {
  return list.children.every((item) => {
    const start = item.children[0] && rangeOf(item.children[0])?.start;
    return start !== undefined && TASK_MARK.test(text.slice(start, start + 4));
  });
}

function listBoldItems(list: List): BoldItem[] {
  return list.children.flatMap((item) => {
    const [first, ...rest] = item.children;
    const lead = first?.type === 'paragraph' ? first.children[0] : undefined;
    const range = lead && rangeOf(lead);
    if (lead?.type !== 'strong' || !range || !first || first.type !== 'paragraph') {
      return [];
    }
    const text = plainText(lead);
    const after = first.children.slice(1).map((child) => plainText(child)).join('');
    return [{ text, key: sectionKey(text), range, answered: after.trim() !== '' || rest.length > 0 }];
  });
}

/** Finds prose references, links and UNRESOLVED markers; code and HTML are never prose. */
function collectInline(text: string, node: Nodes, found: { references: ProseReference[]; unresolved: OffsetRange[]; links: MarkdownLink[] }): void {
  if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') {
    return;
  }
  const range = rangeOf(node);
  if (node.type === 'text' && range) {
    const source = text.slice(range.start, range.end);
    for (const match of source.matchAll(PROSE_REFERENCE)) {
      const kpepNumber = Number(match[1]);
      if (Number.isSafeInteger(kpepNumber)) {
        const start = range.start + match.index;
        found.references.push({ kpepNumber, range: { start, end: start + match[0].length }, inTitle: false });
      }
    }
    for (const marker of unresolvedMarkers(source)) {
      found.unresolved.push({ start: range.start + marker.start, end: range.start + marker.end });
    }
    return;
  }
  if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && range) {
    found.links.push({ url: node.url, range, kind: node.type });
  }
  if ('children' in node) {
    for (const child of node.children) {
      collectInline(text, child, found);
    }
  }
}

/**
 * Each opening UNRESOLVED marker: `<<[UNRESOLVED note ]>>`, and the malformed ones authors write
 * too (`<<[UNRESOLVED note]Text…` with no `]>>`, `<<[UNRESOLVED] Text…`), up to its `]>>`, its
 * first `]`, or the word UNRESOLVED. Each marker's end is looked for only up to the next marker
 * or line break, so a line of a million openings is read once.
 */
export function unresolvedMarkers(source: string): OffsetRange[] {
  const starts = [...source.matchAll(UNRESOLVED_OPEN)].map((match) => ({ start: match.index, nameEnd: match.index + match[0].length }));
  return starts.map(({ start, nameEnd }, index) => {
    const limit = starts[index + 1]?.start ?? source.length;
    let end = nameEnd;
    for (let offset = nameEnd; offset < limit && source[offset] !== '\n'; offset++) {
      if (source[offset] === ']') {
        end = source.startsWith(']>>', offset) ? offset + 3 : offset + 1;
        break;
      }
    }
    return { start, end };
  });
}

/**
 * A copy of part of a version's text that does not hold the whole text: V8 keeps a slice (or a
 * replacement built from slices) pointing at its parent string, and facts and nodes outlive their
 * version by many keystrokes, so each kept slice would keep a 170 KB text alive.
 */
export function detached(part: string): string {
  return (` ${part}`).slice(1);
}

function isMarker(node: RootContent, marker: string): boolean {
  return node.type === 'html' && node.value.trim() === marker;
}

function rangeOf(node: Nodes): OffsetRange | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}
