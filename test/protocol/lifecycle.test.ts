import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri, serverOnExamples } from '../helpers/lspServer';


/** Open documents as the test client holds them: uri → text and version. */
const open = new Map<string, { text: string; version: number }>();

/** Applies a WorkspaceEdit like an editor: versioned edits to open documents, unversioned ones to disk. */
function apply(edit: WorkspaceEdit): boolean {
  const changes = (edit.documentChanges ?? []) as TextDocumentEdit[];
  for (const change of changes) {
    const held = open.get(change.textDocument.uri);
    if (change.textDocument.version !== null && held?.version !== change.textDocument.version) {
      return false;
    }
  }
  for (const change of changes) {
    const path = fileURLToPath(change.textDocument.uri);
    const held = open.get(change.textDocument.uri);
    const before = held?.text ?? readFileSync(path, 'utf8');
    const after = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'markdown', 0, before), change.edits as TextEdit[]);
    if (held) {
      // As an editor does: the open document gets a new version, and the server hears of it.
      held.text = after;
      held.version++;
      void server.change(change.textDocument.uri, held.version, [{ text: after }]);
    } else {
      writeFileSync(path, after);
    }
  }
  return true;
}

const { root, server } = serverOnExamples({ name: 'life', pull: true, applyEdit: apply });

const K4 = 'kpeps/0004-structured-audit-logging/README.md';
const K5 = 'kpeps/0005-streaming-watch/README.md';
const K6 = 'kpeps/0006-first-class-tenants/README.md';
const K7 = 'kpeps/0007-rough-draft-quota-api/README.md';
const CROSS_CODES = ['replaces-not-reciprocated', 'superseded-by-missing', 'status-not-replaced', 'replacement-cycle', 'duplicate-number', 'dangling-reference'];

async function openKpep(path: string): Promise<string> {
  const uri = fileUri(root, path);
  const text = readFileSync(join(root, path), 'utf8');
  open.set(uri, { text, version: 1 });
  await server.open(path, text, 1);
  return uri;
}

/** Sends the client's current text of an open document to the server as a new version. */
async function sync(uri: string): Promise<void> {
  const held = open.get(uri);
  assert.ok(held);
  held.version++;
  await server.change(uri, held.version, [{ text: held.text }]);
}

