import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K1, K2, K4, K5 } from '../helpers/exampleKpeps';
import { CANCELLED, cursorAt, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();

function lineOf(path: string, needle: string): number {
  return (files[path] as string).split('\n').findIndex((line) => line.includes(needle));
}

async function definitionAt(path: string, needle: string, shift: number): Promise<[string, number][]> {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(path, cursorAt(files[path] as string, needle, shift));
  const locations = (await workspace.server.definition(uri, position, NOT_CANCELLED)) ?? [];
  return locations.map((location) => [workspace.pathOf(location.uri), location.range.start.line]);
}

test('definition goes from a prose reference to the target H1', async () => {
  assert.deepEqual(await definitionAt(K4, 'KPEP-5', 1), [[K5, lineOf(K5, '# KPEP-0005')]]);
});

test('definition goes from a number in replaces to that KPEP', async () => {
  assert.deepEqual(await definitionAt(K5, 'replaces: [2]', 11), [[K2, lineOf(K2, '# KPEP-0002')]]);
});

test('definition goes from a markdown link to the KPEP it names', async () => {
  assert.deepEqual(await definitionAt(K4, '[the storage KPEP]', 3), [[K1, lineOf(K1, '# KPEP-0001')]]);
});

test('definition off any reference, or cancelled, is null', async () => {
  assert.deepEqual(await definitionAt(K4, '# KPEP-0004', 0), []);
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(K4, cursorAt(files[K4] as string, 'KPEP-5', 1));
  assert.equal(await workspace.server.definition(uri, position, CANCELLED), null);
});
