/**
 * Hostile messages to the built server over stdio: crafted URIs and malformed messages to every
 * handler fail alone; documents are compared by normalised URI, so a workspace whose path VS Code
 * percent-encodes keeps unsaved work; a cross-file fix is made when it is resolved and refused
 * when the other file changed since it was offered.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { makeWorkspace, serversForFile, waitFor, writeWorkspaceFile, type LspTestServer } from '../helpers/lspServer';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';

const servers = serversForFile();

function start(root: string, options: { rootUri?: string } = {}): Promise<LspTestServer> {
  return servers.start({ root, pull: true, ...options }, { indexed: true });
}

/** A file URI spelled as VS Code (vscode-uri) spells it: `+` and the other sub-delimiters encoded. */
function vscodeUri(path: string): string {
  return pathToFileURL(path).href.replace(/[+@()!$&',;=]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

const K6 = { number: 6 };
const K7 = { number: 7, replaces: [6] };

/** The server still answers: a hover on a KPEP reference in an open document. */
async function stillAnswers(server: LspTestServer, root: string): Promise<void> {
  assert.ok(!server.exited, `the server exited: ${server.errorOutput}`);
  const uri = await server.open(kpepPath(K7), kpepText(K7));
  // A folder change rebuilds the index; the cross-KPEP finding comes back once it is complete.
  const deadline = Date.now() + 10_000;
  let diagnostics = await server.pull(uri);
  while (!diagnostics.some((d) => d.code === 'replaces-not-reciprocated') && Date.now() < deadline) {
    diagnostics = await server.pull(uri);
  }
  assert.ok(diagnostics.some((d) => d.code === 'replaces-not-reciprocated'), `${root}: ${diagnostics.map((d) => d.code).join(', ')}`);
}

test('crafted URIs and malformed messages fail alone; the server keeps answering', async () => {
  const root = makeWorkspace({ [kpepPath(K6)]: kpepText(K6), [kpepPath(K7)]: kpepText(K7) });
  servers.removeAfter(root);
  const server = await start(root);
  const base = pathToFileURL(root).href;
  const crafted: unknown[] = [
    `file://evil.example${new URL(base).pathname}/kpeps/0008-x/README.md`,
    `${base}/kpeps/0008-a%2Fb/README.md`,
    `${base}/kpeps/0008-%00/README.md`,
    'file:',
    'untitled:Untitled-1',
    42,
    undefined,
    { uri: 'file:///x' },
  ];
  // The client answers workspace/workspaceFolders with folders no file has.
  server.connection.onRequest('workspace/workspaceFolders', () => crafted.map((uri) => ({ uri, name: 'crafted' })));
  for (const uri of crafted) {
    const textDocument = { uri, languageId: 'markdown', version: 1, text: kpepText({ number: 8 }) };
    await server.connection.sendNotification('textDocument/didOpen', { textDocument });
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'changed' }] });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }, { uri, type: 3 }] });
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }).catch(() => undefined);
  }
  await server.connection.sendNotification('textDocument/didOpen', {});
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { languageId: 'markdown', version: 1, text: 'x' } });
  await server.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [] } });
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: null });
  await stillAnswers(server, root);
});

test('every request and notification the server handles survives invalid parameters', async () => {
  const root = makeWorkspace({ [kpepPath(K6)]: kpepText(K6), [kpepPath(K7)]: kpepText(K7) });
  servers.removeAfter(root);
  const server = await start(root);
  const evil = 'file://evil.example/kpeps/0007-x/README.md';
  const requests = [
    'textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/documentLink', 'workspace/symbol',
    'textDocument/completion', 'textDocument/codeAction', 'codeAction/resolve', 'textDocument/codeLens', 'workspace/executeCommand',
    'textDocument/diagnostic',
  ];
  const notifications = [
    'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave', 'workspace/didChangeWatchedFiles',
    'workspace/didChangeConfiguration', 'workspace/didChangeWorkspaceFolders',
  ];
  const shapes: unknown[] = [
    null,
    {},
    { textDocument: { uri: evil }, position: { line: 0, character: 0 }, context: { diagnostics: [] }, query: '' },
    { textDocument: { uri: 42 }, position: { line: -1, character: 1e9 }, context: { diagnostics: [{}], only: 7 } },
    { data: { kind: 'supersede', uri: evil, replacedPath: '../../x', successorPath: '__proto__' }, title: 'x' },
    { command: 'kpep.server.createKpep', arguments: [{ title: 'Evil', folderUri: evil }] },
    { command: 'kpep.server.listKpeps', arguments: [{ folderUri: { toString: 1 } }] },
  ];
  for (const method of requests) {
    for (const params of shapes) {
      // An error response is fine; what matters is that there is a response, and a server to give the next.
      await server.request(method, params).catch((error: unknown) => error);
    }
  }
  for (const method of notifications) {
    for (const params of shapes) {
      await server.connection.sendNotification(method, params);
    }
  }
  await stillAnswers(server, root);
});

