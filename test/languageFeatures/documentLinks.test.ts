import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K4, K5 } from '../helpers/exampleKpeps';
import { CANCELLED, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();
const lineOf = (path: string, needle: string): number => (files[path] as string).split('\n').findIndex((line) => line.includes(needle));

test('document links point prose references at the target README', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K4);
  const links = await workspace.server.documentLinks(uri, NOT_CANCELLED);
  const toFive = links.find((link) => link.range.start.line === lineOf(K4, 'KPEP-5'));
  assert.equal(toFive?.target, `${workspace.uri(K5)}#L${lineOf(K5, '# KPEP-0005') + 1}`);
  assert.equal(toFive?.tooltip, 'Open KPEP-0005: Streaming watch API');
  assert.deepEqual(await workspace.server.documentLinks(uri, CANCELLED), []);
});
