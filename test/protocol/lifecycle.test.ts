import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
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

const K5 = 'kpeps/0005-streaming-watch/README.md';
const K6 = 'kpeps/0006-first-class-tenants/README.md';
const CROSS_CODES = ['replaces-not-reciprocated', 'superseded-by-missing', 'status-not-replaced', 'replacement-cycle', 'duplicate-number', 'dangling-reference'];

async function openKpep(path: string): Promise<string> {
  const uri = fileUri(root, path);
  const text = readFileSync(join(root, path), 'utf8');
  open.set(uri, { text, version: 1 });
  await server.open(path, text, 1);
  return uri;
}

async function actions(uri: string, only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

test('codeAction/resolve over the connection: Mark implementable resolves to a versioned edit the client applies', async () => {
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

test('New KPEP through executeCommand writes to disk, and updates the open KPEP it replaces through applyEdit', async () => {
  await openKpep(K5);
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
  // 0005 is open, so the versioned edit went to its open text.
  const replaced = open.get(fileUri(root, K5))?.text ?? '';
  assert.match(replaced, /status: replaced/);
  assert.match(replaced, /superseded-by: \[8\]/);
  const uri = await openKpep('kpeps/0008-quota-enforcement/README.md');
  const codes = (await server.pull(uri)).map((d) => String(d.code));
  assert.deepEqual(codes.filter((code) => CROSS_CODES.includes(code)), []);
  const again = await server.request<{ kpepNumber: number }>('workspace/executeCommand', { command: 'kpep.server.createKpep', arguments: [{ title: 'Quota enforcement' }] });
  assert.equal(again.kpepNumber, 9, 'never reused, never overwritten');
});
