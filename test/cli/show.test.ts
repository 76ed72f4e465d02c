import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyExamples, runKpep } from '../helpers/kpepCli';

test('show prints the hover card as plain text off a terminal', async () => {
  const root = copyExamples();
  const run = await runKpep(['show', '2'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^KPEP-0002: Long-polling watch API\n\nreplaced: a later KPEP supersedes this one/);
  assert.match(run.stdout, /^Replaced by KPEP-0005 \(Streaming watch API\)$/m);
  assert.ok(!run.stdout.includes('*') && !run.stdout.includes('\u001b'), 'no markdown or escape codes');
});

test('show --json gives scripts the facts and the card', async () => {
  const root = copyExamples();
  const run = await runKpep(['show', 'KPEP-0005', '--json', 'kpeps'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  const facts = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.equal(facts['id'], 'KPEP-0005');
  assert.equal(facts['status'], 'implemented');
  assert.deepEqual(facts['replaces'], [2]);
  assert.equal(facts['path'], 'kpeps/0005-streaming-watch/README.md');
  assert.match(String(facts['card']), /^\*\*KPEP-0005: Streaming watch API\*\*/);
});

test('show exits 1 for a number no KPEP has, 2 for something that is not a number', async () => {
  const root = copyExamples();
  assert.deepEqual(await runKpep(['show', '42'], { cwd: root }), { status: 1, stdout: '', stderr: 'kpep show: there is no KPEP-0042 in this workspace.\n' });
  assert.equal((await runKpep(['show', 'seven'], { cwd: root })).status, 2);
  assert.equal((await runKpep(['show'], { cwd: root })).status, 2);
});
