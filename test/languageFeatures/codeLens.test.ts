import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K5 } from '../helpers/exampleKpeps';
import { CANCELLED, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();

test('the H1 code lens shows status, lineage and how many KPEPs reference it', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K5);
  const [lens, ...more] = await workspace.server.codeLens(uri, NOT_CANCELLED);
  assert.equal(lens?.command?.title, 'implemented · replaces KPEP-0002 · referenced by 3 KPEPs');
  assert.deepEqual(more, []);
  assert.deepEqual(await workspace.server.codeLens(uri, CANCELLED), []);
});

test('a KPEP without an H1 gets no lens', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K5, (files[K5] as string).replace(/^# .*$/m, ''));
  assert.deepEqual(await workspace.server.codeLens(uri, NOT_CANCELLED), []);
});
