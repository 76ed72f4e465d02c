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

test('a large workspace is indexed on worker threads: progress counts every KPEP, and answers from their entries land where the text puts them', async () => {
  // Enough KPEPs for the server to scan them on threads; each names the one before it.
  const many = Object.fromEntries(
    Array.from({ length: 300 }, (_, index) => {
      const number = index + 1;
      return [kpepPath({ number }), kpepText({ number, summary: number > 1 ? `Follows KPEP-${number - 1} closely.` : 'The first.' })];
    }),
  );
  const server = new LspTestServer({ root: makeWorkspace(many), pull: true });
  servers.push(server);
  await server.initialize();
  const opened = kpepPath({ number: 300 });
  const uri = await server.open(opened, many[opened]!);
  await server.indexed();
  assert.ok(server.progress.some((value) => value.kind === 'report' && value.message === '300/300'), JSON.stringify(server.progress));

  const lines = many[opened]!.split('\n');
  const line = lines.findIndex((text) => text.includes('KPEP-299'));
  const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line]!.indexOf('KPEP-299') + 2 } });
  assert.match(JSON.stringify(hover?.contents), /Proposal 299/);

  // References to KPEP-0150 from the index: KPEP-0151's mention, placed in that closed file.
  const referrer = kpepPath({ number: 151 });
  const referrerLines = many[referrer]!.split('\n');
  const at = referrerLines.findIndex((text) => text.includes('KPEP-150'));
  const target = kpepPath({ number: 150 });
  const targetUri = await server.open(target, many[target]!);
  const targetLines = many[target]!.split('\n');
  const title = targetLines.findIndex((text) => text.startsWith('# '));
  const references = await server.request<{ uri: string; range: unknown }[] | null>('textDocument/references', {
    textDocument: { uri: targetUri },
    position: { line: title, character: 2 },
    context: { includeDeclaration: false },
  });
  const start = referrerLines[at]!.indexOf('KPEP-150');
  assert.deepEqual(
    references?.map((reference) => [reference.uri.endsWith(referrer), reference.range]),
    [[true, { start: { line: at, character: start }, end: { line: at, character: start + 'KPEP-150'.length } }]],
  );
});
