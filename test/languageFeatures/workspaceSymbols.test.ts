import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CANCELLED, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

test('workspace symbols list KPEPs with number, title and status, filtered by the query', async () => {
  const workspace = await InProcessWorkspace.create({ files: exampleFiles() });
  const symbols = await workspace.server.workspaceSymbols('storage', NOT_CANCELLED);
  assert.deepEqual(symbols.map((symbol) => symbol.name), ['KPEP-0001 Pluggable storage backends · implemented']);
  assert.equal(symbols[0]?.location.uri, workspace.uri('kpeps/0001-pluggable-storage-backends/README.md'));
  assert.equal((await workspace.server.workspaceSymbols('', NOT_CANCELLED)).length, 7);
  assert.equal((await workspace.server.workspaceSymbols('', CANCELLED)).length, 0);
});
