/**
 * The replacement graph of one folder: a node per numbered KPEP, an edge per replacement (from
 * either side: `replaces` or the replaced KPEP's `superseded-by`) and per see-also; and its
 * renderings as Mermaid, Graphviz dot and JSON. One model for the editor request, `kpep graph` and
 * the index page.
 */
import type { KpepEntry } from './index/kpepEntry';
import type { KpepIndex } from './index/kpepIndex';
import { formatKpepId } from './kpepNumber';

export interface ReplacementGraphNode {
  readonly kpepNumber: number;
  readonly id: string;
  readonly title: string | null;
  readonly status: string | null;
  readonly uri: string;
}

/** `from` replaces `to` (kind `replaces`), or `from` lists `to` under see-also. Numbers without a KPEP have no node and no edge. */
export interface ReplacementGraphEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: 'replaces' | 'see-also';
}

export interface ReplacementGraph {
  readonly nodes: readonly ReplacementGraphNode[];
  readonly edges: readonly ReplacementGraphEdge[];
}

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface ReplacementGraphOptions {
  readonly index: KpepIndex;
  /** Only KPEPs with one of these statuses, and the edges between them; every KPEP when absent. */
  readonly statuses?: readonly string[];
  /** Where a node's KPEP is: a file URI in the editor, a workspace-relative path elsewhere. */
  readonly uriOf: (entry: KpepEntry) => string;
}

export function buildReplacementGraph(options: ReplacementGraphOptions): ReplacementGraph {
  const wanted = options.statuses && options.statuses.length > 0 ? new Set(options.statuses) : undefined;
  // One node per number: a duplicated number is its first KPEP by path, as references resolve it.
  const byNumber = new Map<number, KpepEntry>();
  for (const entry of options.index.all()) {
    if (entry.kpepNumber !== undefined && !byNumber.has(entry.kpepNumber) && (!wanted || (entry.status !== undefined && wanted.has(entry.status)))) {
      byNumber.set(entry.kpepNumber, entry);
    }
  }
  const nodes: ReplacementGraphNode[] = [...byNumber.values()].map((entry) => ({
    kpepNumber: entry.kpepNumber as number,
    id: formatKpepId(entry.kpepNumber as number),
    title: entry.title ?? null,
    status: entry.status ?? null,
    uri: options.uriOf(entry),
  }));
  const edges = new Map<string, ReplacementGraphEdge>();
  const add = (from: number, to: number, kind: ReplacementGraphEdge['kind']): void => {
    // Numbers without a KPEP (or filtered out) have no node, so no edge; a KPEP naming itself is no relation.
    if (from !== to && byNumber.has(from) && byNumber.has(to)) {
      edges.set(`${kind} ${from} ${to}`, { from, to, kind });
    }
  };
  for (const [kpepNumber, entry] of byNumber) {
    entry.replaces.forEach((replaced) => add(kpepNumber, replaced, 'replaces'));
    entry.supersededBy.forEach((successor) => add(successor, kpepNumber, 'replaces'));
    entry.seeAlso.forEach((related) => add(kpepNumber, related, 'see-also'));
  }
  const ordered = [...edges.values()].sort((a, b) => a.from - b.from || a.to - b.to || a.kind.localeCompare(b.kind));
  return { nodes, edges: ordered };
}

export interface ReplacementNeighbours {
  /** The KPEPs this one replaces, by number. */
  readonly replaces: readonly KpepEntry[];
  /** The KPEPs that replace this one, by number. */
  readonly replacedBy: readonly KpepEntry[];
}

/**
 * A KPEP's direct replacement neighbours. As in the graph, a replacement written on either side
 * counts (B's `replaces: [A]` or A's `superseded-by: [B]`): the union, so a KPEP that names only
 * one side still links both; numbers without a KPEP are left out.
 */
