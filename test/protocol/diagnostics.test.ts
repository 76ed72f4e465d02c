import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cleanKpep, frontMatter, kpepBody, messageOf } from '../helpers/kpepFixtures';
import { runKpep } from '../helpers/kpepCli';
import { fileUri, LspTestServer, makeWorkspace, writeWorkspaceFile } from '../helpers/lspServer';

const KPEP = 'kpeps/0007-pluggable-storage/README.md';
const withoutSummary = frontMatter() + kpepBody({ omit: ['Summary'] });
const servers: LspTestServer[] = [];

function start(options: ConstructorParameters<typeof LspTestServer>[0]): LspTestServer {
  const server = new LspTestServer(options);
  servers.push(server);
  return server;
}

after(async () => {
  await Promise.all(servers.map((server) => server.shutdown()));
});

const codes = (diagnostics: readonly { code?: unknown }[]): string[] => diagnostics.map((d) => String(d.code));

test('answers initialize with incremental sync', async () => {
  const server = start({ root: makeWorkspace({}) });
  const { capabilities } = await server.initialize();
  assert.deepEqual(capabilities['textDocumentSync'], { openClose: true, change: 2 });
  assert.equal(capabilities['diagnosticProvider'], undefined, 'push for a client that cannot pull');
});

test('publishes SPEC-coded diagnostics for a KPEP that lacks its Summary, and clears them when it is written', async () => {
  const server = start({ root: makeWorkspace({ [KPEP]: withoutSummary }) });
  await server.initialize();
  const uri = await server.open(KPEP, withoutSummary);
  const diagnostics = await server.waitForPublished(uri, (p) => p.version === 1, 'the first diagnostics');
  const missing = diagnostics.find((d) => d.code === 'missing-section');
  assert.ok(missing, `codes: ${codes(diagnostics).join(', ')}`);
  assert.equal(missing.source, 'kpep');
  assert.match(messageOf(missing), /"Summary" is missing/);

  // An incremental edit: insert the Summary before the Motivation heading.
  const line = withoutSummary.split('\n').findIndex((text) => text === '## Motivation');
  await server.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '## Summary\n\nWe add a plugin API.\n\n' }]);
  const after = await server.waitForPublished(uri, (p) => p.version === 2, 'diagnostics of version 2');
  assert.deepEqual(after.filter((d) => d.code === 'missing-section').map(messageOf), []);
});

test('only the latest version is published when edits arrive faster than the debounce', async () => {
  const server = start({ root: makeWorkspace({}) });
  await server.initialize();
  const uri = await server.open(KPEP, cleanKpep());
  for (let version = 2; version <= 30; version++) {
    await server.change(uri, version, [{ text: version % 2 ? cleanKpep() : withoutSummary }]);
  }
  const diagnostics = await server.waitForPublished(uri, (p) => p.version === 30, 'version 30');
  assert.ok(codes(diagnostics).includes('missing-section'));
  assert.ok(server.published.get(uri)?.version === 30);
});

test('a markdown file that is not a KPEP gets no diagnostics', async () => {
  const server = start({ root: makeWorkspace({}) });
  await server.initialize();
  const uri = await server.open('kpeps/README.md', '# Index\n');
  assert.deepEqual(await server.waitForPublished(uri, () => true, 'an empty publish'), []);
});

test('serves pulled diagnostics to a client that supports them', async () => {
  const server = start({ root: makeWorkspace({}), pull: true });
  const { capabilities } = await server.initialize();
  assert.ok(capabilities['diagnosticProvider']);
  const uri = await server.open(KPEP, withoutSummary);
  assert.ok(codes(await server.pull(uri)).includes('missing-section'));
});

test('a template changed on disk changes the diagnostics without a restart', async () => {
  const root = makeWorkspace({ [KPEP]: cleanKpep() });
  const server = start({ root });
  await server.initialize();
  const uri = await server.open(KPEP, cleanKpep());
  assert.deepEqual(await server.waitForPublished(uri, (p) => p.version === 1, 'clean diagnostics'), []);
  await waitForRegistration(server);
  writeWorkspaceFile(root, 'templates/README.md', '# T\n\n## Summary\n\nx\n\n## Security Review\n<!-- kpep: required-from provisional -->\n\ny\n');
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: `${uri.split('/kpeps/')[0]}/templates/README.md`, type: 1 }] });
  const diagnostics = await server.waitForPublished(uri, (p) => p.diagnostics.some((d) => /Security Review/.test(messageOf(d))), 'the new template section');
  assert.ok(codes(diagnostics).includes('missing-section'));
});

