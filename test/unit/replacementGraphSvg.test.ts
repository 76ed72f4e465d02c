/** The replacement graph's SVG as the webview shows it: layout direction, classes, the highlight, and escaping. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderGraphSvg } from '../../client/src/replacementGraphSvg';
import type { ReplacementGraph, ReplacementGraphNode } from '../../server/src/protocol/kpepProtocol';

function node(kpepNumber: number, status: string | null, title: string | null = `Proposal ${kpepNumber}`): ReplacementGraphNode {
  return { kpepNumber, id: `KPEP-${String(kpepNumber).padStart(4, '0')}`, title, status, uri: `file:///repo/kpeps/${kpepNumber}/README.md` };
}

/** Each node's box (x of its rect) by KPEP id. */
function boxes(markup: string): Map<string, number> {
  return new Map([...markup.matchAll(/<g class="node[^"]*"[^>]*aria-label="(KPEP-\d{4})[^"]*"><title>[^<]*<\/title><rect x="([\d.]+)"/g)].map((match) => [match[1]!, Number(match[2])]));
}

const chain: ReplacementGraph = {
  nodes: [node(1, 'replaced'), node(2, 'replaced'), node(3, 'implemented'), node(4, 'provisional')],
  edges: [
    { from: 2, to: 1, kind: 'replaces' },
    { from: 3, to: 2, kind: 'replaces' },
    { from: 4, to: 3, kind: 'see-also' },
    // A number without a node (a dangling reference) has no edge.
    { from: 4, to: 99, kind: 'see-also' },
  ],
};

test('a replacement chain reads left to right, replaced before successor; see-also stays out of the layout', () => {
  const { markup } = renderGraphSvg({ graph: chain });
  const x = boxes(markup);
  assert.equal(x.size, 4);
  assert.ok(x.get('KPEP-0001')! < x.get('KPEP-0002')! && x.get('KPEP-0002')! < x.get('KPEP-0003')!, JSON.stringify([...x]));
  assert.equal((markup.match(/class="edge replaces"/g) ?? []).length, 2);
  assert.match(markup, /<path class="edge see-also" d="M[^"]+ Q[^"]+"><title>KPEP-0004 see also KPEP-0003<\/title>/);
  assert.doesNotMatch(markup, /KPEP-0099/);
});

test('each node carries its status class, and only the active KPEP is highlighted, with its centre', () => {
  const active = renderGraphSvg({ graph: chain, activeUri: 'file:///repo/kpeps/3/README.md' });
  assert.deepEqual(
    [...active.markup.matchAll(/<g class="([^"]+)"/g)].map((match) => match[1]),
    ['node status-replaced', 'node status-replaced', 'node status-implemented active', 'node status-provisional'],
  );
  assert.ok(active.activeCenter && active.activeCenter.x > 0 && active.activeCenter.y > 0);
  // Near miss: a document outside the graph highlights nothing.
  const none = renderGraphSvg({ graph: chain, activeUri: 'file:///repo/README.md' });
  assert.doesNotMatch(none.markup, / active"/);
  assert.equal(none.activeCenter, undefined);
});

test('titles and statuses are escaped, a long title is shortened on the box and whole in its tooltip', () => {
  const title = '<script>alert(1)</script> & a title far longer than any box should be made to hold';
  const { markup } = renderGraphSvg({ graph: { nodes: [node(7, 'bogus"status'), node(8, null, title)], edges: [] } });
  assert.doesNotMatch(markup, /<script>/);
  assert.match(markup, /class="node status-bogusstatus"/);
  assert.match(markup, /class="node status-none"/);
  assert.match(markup, /&#60;script&#62;alert\(1\)&#60;\/script&#62; &#38; a tit…<\/text>/);
  assert.ok(markup.includes(`<title>KPEP-0008: &#60;script&#62;alert(1)&#60;/script&#62; &#38; a title far longer than any box should be made to hold · none</title>`));
});