export function replacementNeighbours(index: KpepIndex, entry: KpepEntry): ReplacementNeighbours {
  const own = entry.kpepNumber;
  const entries = (numbers: readonly number[], declaredElsewhere: readonly KpepEntry[]): KpepEntry[] => {
    const found = new Map<number, KpepEntry>();
    for (const candidate of [...numbers.flatMap((kpepNumber) => index.find(kpepNumber) ?? []), ...declaredElsewhere]) {
      if (candidate.kpepNumber !== undefined && candidate.kpepNumber !== own && !found.has(candidate.kpepNumber)) {
        found.set(candidate.kpepNumber, candidate);
      }
    }
    return [...found.values()].sort((a, b) => (a.kpepNumber as number) - (b.kpepNumber as number));
  };
  return {
    replaces: entries(entry.replaces, own === undefined ? [] : index.supersededByThis(own)),
    replacedBy: entries(entry.supersededBy, own === undefined ? [] : index.replacing(own)),
  };
}

export function renderReplacementGraph(graph: ReplacementGraph, format: GraphFormat): string {
  switch (format) {
    case 'mermaid':
      return renderMermaid(graph);
    case 'dot':
      return renderDot(graph);
    case 'json':
      return JSON.stringify(graph, null, 2);
  }
}

/** The graph as a fenced Mermaid block, as GitHub renders it in a markdown page. */
export function mermaidBlock(graph: ReplacementGraph): string {
  return ['```mermaid', renderMermaid(graph), '```'].join('\n');
}

/** Status colours shared by both renderings: green done, blue committed, amber open, grey closed. */
const STATUS_COLOURS: Readonly<Record<string, string>> = {
  provisional: '#fff4d6',
  implementable: '#dbe9ff',
  implemented: '#dcf5dc',
  withdrawn: '#eeeeee',
  replaced: '#e4e4e4',
};

const nodeName = (kpepNumber: number): string => `kpep${kpepNumber}`;

function nodeLabel(node: ReplacementGraphNode): { heading: string; status: string } {
  return { heading: `${node.id} ${(node.title ?? '(untitled)').replace(/\s+/g, ' ')}`, status: node.status ?? 'status unknown' };
}

/** A flowchart, replacing KPEP → replaced KPEP, see-also dotted; no trailing newline. */
function renderMermaid(graph: ReplacementGraph): string {
  // Mermaid reads entity codes inside quoted labels; `#` first, since the codes start with it.
  const escape = (text: string): string => text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const { heading, status } = nodeLabel(node);
    lines.push(`  ${nodeName(node.kpepNumber)}["${escape(heading)}<br/><i>${escape(status)}</i>"]`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === 'replaces' ? '-->|replaces|' : '-.->|see also|';
    lines.push(`  ${nodeName(edge.from)} ${arrow} ${nodeName(edge.to)}`);
  }
  const statuses = [...new Set(graph.nodes.flatMap((node) => (node.status && STATUS_COLOURS[node.status] ? [node.status] : [])))];
  for (const status of statuses) {
    lines.push(`  classDef ${status} fill:${STATUS_COLOURS[status]},stroke:#666,color:#111`);
    lines.push(`  class ${graph.nodes.filter((node) => node.status === status).map((node) => nodeName(node.kpepNumber)).join(',')} ${status}`);
  }
  return lines.join('\n');
}

/** A Graphviz digraph with the same nodes, edges and colours; no trailing newline. */
function renderDot(graph: ReplacementGraph): string {
  const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph kpeps {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor="#ffffff"];'];
  for (const node of graph.nodes) {
    const { heading, status } = nodeLabel(node);
    const fill = node.status ? STATUS_COLOURS[node.status] : undefined;
    // The label joins its two lines with dot's own `\n` escape, written after quoting.
    lines.push(`  ${nodeName(node.kpepNumber)} [label=${quote(heading).slice(0, -1)}\\n${quote(status).slice(1)}${fill ? `, fillcolor="${fill}"` : ''}];`);
  }
  for (const edge of graph.edges) {
    const style = edge.kind === 'replaces' ? 'label="replaces"' : 'label="see also", style=dashed';
    lines.push(`  ${nodeName(edge.from)} -> ${nodeName(edge.to)} [${style}];`);
  }
  lines.push('}');
  return lines.join('\n');
}