test('an unsaved edit of the open template changes the diagnostics at once', async () => {
  const root = makeWorkspace({ 'templates/README.md': '# T\n\n## Summary\n\nx\n' });
  const server = start({ root, pull: true });
  await server.initialize();
  const uri = await server.open(KPEP, cleanKpep());
  assert.deepEqual(codes(await server.pull(uri)).filter((c) => c === 'missing-section'), []);
  const templateUri = await server.open('templates/README.md', '# T\n\n## Summary\n\nx\n');
  await server.change(templateUri, 2, [{ text: '# T\n\n## Summary\n\nx\n\n## Costs\n<!-- kpep: required-from provisional -->\n\ny\n' }]);
  const refreshed = server.refreshes;
  await waitForValue(() => (server.refreshes > refreshed ? true : undefined), 'a diagnostic refresh');
  assert.ok((await server.pull(uri)).some((d) => /"Costs"/.test(messageOf(d))));
});

test('kpep.rules settings apply per workspace folder, and .kpep.json wins over them', async () => {
  const root = makeWorkspace({ '.kpep.json': JSON.stringify({ rules: { 'field-unknown': 'error' } }) });
  const server = start({ root, pull: true, settings: () => ({ rules: { 'missing-section': 'off', 'field-unknown': 'hint' } }) });
  await server.initialize();
  const text = frontMatter({ reviwers: '[]' }) + kpepBody({ omit: ['Summary'] });
  const diagnostics = await server.pull(await server.open(KPEP, text));
  assert.equal(diagnostics.find((d) => d.code === 'missing-section'), undefined);
  assert.equal(diagnostics.find((d) => d.code === 'field-unknown')?.severity, 1);
});

async function waitForRegistration(server: LspTestServer): Promise<void> {
  await waitForValue(() => (server.registrations.includes('workspace/didChangeWatchedFiles') ? true : undefined), 'the file watcher registration');
}

async function waitForValue(probe: () => true | undefined, what: string): Promise<void> {
  const { waitFor } = await import('../helpers/lspServer');
  await waitFor(what, probe);
}

test('the server decides which markdown files are KPEPs: under the root .kpep.json names, and nowhere else', async () => {
  const moved = 'proposals/0007-pluggable-storage/README.md';
  const outside = 'kpeps/0008-not-here/README.md';
  const server = start({ root: makeWorkspace({ '.kpep.json': '{ "root": "proposals" }\n', [moved]: withoutSummary, [outside]: withoutSummary, 'notes.md': '# Notes\n' }), pull: true });
  await server.initialize();
  const kpep = await server.open(moved, withoutSummary);
  assert.ok(codes(await server.pull(kpep)).includes('missing-section'), 'a KPEP under the configured root is checked');
  // Near misses: the default root and any other markdown are not KPEPs in this workspace.
  assert.deepEqual(await server.pull(await server.open(outside, withoutSummary)), []);
  assert.deepEqual(await server.pull(await server.open('notes.md', '# Notes\n')), []);
  const status = (uri: string): Promise<unknown> => server.request('workspace/executeCommand', { command: 'kpep.server.kpepStatus', arguments: [{ uri }] });
  assert.deepEqual(await status(kpep), { id: 'KPEP-0007', title: 'Pluggable storage backends', status: 'provisional' });
  assert.equal(await status(await server.open(outside, withoutSummary)), null);
});

test('a client without workspace-folder support gets its root indexed and no error in the log', async () => {
  const server = start({ root: makeWorkspace({ [KPEP]: cleanKpep() }), workspaceFolders: false });
  await server.initialize();
  await server.indexed();
  const uri = await server.open(KPEP, withoutSummary);
  await server.waitForPublished(uri, (p) => p.version === 1, 'the first diagnostics');
  assert.deepEqual(server.logMessages.filter((message) => message.type === 1), []);
});

test('findings recorded in the baseline that .kpep.json names are shown as hints, and the baseline is read again when it changes', async () => {
  const text = frontMatter({ reviewers: '[TBD]' }) + kpepBody({ omit: ['Summary'] });
  const root = makeWorkspace({ [KPEP]: text, '.kpep.json': JSON.stringify({ baseline: '.kpep-baseline.json' }) });
  assert.equal((await runKpep(['lint', '--baseline-write', '.kpep-baseline.json'], { cwd: root })).status, 0);
  const server = start({ root, pull: true });
  await server.initialize();
  const uri = await server.open(KPEP, text);
  const baselined = await server.pull(uri);
  assert.ok(baselined.length >= 2, codes(baselined).join(', '));
  assert.deepEqual(baselined.map((d) => d.severity), baselined.map(() => 4));

  const refreshed = server.refreshes;
  writeWorkspaceFile(root, '.kpep-baseline.json', '{ "kpep-baseline": 1, "files": {} }\n');
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(root, '.kpep-baseline.json'), type: 2 }] });
  await waitForValue(() => (server.refreshes > refreshed ? true : undefined), 'a diagnostic refresh');
  const after = await server.pull(uri);
  assert.equal(after.find((d) => d.code === 'missing-section')?.severity, 2, 'no longer baselined: a warning again');
});
