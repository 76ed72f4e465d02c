import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyExamples, runKpep } from '../helpers/kpepCli';

const INDEX = 'kpeps/README.md';
const TENANTS = 'kpeps/0006-first-class-tenants/README.md';

test('index --check fails after a status change until --write runs; a second --write changes nothing', async () => {
  const root = copyExamples();
  assert.deepEqual(await runKpep(['index'], { cwd: root }), { status: 0, stdout: 'kpeps/README.md is current (7 KPEPs).\n', stderr: '' });

  const kpep = join(root, TENANTS);
  writeFileSync(kpep, readFileSync(kpep, 'utf8').replace('status: provisional', 'status: withdrawn'));
  const stale = await runKpep(['index', '--check'], { cwd: root });
  assert.equal(stale.status, 1);
  assert.match(stale.stdout, /out of date; run "kpep index --write"/);

  assert.equal((await runKpep(['index', '--write'], { cwd: root })).status, 0);
  const written = readFileSync(join(root, INDEX), 'utf8');
  assert.ok(written.includes('| [KPEP-0006](0006-first-class-tenants/README.md) | Tenants as a first-class resource | withdrawn | |\n'));
  assert.ok(written.includes('| [KPEP-0002](0002-long-polling-watch/README.md) | Long-polling watch API | replaced | [KPEP-0005](0005-streaming-watch/README.md) |'));
  assert.ok(written.startsWith('# KPEP index\n'), 'text outside the markers is kept');

  const modified = statSync(join(root, INDEX)).mtimeMs;
  assert.equal((await runKpep(['index', '--write'], { cwd: root })).stdout, 'kpeps/README.md is current (7 KPEPs).\n');
  assert.equal(statSync(join(root, INDEX)).mtimeMs, modified);
  assert.equal((await runKpep(['index', '--check', INDEX], { cwd: root })).status, 0);
});

test('an index page given as PATH gets links relative to itself', async () => {
  const root = copyExamples();
  writeFileSync(join(root, 'INDEX.md'), '# All KPEPs\n\n<!-- kpep-index -->\n<!-- /kpep-index -->\n');
  assert.equal((await runKpep(['index', '--write', 'INDEX.md'], { cwd: root })).status, 0);
  assert.match(readFileSync(join(root, 'INDEX.md'), 'utf8'), /^\| \[KPEP-0001\]\(kpeps\/0001-pluggable-storage-backends\/README\.md\) \|/m);
});

test('an index page without the markers, or no page at all, is exit 2 with one line', async () => {
  const root = copyExamples();
  writeFileSync(join(root, INDEX), '# KPEP index\n');
  const run = await runKpep(['index'], { cwd: root });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^kpep index: kpeps\/README\.md has no <!-- kpep-index --> … <!-- \/kpep-index --> block/);
  assert.equal((await runKpep(['index', 'nowhere.md'], { cwd: root })).status, 2);
  assert.equal((await runKpep(['index', 'a', 'b'], { cwd: root })).status, 2);
});

test('index keeps the Mermaid graph between its markers current: --check notices a stale graph, --write rewrites it', async () => {
  const root = copyExamples();
  const index = join(root, INDEX);
  const original = readFileSync(index, 'utf8');
  assert.match(original, /<!-- kpep-graph -->\n```mermaid\nflowchart LR\n/);
  // A see-also added changes the graph only: the table has no column for it.
  const kpep = join(root, TENANTS);
  writeFileSync(kpep, readFileSync(kpep, 'utf8').replace('see-also: [4]', 'see-also: [4, 1]'));
  const stale = await runKpep(['index', '--check'], { cwd: root });
  assert.equal(stale.status, 1);
  assert.match(stale.stdout, /out of date/);
  assert.equal((await runKpep(['index', '--write'], { cwd: root })).status, 0);
  const written = readFileSync(index, 'utf8');
  assert.ok(written.includes('  kpep6 -.->|see also| kpep1\n'));
  assert.equal(written.replace('  kpep6 -.->|see also| kpep1\n', ''), original, 'only the graph changed');
  assert.equal((await runKpep(['index', '--check'], { cwd: root })).status, 0);
});

test('a page without the graph markers gets no graph; a start marker without its end is exit 2', async () => {
  const root = copyExamples();
  writeFileSync(join(root, 'INDEX.md'), '# All KPEPs\n\n<!-- kpep-index -->\n<!-- /kpep-index -->\n');
  assert.equal((await runKpep(['index', '--write', 'INDEX.md'], { cwd: root })).status, 0);
  assert.ok(!readFileSync(join(root, 'INDEX.md'), 'utf8').includes('mermaid'));
  writeFileSync(join(root, 'INDEX.md'), '# All KPEPs\n\n<!-- kpep-index -->\n<!-- /kpep-index -->\n\n<!-- kpep-graph -->\n');
  const run = await runKpep(['index', '--write', 'INDEX.md'], { cwd: root });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^kpep index: INDEX\.md has <!-- kpep-graph --> but no <!-- \/kpep-graph -->/);
});
