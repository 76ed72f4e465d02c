import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K1, K2, K4, K5 } from '../helpers/exampleKpeps';
import { CANCELLED, cursorAt, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();

function lineOf(path: string, needle: string): number {
  return (files[path] as string).split('\n').findIndex((line) => line.includes(needle));
}

test('references to a KPEP from its H1 and from its kpep-number find every use across the workspace', async () => {
  for (const [needle, shift] of [['# KPEP-0001', 4], ['kpep-number: 1', 13]] as const) {
    const workspace = await InProcessWorkspace.create({ files });
    const { uri, position } = await workspace.open(K1, cursorAt(files[K1] as string, needle, shift));
    const locations = (await workspace.server.references(uri, position, { includeDeclaration: true }, NOT_CANCELLED)) ?? [];
    const where = locations.map((location) => `${workspace.pathOf(location.uri)}:${location.range.start.line}`);
    assert.ok(where.includes(`${K1}:${lineOf(K1, '# KPEP-0001')}`), 'the declaration');
    assert.ok(where.includes(`${K2}:${lineOf(K2, 'after KPEP-0001')}`), 'prose in 0002');
    assert.ok(where.includes(`${K4}:${lineOf(K4, '[the storage KPEP]')}`), 'a link in 0004');
    assert.ok(where.includes(`${K5}:${lineOf(K5, 'see-also: [1]')}`), 'see-also in 0005');
    assert.ok(!where.includes(`${K1}:${lineOf(K1, '(KPEP-0001)')}`), 'not the reference inside a code block');
  }
});

test('without the declaration, only the uses; cancelled, nothing', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri, position } = await workspace.open(K1, cursorAt(files[K1] as string, '# KPEP-0001', 4));
  const uses = (await workspace.server.references(uri, position, { includeDeclaration: false }, NOT_CANCELLED)) ?? [];
  assert.ok(uses.length > 0);
  assert.ok(!uses.some((location) => location.uri === uri && location.range.start.line === lineOf(K1, '# KPEP-0001')));
  assert.equal(await workspace.server.references(uri, position, { includeDeclaration: true }, CANCELLED), null);
});
