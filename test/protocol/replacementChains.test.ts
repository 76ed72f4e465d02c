/** Replacement chains in any LSP editor, over stdio: type hierarchy and inlay hints. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { InlayHint, TypeHierarchyItem } from 'vscode-languageserver-protocol';
import { KPEPS_CHANGED_NOTIFICATION } from '../../server/src/protocol/kpepProtocol';
import { kpepPath, kpepText, type KpepSpec } from '../helpers/kpepWorkspace';
import { fileUri, LspTestServer, makeWorkspace, waitFor } from '../helpers/lspServer';

// A chain 1 ← 2 ← 3: 2 replacing 1 is written on both sides, 3 replacing 2 only in 3's replaces;
// 4 only refers, to KPEPs that exist and to one that does not.
const SPECS: readonly KpepSpec[] = [
  { number: 1, status: 'replaced', supersededBy: [2] },
  { number: 2, status: 'replaced', replaces: [1] },
  { number: 3, status: 'implementable', replaces: [2] },
  { number: 4, status: 'provisional', seeAlso: [1, 3, 9], summary: 'Builds on KPEP-3 and on KPEP-9, which does not exist.' },
];
const texts = new Map(SPECS.map((spec) => [kpepPath(spec), kpepText(spec)]));
const pathOf = (kpepNumber: number): string => kpepPath(SPECS.find((spec) => spec.number === kpepNumber) as KpepSpec);
const textOf = (kpepNumber: number): string => texts.get(pathOf(kpepNumber)) as string;

let proseHints = false;
const root = makeWorkspace(Object.fromEntries(texts));
const server = new LspTestServer({ root, settings: () => ({ inlayHints: { prose: proseHints } }) });
before(async () => {
  await server.initialize();
  await server.indexed();
  // Hints asked for while indexing may lack targets, so the complete index refreshes them once.
  await waitFor('the refresh after indexing', () => (server.inlayHintRefreshes > 0 ? true : undefined));
});
after(async () => {
  await server.shutdown();
  rmSync(root, { recursive: true, force: true });
});

/** The position of `needle` (plus `shift` characters) on the first line of a KPEP containing it. */
function at(kpepNumber: number, needle: string, shift = 0): { line: number; character: number } {
  const lines = textOf(kpepNumber).split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(needle));
  assert.ok(line >= 0, `${needle} not in KPEP ${kpepNumber}`);
  return { line, character: (lines[line] as string).indexOf(needle) + shift };
}

async function prepare(kpepNumber: number, position: { line: number; character: number }): Promise<TypeHierarchyItem[] | null> {
  const uri = await server.open(pathOf(kpepNumber), textOf(kpepNumber));
  return server.request<TypeHierarchyItem[] | null>('textDocument/prepareTypeHierarchy', { textDocument: { uri }, position });
}

const names = (items: readonly TypeHierarchyItem[] | null): string[] => (items ?? []).map((item) => item.name);

test('type hierarchy on an H1: the item, the KPEPs it replaces and the KPEPs that replace it', async () => {
  const items = await prepare(2, at(2, '# KPEP-0002', 3));
  assert.equal(items?.length, 1);
  const [item] = items as [TypeHierarchyItem];
  assert.equal(item.name, 'KPEP-0002 Proposal 2');
  assert.equal(item.detail, 'replaced');
  assert.equal(item.uri, fileUri(root, pathOf(2)));
  assert.deepEqual(item.range.start, at(2, '# KPEP-0002'));
  assert.deepEqual(names(await server.request('typeHierarchy/supertypes', { item })), ['KPEP-0001 Proposal 1']);
  // 3 says it replaces 2; 2 does not say it is superseded: either side is enough.
  const subtypes = await server.request<TypeHierarchyItem[]>('typeHierarchy/subtypes', { item });
  assert.deepEqual(names(subtypes), ['KPEP-0003 Proposal 3']);
  assert.equal(subtypes[0]?.detail, 'implementable');
});

test('type hierarchy walks on from KPEPs that are not open, and a link written on both sides counts once', async () => {
  const [item] = (await prepare(1, at(1, 'kpep-number: 1', 13))) as [TypeHierarchyItem];
  assert.equal(item.name, 'KPEP-0001 Proposal 1');
  const [successor] = await server.request<TypeHierarchyItem[]>('typeHierarchy/subtypes', { item });
  assert.equal(successor?.name, 'KPEP-0002 Proposal 2');
  const [latest, ...more] = await server.request<TypeHierarchyItem[]>('typeHierarchy/subtypes', { item: successor });
  assert.equal(latest?.name, 'KPEP-0003 Proposal 3');
  assert.equal(more.length, 0);
  assert.deepEqual(await server.request('typeHierarchy/subtypes', { item: latest }), []);
  assert.deepEqual(await server.request('typeHierarchy/supertypes', { item }), []);
});

