/** The views' requests over stdio: the KPEP set, its change notification, and the replacement graph. */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  KPEPS_CHANGED_NOTIFICATION,
  KPEPS_REQUEST,
  REPLACEMENT_GRAPH_REQUEST,
  type KpepFolderSummary,
  type KpepsChangedParams,
  type ReplacementGraph,
} from '../../server/src/protocol/kpepProtocol';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';
import { fileUri, LspTestServer, makeWorkspace, serverOnExamples, waitFor, writeWorkspaceFile } from '../helpers/lspServer';

const { root, server } = serverOnExamples({ name: 'views' });
const changed: KpepsChangedParams[] = [];
server.connection.onNotification(KPEPS_CHANGED_NOTIFICATION, (params: KpepsChangedParams) => void changed.push(params));

const K4 = 'kpeps/0004-structured-audit-logging/README.md';
const folderUri = pathToFileURL(root).href;

async function kpeps(on = server): Promise<KpepFolderSummary[]> {
  return on.request<KpepFolderSummary[]>(KPEPS_REQUEST, null);
}

test('kpep/kpeps answers every KPEP of the folder from the index', async () => {
  const [folder, ...others] = await kpeps();
  assert.equal(others.length, 0);
  assert.ok(folder);
  assert.equal(folder.folderUri, folderUri);
  assert.equal(folder.complete, true);
  assert.deepEqual(folder.kpeps.map((kpep) => kpep.id), ['KPEP-0001', 'KPEP-0002', 'KPEP-0003', 'KPEP-0004', 'KPEP-0005', 'KPEP-0006', 'KPEP-0007']);
  assert.deepEqual(folder.kpeps[4], {
    kpepNumber: 5,
    id: 'KPEP-0005',
    title: 'Streaming watch API',
    status: 'implemented',
    uri: fileUri(root, 'kpeps/0005-streaming-watch/README.md'),
    authors: ['@chen', '@gus'],
    creationDate: '2025-08-04',
    lastUpdated: '2026-02-23',
    replaces: [2],
    supersededBy: [],
    seeAlso: [1],
    latestSuccessor: null,
  });
  // A replaced KPEP names the newest of its succession chain, as reference-to-replaced does.
  assert.equal(folder.kpeps[1]?.latestSuccessor, 5);
});

test('kpep/replacementGraph: nodes, replacements from either side once, see-also; a status filter keeps the edges between what it keeps', async () => {
  const graph = await server.request<ReplacementGraph>(REPLACEMENT_GRAPH_REQUEST, { folderUri });
  assert.deepEqual(graph.nodes.map((node) => node.kpepNumber), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(graph.nodes[1], { kpepNumber: 2, id: 'KPEP-0002', title: 'Long-polling watch API', status: 'replaced', uri: fileUri(root, 'kpeps/0002-long-polling-watch/README.md') });
  // 5 replaces 2 is written on both sides (replaces: [2], superseded-by: [5]): one edge.
  assert.deepEqual(graph.edges.filter((edge) => edge.kind === 'replaces'), [{ from: 5, to: 2, kind: 'replaces' }]);
  assert.equal(graph.edges.filter((edge) => edge.kind === 'see-also').length, 7);

  const implemented = await server.request<ReplacementGraph>(REPLACEMENT_GRAPH_REQUEST, { statuses: ['implemented'] });
  assert.deepEqual(implemented.nodes.map((node) => node.kpepNumber), [1, 5]);
  assert.deepEqual(implemented.edges, [
    { from: 1, to: 5, kind: 'see-also' },
    { from: 5, to: 1, kind: 'see-also' },
  ]);
});

test('kpep/replacementGraph refuses a folder that is not open and statuses that are not a list', async () => {
  await assert.rejects(server.request(REPLACEMENT_GRAPH_REQUEST, { folderUri: 'file:///nowhere' }), /is not a workspace folder/);
  await assert.rejects(server.request(REPLACEMENT_GRAPH_REQUEST, { statuses: 'implemented' }), /statuses must be a list/);
});

test('kpep/kpepsChanged: a burst of keystrokes retitling a KPEP is one notification; a body edit is none', async () => {
  const before = changed.length;
  const text = readFileSync(join(root, K4), 'utf8');
  const uri = await server.open(K4, text);
  const titleLine = text.split('\n').findIndex((line) => line.startsWith('title:'));
  // Sent at once, so a loaded machine cannot spread the burst wider than the server's delay.
  const typed = [...' v2'];
  await Promise.all(
    typed.map((character, i) => {
      const end = { line: titleLine, character: 'title: Structured audit logging'.length + i };
      return server.change(uri, 2 + i, [{ range: { start: end, end }, text: character }]);
    }),
  );
  await waitFor('the change notification', () => (changed.length > before ? true : undefined));
  const retitled = (await kpeps())[0]?.kpeps.find((kpep) => kpep.kpepNumber === 4);
  assert.equal(retitled?.title, 'Structured audit logging v2');
  assert.deepEqual(changed.slice(before), [{ folderUri }]);

  // A body edit changes nothing the views show; the KPEP that appears on disk afterwards is the one notification.
  const summaryLine = text.split('\n').findIndex((line) => line === '## Summary') + 2;
  await server.change(uri, 10, [{ range: { start: { line: summaryLine, character: 0 }, end: { line: summaryLine, character: 0 } }, text: 'Also: ' }]);
  writeWorkspaceFile(root, 'kpeps/0008-kpep-8/README.md', kpepText({ number: 8, replaces: [7] }));
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, 'kpeps/0008-kpep-8/README.md'), type: 1 }] });
  await waitFor('the notification of the new KPEP', () => (changed.length > before + 1 ? true : undefined));
  assert.equal(changed.length, before + 2);
  assert.deepEqual((await kpeps())[0]?.kpeps.at(-1)?.replaces, [7]);

  rmSync(join(root, 'kpeps/0008-kpep-8'), { recursive: true });
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, 'kpeps/0008-kpep-8/README.md'), type: 3 }] });
  await waitFor('the notification of the removed KPEP', () => (changed.length > before + 2 ? true : undefined));
  assert.equal((await kpeps())[0]?.kpeps.length, 7);
});

const held: LspTestServer[] = [];
after(async () => Promise.all(held.map((other) => other.shutdown())));

test('kpep/kpeps answers at once while indexing, marked incomplete; the notification follows the index', async () => {
  let release: () => void = () => undefined;
  const holdIndexing = new Promise<void>((resolve) => (release = resolve));
  const workspace = makeWorkspace({ [kpepPath({ number: 1 })]: kpepText({ number: 1 }), [kpepPath({ number: 2 })]: kpepText({ number: 2, replaces: [1] }) });
  const other = new LspTestServer({ root: workspace, holdIndexing });
  held.push(other);
  const notified: KpepsChangedParams[] = [];
  other.connection.onNotification(KPEPS_CHANGED_NOTIFICATION, (params: KpepsChangedParams) => void notified.push(params));
  await other.initialize();
  const partial = await kpeps(other);
  assert.equal(partial[0]?.complete, false);
  assert.equal(partial[0]?.kpeps.length, 0);
  assert.equal(notified.length, 0);

  release();
  await waitFor('the notification that the index is complete', () => (notified.length > 0 ? true : undefined));
  const complete = await kpeps(other);
  assert.equal(complete[0]?.complete, true);
  assert.deepEqual(complete[0]?.kpeps.map((kpep) => [kpep.kpepNumber, kpep.replaces]), [[1, []], [2, [1]]]);
  rmSync(workspace, { recursive: true, force: true });
});
