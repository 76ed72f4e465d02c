import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { referenceSites } from '../../server/src/core/index/kpepEntry';
import { scanKpepEntry } from '../../server/src/core/index/lineScan';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { FileIndexStore } from '../../server/src/node/indexStore';
import type { PersistedIndex } from '../../server/src/workspaceIndexer';
import { InProcessWorkspace } from '../helpers/inProcessServer';
import { frontMatter, kpepBody } from '../helpers/kpepFixtures';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';

const directories: string[] = [];
after(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

const PATH = 'kpeps/0007-pluggable-storage/README.md';
/** Every kind of reference site, a link with its target among them, and anchors and ranges. */
const text = `${frontMatter({ replaces: '[3]', 'see-also': '[KPEP-0004]' })}${kpepBody()}\nBuilds on KPEP-0003 and [the quota work](../0005-quotas/README.md).\n`;
const entry = scanKpepEntry(text, { path: PATH, kpepPath: classifyKpepPath(PATH, 'kpeps')!, root: 'kpeps' });

async function storeIn(directory: string): Promise<FileIndexStore> {
  return FileIndexStore.open({ directory, folderUri: 'file:///workspace', root: 'kpeps' });
}

test('a stored entry reads back equal to the scanned one while its stamp holds, and not after', async () => {
  const sites = referenceSites(entry);
  assert.deepEqual(new Set(sites.map((site) => site.kind)), new Set(['prose', 'link', 'replaces', 'see-also']));
  assert.ok(sites.some((site) => site.target !== undefined) && sites.some((site) => !('target' in site)));
  const directory = mkdtempSync(join(tmpdir(), 'kpep-index-store-unit-'));
  directories.push(directory);
  const first = await storeIn(directory);
  first.set(PATH, '100:1', entry);
  await first.save();

  const second = await storeIn(directory);
  // As JSON keeps it: fields that are undefined are absent, as in any stored entry; numbers packed again as a scan packs them.
  assert.ok(entry.sites instanceof Int32Array && entry.lines instanceof Int32Array);
  assert.deepStrictEqual(second.get(PATH, '100:1'), { ...JSON.parse(JSON.stringify(entry)), sites: entry.sites, lines: entry.lines });
  assert.equal(second.get(PATH, '101:1'), undefined);
  assert.equal(second.get('kpeps/0008-other/README.md', '100:1'), undefined);

  // A damaged entry (a site cut short) is not trusted: the file is read again.
  const [file] = readdirSync(directory);
  const stored = JSON.parse(readFileSync(join(directory, file!), 'utf8')) as { entries: Record<string, [string, { sites: unknown[] }]> };
  stored.entries[PATH]![1].sites.pop();
  writeFileSync(join(directory, file!), JSON.stringify(stored));
  assert.equal((await storeIn(directory)).get(PATH, '100:1'), undefined);
});

test('an index dropped while it is built (the configuration changed) keeps no store; one that completes keeps it once', async () => {
  const files = Object.fromEntries(Array.from({ length: 12 }, (_, at) => [kpepPath({ number: at + 1 }), kpepText({ number: at + 1 })]));
  const saves: string[] = [];
  const openStore = async (): Promise<PersistedIndex> => ({ has: () => false, get: () => undefined, set: () => undefined, save: async () => void saves.push('saved') });

  const dropped = new InProcessWorkspace({ files, openStore });
  const [folder] = await dropped.server.host.folders();
  const building = dropped.server.indexer.indexOf(folder!);
  dropped.server.indexer.rebuildAll();
  await building;
  assert.deepEqual(saves, [], 'the dropped build saved its store');

  const completed = await InProcessWorkspace.create({ files, openStore });
  assert.equal((await completed.server.indexer.indexOf((await completed.server.host.folders())[0]!)).size, 12);
  assert.deepEqual(saves, ['saved']);
});

test('a shutdown waits for the kept index being written, so the next start reads it', async () => {
  const files = { [kpepPath({ number: 1 })]: kpepText({ number: 1 }) };
  let written!: () => void;
  const writing = new Promise<void>((resolve) => (written = resolve));
  const order: string[] = [];
  const openStore = async (): Promise<PersistedIndex> => ({ has: () => false, get: () => undefined, set: () => undefined, save: () => writing.then(() => void order.push('saved')) });
  const workspace = await InProcessWorkspace.create({ files, openStore });
  const shutdown = workspace.server.shutdown().then(() => order.push('shut down'));
  setImmediate(written);
  await shutdown;
  assert.deepEqual(order, ['saved', 'shut down']);
});
