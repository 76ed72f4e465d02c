import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CompletionItem, Diagnostic, DocumentLink, Hover, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { fileUri, serverOnExamples, waitFor, writeWorkspaceFile } from '../helpers/lspServer';

const { root, server } = serverOnExamples({ name: 'nav', pull: true });

const K1 = 'kpeps/0001-pluggable-storage-backends/README.md';
const K2 = 'kpeps/0002-long-polling-watch/README.md';
const K4 = 'kpeps/0004-structured-audit-logging/README.md';
const K5 = 'kpeps/0005-streaming-watch/README.md';
const K7 = 'kpeps/0007-rough-draft-quota-api/README.md';

const text = (path: string): string => readFileSync(join(root, path), 'utf8');
const open = (path: string): Promise<string> => server.open(path, text(path));

/** The position of `needle` (plus `shift` characters) on the first line containing it. */
function at(path: string, needle: string, shift = 0): { line: number; character: number } {
  const lines = text(path).split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${path}`);
  return { line, character: (lines[line] as string).indexOf(needle) + shift };
}

function hoverText(hover: Hover | null): string {
  const contents = hover?.contents;
  return typeof contents === 'object' && contents !== null && 'value' in contents ? contents.value : '';
}

test('indexing reports work-done progress', () => {
  assert.equal(server.progress[0]?.kind, 'begin');
  assert.equal(server.progress[0]?.title, 'Indexing KPEPs');
  assert.ok(server.progress.some((value) => value.kind === 'report' && value.message === '7/7'));
});

test('each navigation request reaches its feature over the connection (the answers themselves: test/languageFeatures/)', async () => {
  const uri = await open(K4);
  const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(K4, 'KPEP-5', 2) });
  assert.match(hoverText(hover), /KPEP-0005: Streaming watch API/);
  const locations = await server.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at(K4, 'KPEP-5', 1) });
  assert.deepEqual(locations.map((location) => [location.uri, location.range.start.line]), [[fileUri(root, K5), at(K5, '# KPEP-0005').line]]);
  const references = await server.request<Location[]>('textDocument/references', { textDocument: { uri: await open(K1) }, position: at(K1, '# KPEP-0001', 4), context: { includeDeclaration: true } });
  assert.ok(references.some((location) => location.uri === fileUri(root, K2)));
  const links = await server.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  assert.ok(links.some((link) => link.target?.startsWith(fileUri(root, K5))));
  const symbols = await server.request<SymbolInformation[]>('workspace/symbol', { query: 'storage' });
  assert.deepEqual(symbols.map((symbol) => symbol.name), ['KPEP-0001 Pluggable storage backends · implemented']);
  const draft = await open(K7);
  const statuses = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: draft }, position: at(K7, 'status: ', 8) });
  assert.equal(statuses[0]?.label, 'provisional');
});

test('a KPEP created and deleted on disk while the server runs is indexed and dropped', async () => {
  const uri = await open(K7);
  await server.change(uri, 3, [{ text: `${text(K7)}\nThis also needs KPEP-0008.\n` }]);
  const dangling = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === 'dangling-reference' && String(d.message).includes('KPEP-0008'));
  assert.ok(dangling(await server.pull(uri)));

  const created = 'kpeps/0008-quota-enforcement/README.md';
  writeWorkspaceFile(root, created, text(K4).replace('kpep-number: 4', 'kpep-number: 8').replace('# KPEP-0004: Structured audit logging', '# KPEP-0008: Structured audit logging'));
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, created), type: 1 }] });
  await waitForSymbols((names) => names.some((name) => name.startsWith('KPEP-0008')));
  assert.ok(!dangling(await server.pull(uri)));

  rmSync(join(root, 'kpeps/0008-quota-enforcement'), { recursive: true });
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, 'kpeps/0008-quota-enforcement'), type: 3 }] });
  await waitForSymbols((names) => !names.some((name) => name.startsWith('KPEP-0008')));
  assert.ok(dangling(await server.pull(uri)));
});

async function waitForSymbols(accept: (names: string[]) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const names = (await server.request<SymbolInformation[]>('workspace/symbol', { query: '' })).map((symbol) => symbol.name);
    if (accept(names)) {
      return;
    }
    assert.ok(Date.now() < deadline, `symbols never matched: ${names.join(', ')}`);
  }
}

test("editing the replaced KPEP's superseded-by changes the diagnostics of its unsaved successor", async () => {
  const successor = await open(K5);
  // The successor has unsaved edits: its text in the editor differs from the disk.
  await server.change(successor, 2, [{ text: `${text(K5)}\nAn unsaved note.\n` }]);
  assert.deepEqual((await server.pull(successor)).filter((d) => d.code === 'replaces-not-reciprocated'), []);
  const replaced = await open(K2);
  const refreshes = server.refreshes;
  await server.change(replaced, 2, [{ text: text(K2).replace('superseded-by: [5]', 'superseded-by: []') }]);
  assert.ok((await server.pull(replaced)).some((d) => d.code === 'superseded-by-missing'));
  await waitFor('a diagnostic refresh', () => (server.refreshes > refreshes ? true : undefined));
  const after = await server.pull(successor);
  assert.ok(after.some((d) => d.code === 'replaces-not-reciprocated'), after.map((d) => String(d.code)).join(', '));
});
