/**
 * A document opened while the workspace is being indexed: its own diagnostics do not wait for the
 * index, the cross-KPEP ones follow once it is complete, and hover, definition and completion
 * answer from the open document and the part already indexed. The client holds indexing back by
 * not answering the server's work-done progress request until the test releases it.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { frontMatter, kpepBody } from '../helpers/kpepFixtures';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';
import { LspTestServer, makeWorkspace, waitFor } from '../helpers/lspServer';

const OPENED = kpepPath({ number: 7, directory: '0007-pluggable-storage' });
/** Lacks its Summary (a per-document finding) and shares its number with KPEP-0007 on disk (a cross-KPEP one). */
const openedText = frontMatter() + kpepBody({ omit: ['Summary'] }).replace('## Motivation\n', '## Motivation\n\nBuilds on KPEP-0003.\n');
const files = {
  [OPENED]: openedText,
  [kpepPath({ number: 7, directory: '0007-another-seven' })]: kpepText({ number: 7 }),
  [kpepPath({ number: 3 })]: kpepText({ number: 3 }),
};
const servers: LspTestServer[] = [];

after(async () => {
  await Promise.all(servers.map((server) => server.shutdown()));
});

function heldServer(pull: boolean): { server: LspTestServer; release: () => void } {
  let release: () => void = () => undefined;
  const holdIndexing = new Promise<void>((resolve) => (release = resolve));
  const server = new LspTestServer({ root: makeWorkspace(files), pull, holdIndexing });
  servers.push(server);
  return { server, release };
}

const codes = (diagnostics: readonly { code?: unknown }[]): string[] => diagnostics.map((diagnostic) => String(diagnostic.code));
const indexEnded = (server: LspTestServer): boolean => server.progress.some((value) => value.kind === 'end');

test('pushed: per-document diagnostics arrive before the index is built, the cross-KPEP ones when it is', async () => {
  const { server, release } = heldServer(false);
  await server.initialize();
  const uri = await server.open(OPENED, openedText);
  const first = await server.waitForPublished(uri, (params) => params.diagnostics.length > 0, 'per-document diagnostics while indexing is held');
  assert.ok(!indexEnded(server), 'the index cannot have been built yet');
  assert.ok(codes(first).includes('missing-section'), codes(first).join(', '));
  assert.ok(!codes(first).includes('duplicate-number'), 'no cross-KPEP finding from an index that is not there');

  release();
  const second = await server.waitForPublished(uri, (params) => codes(params.diagnostics).includes('duplicate-number'), 'the cross-KPEP diagnostics');
  assert.ok(indexEnded(server));
  assert.ok(codes(second).includes('missing-section'));
});

test('pulled: the pull answers before the index is built; a diagnostic refresh follows it', async () => {
  const { server, release } = heldServer(true);
  await server.initialize();
  const uri = await server.open(OPENED, openedText);
  const first = await server.pull(uri);
  assert.ok(!indexEnded(server) && server.refreshes === 0);
  assert.ok(codes(first).includes('missing-section'), codes(first).join(', '));
  assert.ok(!codes(first).includes('duplicate-number'));

  release();
  await waitFor('workspace/diagnostic/refresh once the index is built', () => (server.refreshes > 0 ? true : undefined));
  assert.ok(codes(await server.pull(uri)).includes('duplicate-number'));
});

test('hover, definition and completion answer while the index is being built, from the open document', async () => {
  const { server, release } = heldServer(true);
  await server.initialize();
  const uri = await server.open(OPENED, openedText);
  const lines = openedText.split('\n');
  const statusLine = lines.findIndex((line) => line.startsWith('status:'));
  const referenceLine = lines.findIndex((line) => line.includes('KPEP-0003'));
  const reference = { line: referenceLine, character: lines[referenceLine]!.indexOf('KPEP-0003') + 3 };

  const started = Date.now();
  const status = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: statusLine, character: 9 } });
  const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: reference });
  const definition = await server.request<unknown[] | null>('textDocument/definition', { textDocument: { uri }, position: reference });
  const completion = await server.request<CompletionItem[] | CompletionList>('textDocument/completion', {
    textDocument: { uri },
    position: { line: referenceLine, character: lines[referenceLine]!.indexOf('KPEP-0003') + 'KPEP-'.length },
  });
  const elapsed = Date.now() - started;
  assert.ok(!indexEnded(server), 'all four were answered with the index held back');
  assert.match(JSON.stringify(status?.contents), /provisional/);
  assert.match(JSON.stringify(hover?.contents), /KPEP-0003 is not indexed yet/);
  assert.equal(definition, null);
  assert.deepEqual(completion, { isIncomplete: true, items: [] });
  // Generous for a shared machine; the benchmark measures the real figure.
  assert.ok(elapsed < 5_000, `${elapsed} ms`);

  release();
  await server.indexed();
  const after = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: reference });
  assert.match(JSON.stringify(after?.contents), /Proposal 3/);
});
