import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanKpepEntry } from '../../server/src/core/index/kpepEntry';
import { KpepIndex } from '../../server/src/core/index/kpepIndex';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { buildReplacementGraph, renderReplacementGraph, replacementNeighbours } from '../../server/src/core/replacementGraph';
import { kpepPath, kpepText, type KpepSpec } from '../helpers/kpepWorkspace';

function indexOf(specs: readonly KpepSpec[], retitle: Readonly<Record<number, string>> = {}): KpepIndex {
  return KpepIndex.build(
    specs.map((spec) => {
      const path = kpepPath(spec);
      const kpep = classifyKpepPath(path, 'kpeps');
      assert.ok(kpep);
      const title = retitle[spec.number];
      const text = title === undefined ? kpepText(spec) : kpepText(spec).replace(`title: Proposal ${spec.number}`, `title: ${title}`);
      return scanKpepEntry(text, { path, kpepPath: kpep, root: 'kpeps' });
    }),
  );
}

const graphOf = (index: KpepIndex, statuses?: readonly string[]) => buildReplacementGraph({ index, uriOf: (entry) => entry.path, ...(statuses ? { statuses } : {}) });

test('replacements from either side are one edge; see-also edges keep their direction; dangling numbers have no edge', () => {
  const index = indexOf([
    { number: 1, status: 'replaced', supersededBy: [2] },
    { number: 2, status: 'implemented', replaces: [1, 40], seeAlso: [3, 41] },
    { number: 3, status: 'provisional', seeAlso: [2] },
    { number: 4, status: 'replaced', supersededBy: [3] },
  ]);
  const graph = graphOf(index);
  assert.deepEqual(graph.nodes.map((node) => [node.id, node.title, node.status, node.uri]), [
    ['KPEP-0001', 'Proposal 1', 'replaced', 'kpeps/0001-kpep-1/README.md'],
    ['KPEP-0002', 'Proposal 2', 'implemented', 'kpeps/0002-kpep-2/README.md'],
    ['KPEP-0003', 'Proposal 3', 'provisional', 'kpeps/0003-kpep-3/README.md'],
    ['KPEP-0004', 'Proposal 4', 'replaced', 'kpeps/0004-kpep-4/README.md'],
  ]);
  assert.deepEqual(graph.edges, [
    { from: 2, to: 1, kind: 'replaces' },
    { from: 2, to: 3, kind: 'see-also' },
    { from: 3, to: 2, kind: 'see-also' },
    // Only 4's superseded-by says so: still an edge.
    { from: 3, to: 4, kind: 'replaces' },
  ]);
});

test('a status filter keeps the KPEPs with those statuses and only the edges between them', () => {
  const index = indexOf([
    { number: 1, status: 'replaced', supersededBy: [2] },
    { number: 2, status: 'implemented', replaces: [1], seeAlso: [3] },
    { number: 3, status: 'implemented', seeAlso: [1] },
  ]);
  const graph = graphOf(index, ['implemented']);
  assert.deepEqual(graph.nodes.map((node) => node.kpepNumber), [2, 3]);
  assert.deepEqual(graph.edges, [{ from: 2, to: 3, kind: 'see-also' }]);
  assert.equal(graphOf(index, []).nodes.length, 3, 'an empty filter keeps everything');
  assert.deepEqual(graphOf(index, ['withdrawn']), { nodes: [], edges: [] });
});

test('a replacement cycle is drawn as it is written, and a KPEP replacing itself is no edge', () => {
  const index = indexOf([
    { number: 1, status: 'replaced', replaces: [3, 1] },
    { number: 2, status: 'replaced', replaces: [1] },
    { number: 3, status: 'replaced', replaces: [2] },
  ]);
  assert.deepEqual(graphOf(index).edges, [
    { from: 1, to: 3, kind: 'replaces' },
    { from: 2, to: 1, kind: 'replaces' },
    { from: 3, to: 2, kind: 'replaces' },
  ]);
  const neighbours = replacementNeighbours(index, index.find(1)!);
  assert.deepEqual(neighbours.replaces.map((entry) => entry.kpepNumber), [3]);
  assert.deepEqual(neighbours.replacedBy.map((entry) => entry.kpepNumber), [2]);
});

test('replacement neighbours join both sides once and drop numbers without a KPEP', () => {
  const index = indexOf([
    { number: 1, status: 'replaced', supersededBy: [2, 9] },
    { number: 2, status: 'replaced', replaces: [1], supersededBy: [3] },
    { number: 3, status: 'implemented' },
    { number: 4, status: 'implemented', replaces: [2] },
  ]);
  const two = replacementNeighbours(index, index.find(2)!);
  assert.deepEqual(two.replaces.map((entry) => entry.kpepNumber), [1]);
  assert.deepEqual(two.replacedBy.map((entry) => entry.kpepNumber), [3, 4]);
  assert.deepEqual(replacementNeighbours(index, index.find(1)!).replacedBy.map((entry) => entry.kpepNumber), [2]);
  assert.deepEqual(replacementNeighbours(index, index.find(3)!).replaces.map((entry) => entry.kpepNumber), [2]);
});

test('mermaid: a flowchart with status classes, replaces solid and see-also dotted, titles escaped', () => {
  const index = indexOf(
    [
      { number: 1, status: 'replaced', supersededBy: [2] },
      { number: 2, status: 'implemented', seeAlso: [1] },
    ],
    // YAML single quotes, so the `#` is no comment.
    { 2: `'"Quoted" <b>tags</b> & #hash'` },
  );
  assert.equal(
    renderReplacementGraph(graphOf(index), 'mermaid'),
    [
      'flowchart LR',
      '  kpep1["KPEP-0001 Proposal 1<br/><i>replaced</i>"]',
      '  kpep2["KPEP-0002 #quot;Quoted#quot; #lt;b#gt;tags#lt;/b#gt; & #35;hash<br/><i>implemented</i>"]',
      '  kpep2 -->|replaces| kpep1',
      '  kpep2 -.->|see also| kpep1',
      '  classDef replaced fill:#e4e4e4,stroke:#666,color:#111',
      '  class kpep1 replaced',
      '  classDef implemented fill:#dcf5dc,stroke:#666,color:#111',
      '  class kpep2 implemented',
    ].join('\n'),
  );
});

test('dot: a digraph with the same nodes and edges, strings escaped; json: the graph itself', () => {
  const index = indexOf([{ number: 1, status: 'replaced', supersededBy: [2] }, { number: 2, status: 'implemented' }], { 1: 'Back\\slash "quotes"' });
  const graph = graphOf(index);
  assert.equal(
    renderReplacementGraph(graph, 'dot'),
    [
      'digraph kpeps {',
      '  rankdir=LR;',
      '  node [shape=box, style="rounded,filled", fillcolor="#ffffff"];',
      '  kpep1 [label="KPEP-0001 Back\\\\slash \\"quotes\\"\\nreplaced", fillcolor="#e4e4e4"];',
      '  kpep2 [label="KPEP-0002 Proposal 2\\nimplemented", fillcolor="#dcf5dc"];',
      '  kpep2 -> kpep1 [label="replaces"];',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(JSON.parse(renderReplacementGraph(graph, 'json')), graph);
});
