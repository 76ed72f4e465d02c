import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyExamples, runKpep } from '../helpers/kpepCli';

test('show prints the hover card as plain text off a terminal', () => {
  const root = copyExamples();
  const run = runKpep(['show', '2'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^KPEP-0002: Long-polling watch API\n\nreplaced: a later KPEP supersedes this one/);
  assert.match(run.stdout, /^Replaced by KPEP-0005 \(Streaming watch API\)$/m);
  assert.ok(!run.stdout.includes('*') && !run.stdout.includes('\u001b'), 'no markdown or escape codes');
});

test('show --json gives scripts the facts and the card', () => {
  const root = copyExamples();
  const run = runKpep(['show', 'KPEP-0005', '--json', 'kpeps'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  const facts = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.equal(facts['id'], 'KPEP-0005');
  assert.equal(facts['status'], 'implemented');
  assert.deepEqual(facts['replaces'], [2]);
  assert.equal(facts['path'], 'kpeps/0005-streaming-watch/README.md');
  assert.match(String(facts['card']), /^\*\*KPEP-0005: Streaming watch API\*\*/);
});

test('show exits 1 for a number no KPEP has, 2 for something that is not a number', () => {
  const root = copyExamples();
  assert.deepEqual(runKpep(['show', '42'], { cwd: root }), { status: 1, stdout: '', stderr: 'kpep show: there is no KPEP-0042 in this workspace.\n' });
  assert.equal(runKpep(['show', 'seven'], { cwd: root }).status, 2);
  assert.equal(runKpep(['show'], { cwd: root }).status, 2);
});
