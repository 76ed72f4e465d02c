/**
 * The replacement graph as SVG markup: dagre lays out the replaces edges (older KPEPs left, their
 * successors right), see-also edges are drawn between the placed nodes without bending the layout,
 * and every colour is a class the webview's stylesheet maps to theme variables. Pure: no vscode,
 * so the markup is the same wherever it is rendered.
 */
import { graphlib, layout } from '@dagrejs/dagre';
import { statusSlug } from './kpepStatusStyle';
import type { ReplacementGraph, ReplacementGraphNode } from '../../server/src/protocol/kpepProtocol';

const NODE_HEIGHT = 44;
const CHAR_WIDTH = 7;
const NODE_PADDING = 24;
const MIN_NODE_WIDTH = 120;
const MAX_TITLE_CHARS = 34;
const MARGIN = 24;

export interface GraphSvgOptions {
  readonly graph: ReplacementGraph;
  /** The KPEP to highlight (its README URI), if it is in the graph. */
  readonly activeUri?: string;
}

export interface GraphSvg {
  readonly markup: string;
  /** The highlighted node's centre, where the webview scrolls to. */
  readonly activeCenter?: { readonly x: number; readonly y: number };
}

interface Placed {
  readonly node: ReplacementGraphNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

export function renderGraphSvg(options: GraphSvgOptions): GraphSvg {
  const { graph } = options;
  const layoutGraph = new graphlib.Graph({ multigraph: false });
  layoutGraph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64, marginx: MARGIN, marginy: MARGIN });
  layoutGraph.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    layoutGraph.setNode(String(node.kpepNumber), { width: nodeWidth(node), height: NODE_HEIGHT });
  }
  for (const edge of graph.edges.filter((candidate) => candidate.kind === 'replaces')) {
    // Drawn from the replaced KPEP to its successor, so a chain reads left to right in time.
    layoutGraph.setEdge(String(edge.to), String(edge.from));
  }
  layout(layoutGraph);

  const placed = new Map<number, Placed>();
  for (const node of graph.nodes) {
    const box = layoutGraph.node(String(node.kpepNumber));
    placed.set(node.kpepNumber, { node, x: box.x, y: box.y, width: box.width });
  }
  const size = layoutGraph.graph();
  const width = Math.max(size.width ?? 0, MIN_NODE_WIDTH);
  const height = Math.max(size.height ?? 0, NODE_HEIGHT);

  const edges = graph.edges.flatMap((edge) => {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) {
      return [];
    }
    if (edge.kind === 'replaces') {
      const points: readonly { x: number; y: number }[] = layoutGraph.edge(String(edge.to), String(edge.from))?.points ?? [];
      const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${round(point.x)},${round(point.y)}`).join(' ');
      return [`<path class="edge replaces" d="${path}" marker-end="url(#arrow)"><title>${escapeXml(`${from.node.id} replaces ${to.node.id}`)}</title></path>`];
    }
    return [`<path class="edge see-also" d="${seeAlsoPath(from, to)}"><title>${escapeXml(`${from.node.id} see also ${to.node.id}`)}</title></path>`];
  });
  const activeNode = [...placed.values()].find((candidate) => candidate.node.uri === options.activeUri);
  const nodes = [...placed.values()].map((candidate) => nodeMarkup(candidate, candidate === activeNode));
  const markup = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" role="img" aria-label="KPEP replacement graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...edges,
    ...nodes,
    '</svg>',
  ].join('\n');
  return { markup, ...(activeNode ? { activeCenter: { x: round(activeNode.x), y: round(activeNode.y) } } : {}) };
}

function nodeMarkup(placed: Placed, active: boolean): string {
  const { node, x, y, width } = placed;
  const left = round(x - width / 2);
  const top = round(y - NODE_HEIGHT / 2);
  const status = node.status ?? 'none';
  const classes = ['node', `status-${statusSlug(node.status)}`, ...(active ? ['active'] : [])].join(' ');
  const title = node.title ?? '';
  return [
    `<g class="${classes}" data-uri="${escapeXml(node.uri)}" tabindex="0" role="link" aria-label="${escapeXml(`${node.id} ${title} (${status})`)}">`,
    `<title>${escapeXml(`${node.id}: ${title || 'no title'} · ${status}`)}</title>`,
    `<rect x="${left}" y="${top}" width="${round(width)}" height="${NODE_HEIGHT}" rx="6"/>`,
    `<rect class="band" x="${left}" y="${top}" width="6" height="${NODE_HEIGHT}" rx="3"/>`,
    `<text class="id" x="${left + 14}" y="${top + 18}">${escapeXml(node.id)} <tspan class="status">${escapeXml(status)}</tspan></text>`,
    `<text class="title" x="${left + 14}" y="${top + 35}">${escapeXml(shorten(title))}</text>`,
    '</g>',
  ].join('');
}

/** A see-also edge: a gentle curve between the two boxes' nearest sides, outside dagre's layout. */
function seeAlsoPath(from: Placed, to: Placed): string {
  const leftToRight = from.x <= to.x;
  const startX = from.x + (leftToRight ? from.width / 2 : -from.width / 2);
  const endX = to.x + (leftToRight ? -to.width / 2 : to.width / 2);
  const sameColumn = Math.abs(from.x - to.x) < 1;
  const [sx, ex] = sameColumn ? [from.x + from.width / 2, to.x + to.width / 2] : [startX, endX];
  const bend = sameColumn ? 40 : 0;
  const controlX = (sx + ex) / 2 + bend;
  const controlY = (from.y + to.y) / 2 - (sameColumn ? 0 : 24);
  return `M${round(sx)},${round(from.y)} Q${round(controlX)},${round(controlY)} ${round(ex)},${round(to.y)}`;
}

function nodeWidth(node: ReplacementGraphNode): number {
  const longest = Math.max(`${node.id} ${node.status ?? 'none'}`.length, shorten(node.title ?? '').length);
  return Math.max(MIN_NODE_WIDTH, longest * CHAR_WIDTH + NODE_PADDING);
}

function shorten(title: string): string {
  return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