test('type hierarchy on a reference is the referenced KPEP; a dangling reference and plain text have none', async () => {
  assert.deepEqual(names(await prepare(4, at(4, 'KPEP-3 and', 2))), ['KPEP-0003 Proposal 3']);
  assert.deepEqual(names(await prepare(4, at(4, 'see-also: [1', 'see-also: ['.length))), ['KPEP-0001 Proposal 1']);
  assert.equal(await prepare(4, at(4, 'KPEP-9', 2)), null);
  assert.equal(await prepare(4, at(4, 'which does not', 3)), null);
  await assert.doesNotReject(server.request('typeHierarchy/supertypes', { item: { name: 'x', kind: 1, uri: 'file:///x', range: at(4, 'KPEP-9'), selectionRange: at(4, 'KPEP-9'), data: 'forged' } }));
});

async function inlayHints(kpepNumber: number, range = { start: { line: 0, character: 0 }, end: { line: textOf(kpepNumber).split('\n').length, character: 0 } }): Promise<InlayHint[]> {
  const uri = await server.open(pathOf(kpepNumber), textOf(kpepNumber));
  return (await server.request<InlayHint[] | null>('textDocument/inlayHint', { textDocument: { uri }, range })) ?? [];
}

test('inlay hints follow each list number that leads to a KPEP, with its title and status; none in prose by default', async () => {
  const hints = await inlayHints(4);
  const seeAlso = at(4, 'see-also: [1, 3, 9]');
  assert.deepEqual(
    hints.map((hint) => [hint.position, hint.label]),
    [
      [{ line: seeAlso.line, character: seeAlso.character + 'see-also: [1'.length }, '▸ Proposal 1 · replaced'],
      [{ line: seeAlso.line, character: seeAlso.character + 'see-also: [1, 3'.length }, '▸ Proposal 3 · implementable'],
    ],
  );
  assert.equal(hints[0]?.paddingLeft, true);
  assert.deepEqual(await inlayHints(2), [{ position: { line: at(2, 'replaces: [1]').line, character: 'replaces: [1'.length }, label: '▸ Proposal 1 · replaced', kind: 1, paddingLeft: true }]);
});

test('inlay hints keep to the requested range', async () => {
  const summary = at(4, 'Builds on KPEP-3');
  assert.deepEqual(await inlayHints(4, { start: { line: summary.line, character: 0 }, end: { line: summary.line + 1, character: 0 } }), []);
  const seeAlso = at(4, 'see-also');
  const firstOnly = await inlayHints(4, { start: seeAlso, end: { line: seeAlso.line, character: 'see-also: [1'.length } });
  assert.deepEqual(firstOnly.map((hint) => hint.label), ['▸ Proposal 1 · replaced']);
});

test('kpep.inlayHints.prose adds hints after prose references; changing it refreshes the hints', async () => {
  const refreshes = server.inlayHintRefreshes;
  proseHints = true;
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  // One refresh for the setting, one when the index rebuilt for the new settings is complete.
  await waitFor('the refreshes', () => (server.inlayHintRefreshes > refreshes + 1 ? true : undefined));
  const prose = at(4, 'KPEP-3 and');
  const hints = await inlayHints(4);
  assert.deepEqual(
    hints.filter((hint) => hint.position.line === prose.line).map((hint) => [hint.position.character, hint.label]),
    [[prose.character + 'KPEP-3'.length, '▸ Proposal 3 · implementable']],
    'the dangling KPEP-9 on the same line gets none',
  );
  proseHints = false;
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await waitFor('the prose hints gone', () => (server.inlayHintRefreshes > refreshes + 3 ? true : undefined));
  assert.equal((await inlayHints(4)).length, 2);
});

test('a retitle refreshes the hints; a change the hints do not show (authors) does not', async () => {
  const notified: unknown[] = [];
  server.connection.onNotification(KPEPS_CHANGED_NOTIFICATION, (params: unknown) => void notified.push(params));
  const uri = await server.open(pathOf(1), textOf(1));
  const authors = at(1, 'authors: ["@alice"]');
  const refreshes = server.inlayHintRefreshes;
  await server.change(uri, 2, [{ range: { start: authors, end: { line: authors.line, character: authors.character + 'authors: ["@alice"]'.length } }, text: 'authors: ["@alice", "@bruno"]' }]);
  await waitFor('the KPEP set change', () => (notified.length > 0 ? true : undefined));
  assert.equal(server.inlayHintRefreshes, refreshes, 'authors are in the KPEP set, not in a hint');

  const title = at(1, 'title: Proposal 1');
  await server.change(uri, 3, [{ range: { start: title, end: { line: title.line, character: title.character + 'title: Proposal 1'.length } }, text: 'title: Tenant quotas' }]);
  await waitFor('an inlay hint refresh', () => (server.inlayHintRefreshes > refreshes ? true : undefined));
  assert.equal((await inlayHints(4))[0]?.label, '▸ Tenant quotas · replaced');
});
