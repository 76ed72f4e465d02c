import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, RenameFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { commit, git, kpepReadme, repositoryWith } from '../helpers/gitRepository';
import { fileUri, LspTestServer } from '../helpers/lspServer';

// main holds 0001–0003; the branch storage-draft adds a different 0003 and a 0004.
const root = repositoryWith({
  'kpeps/0001-tenancy/README.md': kpepReadme(1, 'Tenancy'),
  'kpeps/0002-quotas/README.md': kpepReadme(2, 'Quotas', 'Quotas need KPEP-0003 audit logs.'),
  'kpeps/0003-audit/README.md': kpepReadme(3, 'Audit logging'),
});
git(root, ['checkout', '-q', '-b', 'storage-draft']);
commit(root, 'Draft storage', {
  'kpeps/0003-pluggable-storage/README.md': kpepReadme(3, 'Pluggable storage'),
  'kpeps/0004-metrics/README.md': kpepReadme(4, 'Metrics'),
});
git(root, ['checkout', '-q', 'main']);

const server = new LspTestServer({ root, pull: true });
before(async () => {
  await server.initialize();
  await server.indexed();
});
after(() => server.shutdown());

const AUDIT = 'kpeps/0003-audit/README.md';

async function pullUntil(uri: string, done: (diagnostics: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const diagnostics = await server.pull(uri);
    if (done(diagnostics)) {
      return diagnostics;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const claimedElsewhere = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'number-claimed-elsewhere');

test('number-claimed-elsewhere on the kpep-number, a hover naming the branch, and a Renumber quick fix as one edit', async () => {
  const uri = fileUri(root, AUDIT);
  await server.open(AUDIT, readFileSync(join(root, AUDIT), 'utf8'));
  const [warning] = claimedElsewhere(await pullUntil(uri, (d) => claimedElsewhere(d).length > 0, 'number-claimed-elsewhere'));
  assert.equal(warning?.severity, 2);
  assert.equal(warning?.message, 'KPEP-0003 is also taken on storage-draft by 0003-pluggable-storage (Pluggable storage); one of the two must be renumbered before both merge.');
  assert.deepEqual(warning?.range, { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } });

  const tenancy = 'kpeps/0001-tenancy/README.md';
  await server.open(tenancy, readFileSync(join(root, tenancy), 'utf8'));
  assert.deepEqual(claimedElsewhere(await server.pull(fileUri(root, tenancy))), [], 'a number no branch shares');

  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 13 } });
  assert.match(JSON.stringify(hover.contents), /KPEP-0003 is claimed elsewhere too:\\n- storage-draft: `0003-pluggable-storage` Pluggable storage, \d{4}-/);

  const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } });
  const renumber = actions.find((action) => action.title === 'Renumber to KPEP-0005');
  assert.ok(renumber, JSON.stringify(actions.map((action) => action.title)));
  const changes = renumber.edit?.documentChanges ?? [];
  const rename = changes.at(-1) as RenameFile;
  assert.deepEqual([rename.kind, rename.oldUri, rename.newUri], ['rename', fileUri(root, 'kpeps/0003-audit'), fileUri(root, 'kpeps/0005-audit')]);
  const edits = (changes.slice(0, -1) as TextDocumentEdit[]).map((change) => [change.textDocument.uri, change.textDocument.version, change.edits.map((edit) => (edit as TextEdit).newText)]);
  assert.deepEqual(edits, [
    [uri, 1, ['5', '0005']],
    [fileUri(root, 'kpeps/0002-quotas/README.md'), null, ['0005']],
  ]);
});

test('New KPEP skips the numbers branches claim and says so; deleting the branch clears the warning', async () => {
  const created = await server.request<{ kpepNumber: number; notice?: string }>('workspace/executeCommand', {
    command: 'kpep.server.createKpep',
    arguments: [{ title: 'Rate limits', author: '@ada' }],
  });
  assert.deepEqual([created.kpepNumber, created.notice], [5, 'KPEP-0004 is taken on storage-draft: Metrics.']);

  git(root, ['branch', '-q', '-D', 'storage-draft']);
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, '.git/refs/heads/storage-draft'), type: 3 }] });
  await pullUntil(fileUri(root, AUDIT), (d) => claimedElsewhere(d).length === 0, 'the warning to go');
});
