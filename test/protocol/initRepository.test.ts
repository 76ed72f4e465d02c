/** kpep.server.initRepository over stdio: the editor's "Create a KPEP repository" writes what kpep init writes, and never over a file. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIG_FILE } from '../../server/src/core/config';
import { defaultTemplateText } from '../../server/src/core/template/templateModel';
import { SERVER_COMMANDS, type InitRepositoryResult } from '../../server/src/protocol/kpepProtocol';
import { LspTestServer, makeWorkspace } from '../helpers/lspServer';

async function withServer(root: string, run: (server: LspTestServer, root: string) => Promise<void>): Promise<void> {
  const server = new LspTestServer({ root });
  try {
    await server.initialize();
    await run(server, root);
  } finally {
    await server.shutdown();
    rmSync(root, { recursive: true, force: true });
  }
}

function init(server: LspTestServer): Promise<InitRepositoryResult> {
  return server.request<InitRepositoryResult>('workspace/executeCommand', { command: SERVER_COMMANDS.initRepository, arguments: [{}] });
}

test('creates the process README, the template, the kpeps/ index and .kpep.json in an empty folder', async () => {
  await withServer(makeWorkspace({}), async (server, root) => {
    assert.deepEqual(await init(server), { kind: 'created', files: ['README.md', 'templates/README.md', 'kpeps/README.md', CONFIG_FILE] });
    assert.equal(readFileSync(join(root, 'templates/README.md'), 'utf8'), defaultTemplateText);
    assert.deepEqual(JSON.parse(readFileSync(join(root, CONFIG_FILE), 'utf8')), { root: 'kpeps', template: 'templates/README.md', rules: {} });
    assert.match(readFileSync(join(root, 'kpeps/README.md'), 'utf8'), /\| KPEP \|/);
    // Run again, everything is in the way: it says so and writes nothing.
    const before = readFileSync(join(root, 'README.md'), 'utf8');
    assert.deepEqual(await init(server), { kind: 'in-the-way', existing: ['README.md', 'templates/README.md', 'kpeps', CONFIG_FILE] });
    assert.equal(readFileSync(join(root, 'README.md'), 'utf8'), before);
  });
});

test('creates nothing when one file is in the way, and leaves that file as it was', async () => {
  await withServer(makeWorkspace({ 'README.md': '# Our own readme\n' }), async (server, root) => {
    assert.deepEqual(await init(server), { kind: 'in-the-way', existing: ['README.md'] });
    assert.equal(readFileSync(join(root, 'README.md'), 'utf8'), '# Our own readme\n');
    assert.equal(existsSync(join(root, 'kpeps')), false);
    assert.equal(existsSync(join(root, 'templates')), false);
    assert.equal(existsSync(join(root, CONFIG_FILE)), false);
  });
});
