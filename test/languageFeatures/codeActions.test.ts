import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { K4, K6, K7 } from '../helpers/exampleKpeps';
import { CANCELLED, exampleFiles, InProcessWorkspace, NOT_CANCELLED } from '../helpers/inProcessServer';

const files = exampleFiles();
const CROSS_CODES = ['replaces-not-reciprocated', 'superseded-by-missing', 'status-not-replaced', 'replacement-cycle', 'duplicate-number', 'dangling-reference'];
const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

async function actions(workspace: InProcessWorkspace, uri: string, only?: string[], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
  return workspace.server.codeAction(uri, START, { diagnostics, ...(only ? { only } : {}) }, NOT_CANCELLED);
}

test('a draft offers Mark implementable disabled, naming every blocker', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  const offered = await actions(workspace, uri);
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

test('Mark implementable on a finished draft resolves to a versioned edit of status and last-updated', async () => {
  const workspace = await InProcessWorkspace.create({ files, today: '2026-12-07' });
  const { uri } = await workspace.open(K6);
  const action = (await actions(workspace, uri)).find((candidate) => candidate.title === 'Mark implementable');
  assert.ok(action && !action.disabled && !action.edit, 'enabled, edit left for resolve');
  const resolved = await workspace.server.resolveCodeAction(action);
  const [change] = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
  assert.deepEqual(change?.textDocument, { uri, version: 1 });
  assert.ok(workspace.applyLikeAnEditor(resolved.edit as WorkspaceEdit));
  const text = workspace.server.documents.get(uri)?.getText() ?? '';
  assert.match(text, /\nstatus: implementable\n/);
  assert.match(text, /\nlast-updated: 2026-12-07\n/);
});

test('an edit resolved against an older version is refused, never applied to newer text', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K4);
  const action = (await actions(workspace, uri)).find((candidate) => candidate.title === 'Withdraw');
  assert.ok(action);
  const resolved = await workspace.server.resolveCodeAction(action);
  await workspace.change(uri, `${files[K4]}\nAn unsaved line.\n`);
  assert.equal(workspace.applyLikeAnEditor(resolved.edit as WorkspaceEdit), false);
  assert.ok(!workspace.server.documents.get(uri)?.getText().includes('status: withdrawn'));
});

test('quick fixes and fix-all for the draft', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  const fieldUnknown = (await workspace.diagnostics(uri)).filter((d) => d.code === 'field-unknown');
  const fixes = await actions(workspace, uri, ['quickfix'], fieldUnknown);
  assert.deepEqual(fixes.map((fix) => fix.title), ['Rename "reviwers" to "reviewers"']);
  const [fixAll] = await actions(workspace, uri, ['source.fixAll.kpep']);
  assert.equal(fixAll?.title, 'Fix all safe KPEP problems');
  assert.ok(workspace.applyLikeAnEditor(fixAll?.edit as WorkspaceEdit));
  const after = (await workspace.diagnostics(uri)).map((d) => String(d.code));
  for (const code of ['field-unknown', 'title', 'toc-stale']) {
    assert.ok(!after.includes(code), `${code} still reported`);
  }
});

test('the missing-section quick fix adds the sections the diagnostic carries in its data, whatever its message says', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  const missing = (await workspace.diagnostics(uri)).filter((d) => d.code === 'missing-section');
  assert.ok(missing.length > 0);
  for (const diagnostic of missing) {
    const titles = (diagnostic.data as { sections: string[] }).sections;
    // A client may show (and send back) the message reworded or translated: the fix does not read it.
    const reworded = { ...diagnostic, message: 'Ein Abschnitt fehlt.' };
    const fixes = (await actions(workspace, uri, ['quickfix'], [reworded])).map((fix) => fix.title);
    assert.deepEqual(fixes, titles.map((title) => `Add the section "${title}" from the template`));
  }
});

test('superseding from the older KPEP edits both files and leaves no cross-KPEP diagnostic', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri: older } = await workspace.open(K4);
  const { uri: newer } = await workspace.open(K6);
  const supersede = (await actions(workspace, older)).find((action) => action.title === 'Mark replaced by KPEP-0006: Tenants as a first-class resource');
  assert.ok(supersede, 'offered');
  const resolved = await workspace.server.resolveCodeAction(supersede);
  const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
  assert.deepEqual(changes.map((change) => change.textDocument.uri), [older, newer]);
  assert.ok(workspace.applyLikeAnEditor(resolved.edit as WorkspaceEdit));
  await workspace.settled();
  for (const uri of [older, newer]) {
    const codes = (await workspace.diagnostics(uri)).map((d) => String(d.code));
    assert.deepEqual(codes.filter((code) => CROSS_CODES.includes(code)), [], uri);
  }
  assert.match(workspace.server.documents.get(older)?.getText() ?? '', /status: replaced\n[\s\S]*superseded-by: \[6\]/);
  assert.match(workspace.server.documents.get(newer)?.getText() ?? '', /replaces: \[4\]/);
});

test('a supersede quick fix on a closed KPEP that changed since it was offered is refused', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K6, (files[K6] as string).replace(/^status: provisional$/m, 'status: provisional\nreplaces: [4]'));
  const diagnostic = (await workspace.diagnostics(uri)).find((d) => d.code === 'replaces-not-reciprocated');
  assert.ok(diagnostic);
  const [fix] = await actions(workspace, uri, ['quickfix'], [diagnostic]);
  assert.equal(fix?.title, 'Mark KPEP-0004 replaced by KPEP-0006 in both KPEPs');
  await workspace.write(K4, `${files[K4]}\nEdited on disk meanwhile.\n`);
  await assert.rejects(workspace.server.resolveCodeAction(fix as CodeAction), /changed since this fix was offered/);
});

test('a cancelled code action request offers nothing', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  assert.deepEqual(await workspace.server.codeAction(uri, START, { diagnostics: [] }, CANCELLED), []);
});