test('a workspace whose path VS Code percent-encodes: a resolved edit names the open document and its version', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'kpep-a+b@c-'));
  servers.removeAfter(parent);
  const root = join(parent, "work space+(1)!$&',;=");
  writeWorkspaceFile(root, kpepPath(K6), kpepText(K6));
  writeWorkspaceFile(root, kpepPath({ number: 7 }), kpepText({ number: 7 }));
  const server = await start(root, { rootUri: vscodeUri(root) });
  const uri = vscodeUri(join(root, kpepPath(K6)));
  const saved = readFileSync(join(root, kpepPath(K6)), 'utf8');
  // Unsaved lines above the front matter's end move every offset the disk text would give.
  const unsaved = saved.replace(/\n# KPEP-0006: (.*)\n/, '\n# UNSAVED\n\nUnsaved paragraph.\n\n# KPEP-0006: $1\n');
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 3, text: unsaved } });
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  const supersede = actions.find((action) => action.title.startsWith('Mark replaced by KPEP-0007'));
  assert.ok(supersede, actions.map((action) => action.title).join(' | '));
  const resolved = await server.request<CodeAction>('codeAction/resolve', supersede);
  const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
  const own = changes.find((change) => change.textDocument.uri === uri);
  assert.ok(own, `the edit names ${uri}: ${changes.map((change) => change.textDocument.uri).join(', ')}`);
  assert.equal(own.textDocument.version, 3);
  const after = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 3, unsaved), own.edits as TextEdit[]);
  assert.match(after, /^status: replaced$/m);
  assert.match(after, /^# UNSAVED$/m);
  assert.match(after, /^superseded-by: \[ ?7 ?\]$/m);
});

test('a cross-file quick fix is made when resolved, and refused when the other KPEP changed on disk since it was offered', async () => {
  const root = makeWorkspace({ [kpepPath(K6)]: kpepText(K6), [kpepPath(K7)]: kpepText(K7) });
  servers.removeAfter(root);
  const server = await start(root);
  const uri = await server.open(kpepPath(K7), kpepText(K7));
  const fixFor = async (): Promise<CodeAction> => {
    const diagnostics = await server.pull(uri);
    const diagnostic = diagnostics.find((d: Diagnostic) => d.code === 'replaces-not-reciprocated');
    assert.ok(diagnostic);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const fix = actions.find((action) => action.title === 'Mark KPEP-0006 replaced by KPEP-0007 in both KPEPs');
    assert.ok(fix, actions.map((action) => action.title).join(' | '));
    assert.equal(fix.edit, undefined, 'the edit waits for resolve');
    return fix;
  };
  const stale = await fixFor();
  const k6 = join(root, kpepPath(K6));
  writeFileSync(k6, readFileSync(k6, 'utf8').replace('status: provisional', 'kpep-numreplaced: 1\nstatus: provisional'));
  await assert.rejects(server.request('codeAction/resolve', stale), /changed since this fix was offered/);
  // Near miss: offered again on the file as it is now, it resolves to an edit of that text.
  const fresh = await fixFor();
  const resolved = await server.request<CodeAction>('codeAction/resolve', fresh);
  const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
  const closed = changes.find((change) => change.textDocument.version === null);
  assert.ok(closed);
  const text = readFileSync(k6, 'utf8');
  const after = TextDocument.applyEdits(TextDocument.create(closed.textDocument.uri, 'markdown', 0, text), closed.edits as TextEdit[]);
  assert.match(after, /^kpep-numreplaced: 1$/m);
  assert.match(after, /^status: replaced$/m);
  await waitFor('no crash', () => (server.exited ? undefined : true));
});

test('the server creates a KPEP only inside the workspace: a root that climbs out is refused', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'kpep-create-'));
  servers.removeAfter(parent);
  const root = join(parent, 'workspace');
  writeWorkspaceFile(root, '.kpep.json', JSON.stringify({ root: '../outside/deep' }));
  const server = await start(root);
  await assert.rejects(
    server.request('workspace/executeCommand', { command: 'kpep.server.createKpep', arguments: [{ title: 'Escape attempt', author: '@a' }] }),
    /outside the workspace/,
  );
  assert.deepEqual(readdirSync(parent), ['workspace']);
  assert.ok(!server.exited);
});