async function actions(uri: string, only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

test('a draft offers Mark implementable disabled, naming every blocker', async () => {
  const uri = await openKpep(K7);
  const offered = await actions(uri);
  const implementable = offered.find((action) => action.title === 'Mark implementable');
  assert.ok(implementable?.disabled, 'disabled');
  const reason = implementable.disabled.reason;
  assert.match(reason, /"Motivation" with its subsections "Goals", "Non-Goals" is missing/);
  assert.match(reason, /"Summary" has no content of its own/);
  assert.match(reason, /1 UNRESOLVED block remains/);
  // The Summary's guidance comment is part of "no content of its own", not a blocker of its own.
  assert.doesNotMatch(reason, /template guidance left unchanged/);
  assert.ok(offered.some((action) => action.title === 'Withdraw' && !action.disabled));
});

test('kpep.server.kpepStatus names the open KPEP and its status as typed, and nothing for other markdown', async () => {
  const uri = fileUri(root, K7);
  const held = open.get(uri);
  assert.ok(held, 'the draft was opened by the test before');
  const status = (target: string): Promise<unknown> => server.request('workspace/executeCommand', { command: 'kpep.server.kpepStatus', arguments: [{ uri: target }] });
  assert.deepEqual(await status(uri), { id: 'KPEP-0007', title: 'Per-tenant resource quotas', status: 'provisional' });
  const original = held.text;
  held.text = original.replace(/^status: provisional$/m, 'status: withdrawn');
  await sync(uri);
  assert.equal(((await status(uri)) as { status: string }).status, 'withdrawn', 'unsaved text counts');
  held.text = original;
  await sync(uri);
  assert.equal(await status(await openKpep('kpeps/README.md')), null, 'the index page is not a KPEP');
  assert.equal(await status(await openKpep('templates/README.md')), null, 'nor is the template');
});

test('Mark implementable on a finished draft resolves to a versioned edit of status and last-updated', async () => {
  const uri = await openKpep(K6);
  const action = (await actions(uri)).find((candidate) => candidate.title === 'Mark implementable');
  assert.ok(action && !action.disabled && !action.edit, 'enabled, edit left for resolve');
  const resolved = await server.request<CodeAction>('codeAction/resolve', action);
  const [change] = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
  assert.deepEqual(change?.textDocument, { uri, version: 1 });
  assert.ok(apply(resolved.edit as WorkspaceEdit));
  const text = open.get(uri)?.text ?? '';
  assert.match(text, /\nstatus: implementable\n/);
  assert.match(text, /\nlast-updated: \d{4}-\d{2}-\d{2}\n/);
});

test('an edit resolved against an older version is refused, never applied to newer text', async () => {
  const uri = await openKpep(K4);
  const action = (await actions(uri)).find((candidate) => candidate.title === 'Withdraw');
  assert.ok(action);
  const resolved = await server.request<CodeAction>('codeAction/resolve', action);
  const held = open.get(uri);
  assert.ok(held);
  held.text += '\nAn unsaved line.\n';
  await sync(uri);
  assert.equal(apply(resolved.edit as WorkspaceEdit), false);
  assert.ok(!held.text.includes('status: withdrawn'));
});

test('quick fixes and fix-all for the draft', async () => {
  const uri = await openKpep(K7);
  const diagnostics = await server.pull(uri);
  const fieldUnknown = diagnostics.filter((d) => d.code === 'field-unknown');
  const fixes = await actions(uri, ['quickfix'], fieldUnknown);
  assert.deepEqual(fixes.map((fix) => fix.title), ['Rename "reviwers" to "reviewers"']);
  const [fixAll] = await actions(uri, ['source.fixAll.kpep']);
  assert.equal(fixAll?.title, 'Fix all safe KPEP problems');
  assert.ok(apply(fixAll?.edit as WorkspaceEdit));
  const after = (await server.pull(uri)).map((d) => String(d.code));
  for (const code of ['field-unknown', 'title', 'toc-stale']) {
    assert.ok(!after.includes(code), `${code} still reported`);
  }
});

test('superseding from the older KPEP edits both files and leaves no cross-KPEP diagnostic', async () => {
  const older = await openKpep(K4);
  const supersede = (await actions(older)).find((action) => action.title === 'Mark replaced by KPEP-0006: Tenants as a first-class resource');
  assert.ok(supersede, 'offered');
  const resolved = await server.request<CodeAction>('codeAction/resolve', supersede);
  const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
  assert.deepEqual(changes.map((change) => change.textDocument.uri), [older, fileUri(root, K6)]);
  assert.ok(apply(resolved.edit as WorkspaceEdit));
  for (const uri of [older, fileUri(root, K6)]) {
    const codes = (await server.pull(uri)).map((d) => String(d.code));
    assert.deepEqual(codes.filter((code) => CROSS_CODES.includes(code)), [], uri);
  }
  assert.match(open.get(older)?.text ?? '', /status: replaced\n[\s\S]*superseded-by: \[6\]/);
  assert.match(open.get(fileUri(root, K6))?.text ?? '', /replaces: \[4\]/);
});

test('the H1 code lens shows status, lineage and how many KPEPs reference it', async () => {
  const uri = await openKpep(K5);
  const [lens] = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.match(lens?.command?.title ?? '', /^implemented · replaces KPEP-0002 · referenced by \d+ KPEPs$/);
});

test('New KPEP through executeCommand creates the next number, and updates the KPEP it replaces through applyEdit', async () => {
  const before = server.appliedEdits.length;
  const created = await server.request<{ uri: string; kpepNumber: number; position: { line: number }; templateMissing: boolean }>('workspace/executeCommand', {
    command: 'kpep.server.createKpep',
    arguments: [{ title: 'Quota enforcement', replaces: 5, author: '@zoe' }],
  });
  assert.equal(created.kpepNumber, 8);
  const path = join(root, 'kpeps/0008-quota-enforcement/README.md');
  assert.ok(existsSync(path));
  const text = readFileSync(path, 'utf8');
  assert.match(text, /kpep-number: 8\ntitle: Quota enforcement\nstatus: provisional\nauthors: \[ "@zoe" \]/);
  assert.match(text, /replaces: \[ 5 \]/);
  assert.equal(text.split('\n')[created.position.line - 2], '## Summary');
  assert.equal(created.templateMissing, false);
  assert.equal(server.appliedEdits.length, before + 1);
  // 0005 is open (the code lens test opened it), so the versioned edit went to its open text.
  const replaced = open.get(fileUri(root, K5))?.text ?? '';
  assert.match(replaced, /status: replaced/);
  assert.match(replaced, /superseded-by: \[8\]/);
  const uri = await openKpep('kpeps/0008-quota-enforcement/README.md');
  const codes = (await server.pull(uri)).map((d) => String(d.code));
  assert.deepEqual(codes.filter((code) => CROSS_CODES.includes(code)), []);
  const again = await server.request<{ kpepNumber: number }>('workspace/executeCommand', { command: 'kpep.server.createKpep', arguments: [{ title: 'Quota enforcement' }] });
  assert.equal(again.kpepNumber, 9, 'never reused, never overwritten');
});

test('New KPEP refuses a title it cannot name a directory after', async () => {
  await assert.rejects(
    server.request('workspace/executeCommand', { command: 'kpep.server.createKpep', arguments: [{ title: '???' }] }),
    /letter or digit/,
  );
});
