import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K5, K7 } from '../helpers/exampleKpeps';
import { exampleFiles, InProcessWorkspace } from '../helpers/inProcessServer';

const files = exampleFiles();
const CROSS_CODES = ['replaces-not-reciprocated', 'superseded-by-missing', 'status-not-replaced', 'replacement-cycle', 'duplicate-number', 'dangling-reference'];

test('kpep.server.kpepStatus names the open KPEP and its status as typed, and nothing for other markdown', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri } = await workspace.open(K7);
  const status = (target: string): Promise<unknown> => workspace.server.executeCommand('kpep.server.kpepStatus', [{ uri: target }]);
  assert.deepEqual(await status(uri), { id: 'KPEP-0007', title: 'Per-tenant resource quotas', status: 'provisional' });
  await workspace.change(uri, (files[K7] as string).replace(/^status: provisional$/m, 'status: withdrawn'));
  assert.equal(((await status(uri)) as { status: string }).status, 'withdrawn', 'unsaved text counts');
  assert.equal(await status((await workspace.open('kpeps/README.md')).uri), null, 'the index page is not a KPEP');
  assert.equal(await status((await workspace.open('templates/README.md')).uri), null, 'nor is the template');
});

test('New KPEP creates the next number through the host, and updates the open KPEP it replaces through applyEdit', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const { uri: replacedUri } = await workspace.open(K5);
  const created = (await workspace.server.executeCommand('kpep.server.createKpep', [{ title: 'Quota enforcement', replaces: 5, author: '@zoe' }])) as {
    uri: string;
    kpepNumber: number;
    position: { line: number };
    templateMissing: boolean;
  };
  assert.equal(created.kpepNumber, 8);
  const path = 'kpeps/0008-quota-enforcement/README.md';
  assert.equal(created.uri, workspace.uri(path));
  const text = workspace.text(path);
  assert.match(text, /kpep-number: 8\ntitle: Quota enforcement\nstatus: provisional\nauthors: \[ "@zoe" \]/);
  assert.match(text, /replaces: \[ 5 \]/);
  assert.equal(text.split('\n')[created.position.line - 2], '## Summary');
  assert.equal(created.templateMissing, false);
  assert.equal(workspace.appliedEdits.length, 1);
  await workspace.settled();
  const replaced = workspace.server.documents.get(replacedUri)?.getText() ?? '';
  assert.match(replaced, /status: replaced/);
  assert.match(replaced, /superseded-by: \[8\]/);
  const { uri } = await workspace.open(path);
  const codes = (await workspace.diagnostics(uri)).map((d) => String(d.code));
  assert.deepEqual(codes.filter((code) => CROSS_CODES.includes(code)), []);
  const again = (await workspace.server.executeCommand('kpep.server.createKpep', [{ title: 'Quota enforcement' }])) as { kpepNumber: number };
  assert.equal(again.kpepNumber, 9, 'the index knew of 0008 as soon as it was written');
});

test('New KPEP without an author takes the host\'s author name', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  await workspace.server.executeCommand('kpep.server.createKpep', [{ title: 'Quota enforcement' }]);
  assert.match(workspace.text('kpeps/0008-quota-enforcement/README.md'), /authors: \[ Test Author \]/);
});

test('New KPEP refuses a title it cannot name a directory after, and a KPEP to replace that is not there', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  await assert.rejects(workspace.server.executeCommand('kpep.server.createKpep', [{ title: '???' }]), /letter or digit/);
  await assert.rejects(workspace.server.executeCommand('kpep.server.createKpep', [{ title: 'Quotas', replaces: 42 }]), /no KPEP-0042 to replace/);
});

test('writeTemplate writes the built-in template once, and the project takes it up', async () => {
  const withoutTemplate = Object.fromEntries(Object.entries(files).filter(([path]) => path !== 'templates/README.md'));
  const workspace = await InProcessWorkspace.create({ files: withoutTemplate });
  const created = (await workspace.server.executeCommand('kpep.server.createKpep', [{ title: 'Before a template' }])) as { templateMissing: boolean };
  assert.equal(created.templateMissing, true);
  await workspace.server.executeCommand('kpep.server.writeTemplate', [{}]);
  assert.match(workspace.text('templates/README.md'), /## Summary/);
  const after = (await workspace.server.executeCommand('kpep.server.createKpep', [{ title: 'After a template' }])) as { templateMissing: boolean };
  assert.equal(after.templateMissing, false);
  await assert.rejects(workspace.server.executeCommand('kpep.server.writeTemplate', [{}]), /templates\/README\.md already exists/);
});

test('listKpeps lists every numbered KPEP; checkTitle names a title problem; an unknown command is refused', async () => {
  const workspace = await InProcessWorkspace.create({ files });
  const listed = (await workspace.server.executeCommand('kpep.server.listKpeps', [{}])) as { kpepNumber: number }[];
  assert.deepEqual(listed.map((kpep) => kpep.kpepNumber), [1, 2, 3, 4, 5, 6, 7]);
  assert.match(String(await workspace.server.executeCommand('kpep.server.checkTitle', [{ title: '???' }])), /letter or digit/);
  assert.equal(await workspace.server.executeCommand('kpep.server.checkTitle', [{ title: 'Quotas' }]), null);
  await assert.rejects(workspace.server.executeCommand('kpep.server.nothing', []), /Unknown KPEP command/);
});
