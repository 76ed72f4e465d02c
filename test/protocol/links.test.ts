import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Hover, Location } from 'vscode-languageserver-protocol';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';
import { fileUri, LspTestServer, makeWorkspace, waitFor, writeWorkspaceFile } from '../helpers/lspServer';

const LINKING = { number: 4, summary: 'Builds on [the old plan](../2290-some-slug/README.md) and ![the flow](images/flow.png).\n\nSee [the notes](notes.md).' };
const NUMBERED = { number: 2290, directory: '2290-other-name' };
const root = makeWorkspace({ [kpepPath(LINKING)]: kpepText(LINKING), [kpepPath(NUMBERED)]: kpepText(NUMBERED) });
const server = new LspTestServer({ root, pull: true });

after(() => server.shutdown());

function position(needle: string, shift = 0): { line: number; character: number } {
  const lines = kpepText(LINKING).split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  return { line, character: (lines[line] ?? '').indexOf(needle) + shift };
}

const brokenLinks = async (uri: string): Promise<string[]> =>
  (await server.pull(uri)).filter((diagnostic) => diagnostic.code === 'broken-link').map((diagnostic) => String(diagnostic.message));

test('a link to a missing KPEP directory leads nowhere, is reported with the KPEP that has its number, and clears when its target appears', async () => {
  await server.initialize();
  await server.indexed();
  const uri = await server.open(kpepPath(LINKING), kpepText(LINKING));
  const textDocument = { uri };
  const onLink = position('[the old plan]', 3);
  const hover = await server.request<Hover | null>('textDocument/hover', { textDocument, position: onLink });
  const hoverText = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  assert.equal(hoverText, 'There is no kpeps/2290-some-slug/README.md in this workspace. KPEP-2290 is kpeps/2290-other-name/README.md (Proposal 2290).');
  assert.equal(await server.request<Location[] | null>('textDocument/definition', { textDocument, position: onLink }), null);
  assert.equal(await server.request<Location[] | null>('textDocument/references', { textDocument, position: onLink, context: { includeDeclaration: true } }), null);

  const broken = await brokenLinks(uri);
  assert.equal(broken.length, 3, broken.join('\n'));
  assert.match(broken[0] ?? '', /KPEP-2290 is kpeps\/2290-other-name\/README\.md/);

  // The image appears on disk: the watcher's event re-checks the document.
  writeWorkspaceFile(root, 'kpeps/0004-kpep-4/images/flow.png', 'PNG');
  const refreshes = server.refreshes;
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, 'kpeps/0004-kpep-4/images/flow.png'), type: 1 }] });
  await waitFor('a diagnostics refresh', () => (server.refreshes > refreshes ? true : undefined));
  assert.deepEqual((await brokenLinks(uri)).length, 2);

  // A file open in the editor but never saved is a link target too.
  await server.open('kpeps/0004-kpep-4/notes.md', '# Notes\n');
  assert.deepEqual((await brokenLinks(uri)).length, 1);
});
