import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { K2, K5, K7 } from '../helpers/exampleKpeps';
import { CANCELLED, exampleFiles, InProcessWorkspace } from '../helpers/inProcessServer';

const files = exampleFiles();
const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

test("editing the replaced KPEP's superseded-by re-checks its open successor (pull: a refresh is asked for)", async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri: successor } = await workspace.open(K5, `${files[K5]}\nAn unsaved note.\n`);
  assert.ok(!codes(await workspace.diagnostics(successor)).includes('replaces-not-reciprocated'));
  const { uri: replaced } = await workspace.open(K2);
  const refreshes = workspace.refreshes;
  await workspace.change(replaced, (files[K2] as string).replace('superseded-by: [5]', 'superseded-by: []'));
  assert.equal(workspace.refreshes, refreshes + 1, 'one refresh, once the index has the new entry');
  assert.ok(codes(await workspace.diagnostics(replaced)).includes('superseded-by-missing'));
  assert.ok(codes(await workspace.diagnostics(successor)).includes('replaces-not-reciprocated'));
});

test('an edit others do not read (a typo in prose) asks for no refresh', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K2);
  await workspace.open(K5);
  const refreshes = workspace.refreshes;
  await workspace.change(uri, `${files[K2]}\nA sentence more.\n`);
  assert.equal(workspace.refreshes, refreshes);
});

test('push: the edited KPEP and the open KPEPs it affects are published, with the version checked', async () => {
  const workspace = await InProcessWorkspace.create({ files, pull: false });
  const { uri: successor } = await workspace.open(K5);
  const { uri: replaced } = await workspace.open(K2);
  await workspace.waitForPublished(successor, (diagnostics) => !codes(diagnostics).includes('replaces-not-reciprocated'), 'the successor checked');
  await workspace.change(replaced, (files[K2] as string).replace('superseded-by: [5]', 'superseded-by: []'));
  await workspace.waitForPublished(replaced, (diagnostics) => codes(diagnostics).includes('superseded-by-missing'), 'the edited KPEP');
  await workspace.waitForPublished(successor, (diagnostics) => codes(diagnostics).includes('replaces-not-reciprocated'), 'the KPEP it affects');
  assert.equal(workspace.published.get(replaced)?.version, 2);
  await workspace.server.didClose(replaced);
  assert.deepEqual(workspace.published.get(replaced)?.diagnostics, [], 'closing clears its list');
});

test('reading never writes: a hover after an edit leaves the index as the pipeline left it', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  const [folder] = await workspace.server.host.folders();
  assert.ok(folder);
  const index = await workspace.server.indexer.indexOf(folder);
  const before = index.snapshot();
  await workspace.server.hover(uri, { line: 0, character: 0 }, CANCELLED);
  await workspace.diagnostics(uri);
  assert.equal(index.snapshot(), before);
});

test("a KPEP root's directory change keeps an open KPEP's unsaved entry, in a folder whose path has a space; saved and closed, the scan reads the same entry", async () => {
  const workspace = await InProcessWorkspace.create({ files, root: '/kpep memory/with space' });
  // The shapes the line scan once read apart from the full model: indented code, an HTML block, a setext heading.
  const unsaved = `${(files[K7] as string).replace('title: Per-tenant resource quotas', 'title: Unsaved quota title')}\n\n    KPEP-0002 in indented code\n\n<div>\nKPEP-0005 in HTML\n</div>\n\nQuota rollout\n-------------\n\nSee [the rollout](#quota-rollout) and KPEP-0002.\n`;
  const { uri } = await workspace.open(K7, unsaved);
  assert.ok(uri.includes('%20'), uri);
  const [folder] = await workspace.server.host.folders();
  assert.ok(folder);
  const index = await workspace.server.indexer.indexOf(folder);
  const openEntry = index.get(K7);
  await workspace.write('kpeps/0008-new/README.md', (files[K7] as string).replace('kpep-number: 7', 'kpep-number: 8'));
  await workspace.server.filesChanged([{ uri: workspace.uri('kpeps/0008-new'), type: 1 }]);
  assert.equal(index.get(K7)?.title, 'Unsaved quota title', "the open version's entry, from its full model");
  assert.deepEqual(index.get(K7), openEntry);
  assert.equal(index.find(8)?.path, 'kpeps/0008-new/README.md');
  assert.ok(openEntry?.anchors.includes('quota-rollout'));
  await workspace.write(K7, unsaved);
  await workspace.server.didClose(uri);
  assert.deepEqual(index.get(K7), openEntry, 'the closed file, from the line scan');
  // A link to the setext heading's anchor in the closed KPEP resolves; a near miss does not.
  const linking = await workspace.open(K5, `${files[K5]}\nSee [the rollout](../0007-rough-draft-quota-api/README.md#quota-rollout).\n`);
  assert.ok(!codes(await workspace.diagnostics(linking.uri)).includes('broken-link'));
  await workspace.change(linking.uri, `${files[K5]}\nSee [the rollout](../0007-rough-draft-quota-api/README.md#quota-rollouts).\n`);
  assert.ok(codes(await workspace.diagnostics(linking.uri)).includes('broken-link'));
});

test('a cancelled pull answers nothing', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  assert.equal(await workspace.server.diagnose(uri, CANCELLED), undefined);
});
