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

test('hover on a prose reference shows the KPEP card', async () => {
  const uri = await open(K4);
  const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(K4, 'KPEP-5', 2) });
  const value = hoverText(hover);
  assert.match(value, /KPEP-0005: Streaming watch API/);
  assert.match(value, /\*implemented\*: all the work landed/);
  assert.match(value, /Authors: @chen, @gus/);
  assert.match(value, /Replaces KPEP-0002 \(Long-polling watch API\)/);
});

test('hover on a replaced KPEP shows who replaced it; on a status, its meaning and next steps; on a heading, its guidance', async () => {
  const uri = await open(K2);
  assert.match(hoverText(await server.request('textDocument/hover', { textDocument: { uri }, position: at(K2, 'KPEP-0002: Long', 3) })), /Replaced by KPEP-0005 \(Streaming watch API\)/);
  const status = hoverText(await server.request('textDocument/hover', { textDocument: { uri }, position: at(K2, 'status: replaced', 10) }));
  assert.match(status, /\*\*replaced\*\*: a later KPEP supersedes this one/);
  assert.match(status, /terminal status/);
  const heading = hoverText(await server.request('textDocument/hover', { textDocument: { uri }, position: at(K2, '## Drawbacks', 4) }));
  assert.match(heading, /\*\*Drawbacks\*\* \(required from implementable\)/);
});

test('definition goes from a reference to the target H1', async () => {
  const uri = await open(K4);
  const locations = await server.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at(K4, 'KPEP-5', 1) });
  assert.deepEqual(locations.map((location) => [location.uri, location.range.start.line]), [[fileUri(root, K5), at(K5, '# KPEP-0005').line]]);
  const fromList = await server.request<Location[]>('textDocument/definition', { textDocument: { uri: await open(K5) }, position: at(K5, 'replaces: [2]', 11) });
  assert.equal(fromList[0]?.uri, fileUri(root, K2));
  const fromLink = await server.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at(K4, '[the storage KPEP]', 3) });
  assert.equal(fromLink[0]?.uri, fileUri(root, K1));
});

test('references to a KPEP from its H1 and from its kpep-number find every use across the workspace', async () => {
  const uri = await open(K1);
  for (const position of [at(K1, '# KPEP-0001', 4), at(K1, 'kpep-number: 1', 13)]) {
    const locations = await server.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    const where = locations.map((location) => `${location.uri.slice(fileUri(root, 'kpeps/').length)}:${location.range.start.line}`);
    assert.ok(where.includes(`${K1.slice(6)}:${at(K1, '# KPEP-0001').line}`), 'the declaration');
    assert.ok(where.includes(`${K2.slice(6)}:${at(K2, 'after KPEP-0001').line}`), 'prose in 0002');
    assert.ok(where.includes(`${K4.slice(6)}:${at(K4, '[the storage KPEP]').line}`), 'a link in 0004');
    assert.ok(where.includes(`${K5.slice(6)}:${at(K5, 'see-also: [1]').line}`), 'see-also in 0005');
    assert.ok(!where.some((place) => place.startsWith(`${K1.slice(6)}:${at(K1, '(KPEP-0001)').line}`)), 'not the reference inside a code block');
  }
});

test('document links point prose references at the target README', async () => {
  const links = await server.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: await open(K4) } });
  const toFive = links.find((link) => link.range.start.line === at(K4, 'KPEP-5').line);
  assert.equal(toFive?.target, `${fileUri(root, K5)}#L${at(K5, '# KPEP-0005').line + 1}`);
});

test('workspace symbols list KPEPs with number, title and status', async () => {
  const symbols = await server.request<SymbolInformation[]>('workspace/symbol', { query: 'storage' });
  assert.deepEqual(symbols.map((symbol) => symbol.name), ['KPEP-0001 Pluggable storage backends · implemented']);
  assert.equal((await server.request<SymbolInformation[]>('workspace/symbol', { query: '' })).length, 7);
});

test('completion offers KPEPs after KPEP-, numbers in see-also, statuses, and missing template sections', async () => {
  const uri = await open(K7);
  const lines = text(K7).split('\n');
  const last = lines.length - 1;
  await server.change(uri, 2, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: 'See KPEP-\n## Mot' }]);
  const afterPrefix = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: last, character: 9 } });
  const first = afterPrefix.find((item) => item.label === 'KPEP-0001');
  assert.equal(first?.detail, 'Pluggable storage backends · implemented');
  assert.ok(!afterPrefix.some((item) => item.label === 'KPEP-0007'), 'not itself');
  const sections = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: last + 1, character: 5 } });
  assert.ok(sections.some((item) => item.label === 'Motivation'));
  assert.ok(!sections.some((item) => item.label === 'Summary'), 'Summary is already there');
  const seeAlso = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at(K7, 'see-also: [', 11) });
  assert.equal(seeAlso.find((item) => item.label === 'KPEP-0004')?.textEdit?.newText, '4');
  const statuses = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at(K7, 'status: ', 8) });
  assert.deepEqual(statuses.map((item) => item.label), ['provisional', 'implementable', 'implemented', 'withdrawn', 'replaced']);
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
