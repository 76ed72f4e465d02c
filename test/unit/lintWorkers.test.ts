import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkKpepTexts, type DocumentBatch } from '../../server/src/core/lint';
import { defaultTemplate } from '../../server/src/core/template/templateModel';
import { LintWorkerPool } from '../../server/src/node/lintWorkers';
import { WorkerPool } from '../../server/src/node/workerPool';
import { CLI_PATH } from '../helpers/kpepCli';
import { kpepPath, kpepText, type KpepSpec } from '../helpers/kpepWorkspace';

/** Enough KPEPs for the pool to use its threads, with findings of several rules among them. */
function largeBatch(): DocumentBatch {
  const specs: KpepSpec[] = Array.from({ length: 60 }, (_, position) => ({
    number: position + 1,
    status: position % 3 === 0 ? 'implementable' : 'provisional',
    summary: `Builds on KPEP-${position + 2}.\n\n<<[UNRESOLVED open question ${position} ]>>\nStill open.\n<<[/UNRESOLVED]>>`,
  }));
  return { kpeps: specs.map((spec) => ({ path: kpepPath(spec), text: kpepText(spec) })), root: 'kpeps', template: defaultTemplate() };
}

/** A worker script that fails as `body` says, instead of the CLI's lint worker. */
function failingScript(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kpep-worker-')), 'worker.js');
  writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
  return file;
}

test('threads of the built CLI check a batch exactly as the main thread does, in order', { timeout: 60_000 }, async () => {
  const batch = largeBatch();
  const failures: Error[] = [];
  const pool = new LintWorkerPool({ script: CLI_PATH, workers: 2, onWorkerFailure: (error) => failures.push(error) });
  try {
    const expected = checkKpepTexts(batch);
    assert.ok(expected.some((kpep) => kpep && kpep.findings.length > 0), 'the batch has findings to compare');
    assert.deepEqual(await pool.checkDocuments(batch), expected);
    assert.deepEqual(await pool.checkDocuments(batch), expected, 'the threads serve a second batch too');
  } finally {
    await pool.close();
  }
  assert.deepEqual(failures, []);
});

test('a thread that crashes, exits or never starts costs its KPEPs nothing: they are checked on the main thread', { timeout: 60_000 }, async () => {
  const batch = largeBatch();
  const expected = checkKpepTexts(batch);
  const scripts = {
    throws: failingScript(`parentPort.on('message', () => { throw new Error('rule crashed'); });`),
    exits: failingScript(`parentPort.on('message', () => process.exit(3));`),
    missing: join(tmpdir(), 'kpep-no-such-worker.js'),
  };
  for (const [name, script] of Object.entries(scripts)) {
    const failures: Error[] = [];
    const pool = new LintWorkerPool({ script, workers: 2, onWorkerFailure: (error) => failures.push(error) });
    try {
      assert.deepEqual(await pool.checkDocuments(batch), expected, name);
    } finally {
      await pool.close();
    }
    assert.equal(failures.length, 2, `${name}: each failed thread is reported once`);
    assert.ok(failures.every((error) => error instanceof Error && error.message.length > 0), name);
  }
});

test('a small batch is checked on the main thread without starting a thread', { timeout: 60_000 }, async () => {
  const batch = { ...largeBatch(), kpeps: largeBatch().kpeps.slice(0, 10) };
  const failures: Error[] = [];
  // A script that would fail: any thread started would be reported.
  const pool = new LintWorkerPool({ script: failingScript(`process.exit(4);`), workers: 2, onWorkerFailure: (error) => failures.push(error) });
  try {
    assert.deepEqual(await pool.checkDocuments(batch), checkKpepTexts(batch));
  } finally {
    await pool.close();
  }
  assert.deepEqual(failures, []);
});

test('each thread of a pool gets the heap limits asked for (a lint thread its larger young generation)', { timeout: 60_000 }, async () => {
  const script = failingScript(`const { resourceLimits } = require('node:worker_threads');\nparentPort.on('message', () => parentPort.postMessage(resourceLimits.maxYoungGenerationSizeMb));`);
  const failures: Error[] = [];
  const pool = new WorkerPool<number, number>({ script, job: 'heap-limits', workers: 2, onWorkerFailure: (error) => failures.push(error), resourceLimits: { maxYoungGenerationSizeMb: 96 } });
  const answers: number[] = [];
  try {
    await pool.share({ chunks: [1, 2], fallback: () => 0, each: (answer) => answers.push(answer) });
  } finally {
    await pool.close();
  }
  assert.deepEqual([answers, failures], [[96, 96], []]);
});
