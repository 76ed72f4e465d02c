import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ReplacementGraph } from '../../server/src/protocol/kpepProtocol';
import { copyExamples, runKpep } from '../helpers/kpepCli';

test('graph prints a Mermaid flowchart by default: every KPEP, the replacement and the see-also links', async () => {
  const root = copyExamples();
  const run = await runKpep(['graph'], { cwd: join(root, 'kpeps') });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n');
  assert.equal(lines[0], 'flowchart LR');
  assert.ok(lines.includes('  kpep5["KPEP-0005 Streaming watch API<br/><i>implemented</i>"]'));
  assert.ok(lines.includes('  kpep5 -->|replaces| kpep2'));
  assert.ok(lines.includes('  kpep7 -.->|see also| kpep6'));
  assert.equal(lines.filter((line) => line.includes('-->|replaces|')).length, 1, 'written on both sides, drawn once');
});

test('graph --format json is the language server\'s graph; --status filters, and repeats', async () => {
  const root = copyExamples();
  const run = await runKpep(['graph', '--format', 'json', '--status', 'implemented', '--status', 'replaced'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  const graph = JSON.parse(run.stdout) as ReplacementGraph;
  assert.deepEqual(graph.nodes.map((node) => [node.id, node.status]), [['KPEP-0001', 'implemented'], ['KPEP-0002', 'replaced'], ['KPEP-0005', 'implemented']]);
  assert.equal(graph.nodes[0]?.uri, pathToFileURL(join(root, 'kpeps/0001-pluggable-storage-backends/README.md')).href);
  assert.deepEqual(graph.edges, [
    { from: 1, to: 5, kind: 'see-also' },
    { from: 2, to: 1, kind: 'see-also' },
    { from: 5, to: 1, kind: 'see-also' },
    { from: 5, to: 2, kind: 'replaces' },
  ]);
});

test('graph --format dot is a Graphviz digraph', async () => {
  const run = await runKpep(['graph', '--format=dot', '--status', 'withdrawn'], { cwd: copyExamples() });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'digraph kpeps {\n  rankdir=LR;\n  node [shape=box, style="rounded,filled", fillcolor="#ffffff"];\n  kpep3 [label="KPEP-0003 GraphQL gateway for the console\\nwithdrawn", fillcolor="#eeeeee"];\n}\n');
});

test('graph: a wrong format or status, a stray argument or no workspace is exit 2 with one line', async () => {
  const root = copyExamples();
  const format = await runKpep(['graph', '--format', 'svg'], { cwd: root });
  assert.deepEqual([format.status, format.stdout], [2, '']);
  assert.equal(format.stderr, 'kpep graph: --format must be one of mermaid, dot, json, not "svg".\n');
  const status = await runKpep(['graph', '--status', 'implementd'], { cwd: root });
  assert.equal(status.status, 2);
  assert.match(status.stderr, /^kpep graph: "implementd" is not a KPEP status \(provisional, .*\); did you mean implemented\?\n$/);
  assert.equal((await runKpep(['graph', 'kpeps', 'templates'], { cwd: root })).status, 2);
  assert.equal((await runKpep(['graph', '--status'], { cwd: root })).status, 2);
  assert.equal((await runKpep(['graph', '--help'], { cwd: root })).status, 0);
});

test('a dangling number in a list has no node and no edge', async () => {
  const root = copyExamples();
  const kpep = join(root, 'kpeps/0006-first-class-tenants/README.md');
  writeFileSync(kpep, readFileSync(kpep, 'utf8').replace('see-also: [4]', 'see-also: [4, 42]'));
  const graph = JSON.parse((await runKpep(['graph', '--format', 'json'], { cwd: root })).stdout) as ReplacementGraph;
  assert.equal(graph.nodes.length, 7);
  assert.ok(!graph.edges.some((edge) => edge.to === 42));
  assert.ok(graph.edges.some((edge) => edge.from === 6 && edge.to === 4));
});
