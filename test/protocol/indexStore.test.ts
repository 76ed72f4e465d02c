/**
 * The workspace index kept between server runs: a restart trusts the stored entry of a file whose
 * size and modification time are unchanged, and reads the others again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';
import { LspTestServer, makeWorkspace } from '../helpers/lspServer';

const specs = [1, 2, 3].map((number) => ({ number }));
const cacheDirectories: string[] = [];

after(() => {
  for (const directory of cacheDirectories) {
    rmSync(directory, { recursive: true, force: true });
  }
});

function newCacheDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kpep-index-store-'));
  cacheDirectories.push(directory);
  return directory;
}

async function titles(root: string, initializationOptions: unknown): Promise<string[]> {
  const server = new LspTestServer({ root, initializationOptions });
  try {
    await server.initialize();
    await server.indexed();
    const symbols = await server.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    return symbols.map((symbol) => symbol.name).sort();
  } finally {
    await server.shutdown();
  }
}

test('a restart reads only the KPEPs whose size or modification time changed', async () => {
  const root = makeWorkspace(Object.fromEntries(specs.map((spec) => [kpepPath(spec), kpepText(spec)])));
  const cacheDirectory = newCacheDirectory();
  // A whole second, which utimes sets exactly (a file's own mtime has finer parts it cannot restore).
  const second = join(root, kpepPath({ number: 2 }));
  const aSecond = new Date('2026-06-01T12:00:00Z');
  utimesSync(second, aSecond, aSecond);
  assert.deepEqual(await titles(root, { cacheDirectory }), ['KPEP-0001 Proposal 1 · provisional', 'KPEP-0002 Proposal 2 · provisional', 'KPEP-0003 Proposal 3 · provisional']);
  // The server finishes writing its index before it answers the shutdown request.
  assert.ok(readdirSync(cacheDirectory).some((name) => /^index-.*\.json$/.test(name)), 'the index is kept once the server has shut down');

  // KPEP-0002 changes without its size or modification time changing: the stored entry is trusted.
  const { size } = statSync(second);
  writeFileSync(second, kpepText({ number: 2 }).replaceAll('Proposal 2', 'Proposal Z'));
  utimesSync(second, aSecond, aSecond);
  assert.equal(statSync(second).size, size);
  // KPEP-0003 is rewritten for real: it is read again.
  writeFileSync(join(root, kpepPath({ number: 3 })), kpepText({ number: 3, status: 'implementable' }));

  assert.deepEqual(await titles(root, { cacheDirectory }), ['KPEP-0001 Proposal 1 · provisional', 'KPEP-0002 Proposal 2 · provisional', 'KPEP-0003 Proposal 3 · implementable']);
  // Without the store every file is read.
  assert.deepEqual(await titles(root, { cacheDirectory: null }), ['KPEP-0001 Proposal 1 · provisional', 'KPEP-0002 Proposal Z · provisional', 'KPEP-0003 Proposal 3 · implementable']);
});

test('a stored index that is not JSON is ignored: the folder is scanned', async () => {
  const cacheDirectory = newCacheDirectory();
  const root = makeWorkspace({ [kpepPath({ number: 1 })]: kpepText({ number: 1 }) });
  await titles(root, { cacheDirectory });
  assert.ok(readdirSync(cacheDirectory).some((name) => /^index-.*\.json$/.test(name)));
  for (const name of readdirSync(cacheDirectory)) {
    writeFileSync(join(cacheDirectory, name), '{ not json');
  }
  assert.deepEqual(await titles(root, { cacheDirectory }), ['KPEP-0001 Proposal 1 · provisional']);
});
