import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import type { KpepEntry } from '../../server/src/core/index/kpepEntry';
import { buildKpepIndex, type IndexStore } from '../../server/src/core/index/scan';
import { loadKpepProject } from '../../server/src/core/project';
import { workerIndexScanner } from '../../server/src/node/indexWorkers';
import { NodeWorkspaceFiles } from '../../server/src/node/nodeWorkspaceFiles';
import { kpepShapedDocument } from '../fuzz/kpepShapedDocuments';
import { SERVER_PATH } from '../helpers/lspServer';
import { kpepPath, kpepText } from '../helpers/kpepWorkspace';

const directories: string[] = [];
after(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  directories.push(directory);
  return directory;
}

/** A folder on disk with enough KPEPs for the scanner to use its threads: generated ones and KPEP-shaped fuzz documents. */
function workspaceOnDisk(): string {
  const root = temporaryDirectory('kpep-index-workers-');
  const shaped = fc.sample(kpepShapedDocument, { numRuns: 150, seed: 17 });
  for (let number = 1; number <= 320; number++) {
    const spec = { number, replaces: number > 3 ? [number - 3] : undefined, summary: `Builds on KPEP-${number + 1} and [its parent](../${String(number - 1).padStart(4, '0')}-kpep-${number - 1}/).` };
    const text = number % 2 === 0 && shaped[number / 2] !== undefined ? (shaped[number / 2] as string) : kpepText(spec);
    const file = join(root, kpepPath(spec));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

function failingScript(body: string): string {
  const file = join(temporaryDirectory('kpep-index-worker-script-'), 'worker.js');
  writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
  return file;
}

async function indexes(root: string, script: string) {
  const files = new NodeWorkspaceFiles(root);
  const project = await loadKpepProject({ files });
  const failures: Error[] = [];
  const scanner = workerIndexScanner({ script, directory: root, workers: 2, onWorkerFailure: (error) => failures.push(error) });
  const kept = new Map<string, { stamp: string; entry: KpepEntry }>();
  const store: IndexStore = {
    has: (path) => kept.has(path),
    get: (path, stamp) => (kept.get(path)?.stamp === stamp ? kept.get(path)?.entry : undefined),
    set: (path, stamp, entry) => void kept.set(path, { stamp, entry }),
  };
  const progress: number[] = [];
  const threaded = await buildKpepIndex({ files, project, scanner, store, onProgress: (done) => progress.push(done) });
  const here = await buildKpepIndex({ files, project });
  return { threaded, here, failures, kept, progress, scanner };
}

test('the index scanned on worker threads of the built server equals the one scanned on this thread', { timeout: 120_000 }, async () => {
  const root = workspaceOnDisk();
  const { threaded, here, failures, kept, progress, scanner } = await indexes(root, SERVER_PATH);
  assert.ok(scanner.minimumFiles <= 320, 'the threads were used');
  assert.deepEqual(failures, []);
  assert.equal(here.size, 320);
  assert.equal(threaded.snapshot(), here.snapshot());
  assert.equal(kept.size, 320, 'every entry scanned on a thread is kept with its stamp');
  assert.ok([...kept.values()].every(({ stamp }) => /^\d+:\d+(\.\d+)?$/.test(stamp)));
  assert.deepEqual(progress, Array.from({ length: 320 }, (_, index) => index + 1), 'progress counts every file once');
});

test('a README that leads outside the workspace reads as absent on a worker thread too', { timeout: 120_000 }, async () => {
  const root = workspaceOnDisk();
  const outside = join(temporaryDirectory('kpep-outside-'), 'README.md');
  writeFileSync(outside, kpepText({ number: 999 }));
  mkdirSync(join(root, 'kpeps/0999-outside'));
  symlinkSync(outside, join(root, 'kpeps/0999-outside/README.md'));
  const { threaded, here, failures } = await indexes(root, SERVER_PATH);
  assert.deepEqual(failures, []);
  assert.equal(threaded.find(999), undefined);
  assert.equal(threaded.snapshot(), here.snapshot());
});

test('a thread that crashes or exits costs its files nothing: they are scanned on this thread', { timeout: 120_000 }, async () => {
  const root = workspaceOnDisk();
  for (const [name, script] of Object.entries({
    throws: failingScript(`parentPort.on('message', () => { throw new Error('scan crashed'); });`),
    exits: failingScript(`parentPort.on('message', () => process.exit(3));`),
  })) {
    const { threaded, here, failures, kept } = await indexes(root, script);
    assert.equal(threaded.snapshot(), here.snapshot(), name);
    assert.equal(kept.size, 320, name);
    assert.equal(failures.length, 2, `${name}: each failed thread is reported once`);
  }
  // A relative script path is refused by Node when the thread is created, not later.
  const { threaded, here, failures, kept } = await indexes(root, 'server-without-a-path.js');
  assert.equal(threaded.snapshot(), here.snapshot(), 'no thread could start');
  assert.equal(kept.size, 320);
  assert.equal(failures.length, 1, 'the refusal is reported once');
});
