import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyExamples, runKpep } from '../helpers/kpepCli';

test('kpep new creates the next KPEP from the template and points the replaced one forward', async () => {
  const root = copyExamples();
  const run = await runKpep(['new', 'Quota', 'enforcement', '--replaces', 'KPEP-0006', '--author', '@zoe'], { cwd: join(root, 'kpeps') });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'Created kpeps/0008-quota-enforcement/README.md (KPEP-0008).\nMarked KPEP-0006 replaced by KPEP-0008.\n');
  const created = readFileSync(join(root, 'kpeps/0008-quota-enforcement/README.md'), 'utf8');
  assert.match(created, /^---\nkpep-number: 8\ntitle: Quota enforcement\nstatus: provisional\nauthors: \[ "@zoe" \]\n/);
  assert.match(created, /replaces: \[ 6 \]/);
  const replaced = readFileSync(join(root, 'kpeps/0006-first-class-tenants/README.md'), 'utf8');
  assert.match(replaced, /\nstatus: replaced\nsuperseded-by: \[8\]\n/);
  const lint = await runKpep(['lint', '--format', 'json'], { cwd: root });
  const cross = (JSON.parse(lint.stdout) as { code: string }[]).filter((d) => ['replaces-not-reciprocated', 'superseded-by-missing', 'status-not-replaced', 'replacement-cycle', 'duplicate-number'].includes(d.code));
  assert.deepEqual(cross, []);
});

test('kpep new never reuses a number: a README-less directory counts, and nothing is overwritten', async () => {
  const root = copyExamples();
  mkdirSync(join(root, 'kpeps/0008-abandoned'));
  const run = await runKpep(['new', 'Quotas'], { cwd: root });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Created kpeps\/0009-quotas\/README\.md \(KPEP-0009\)\.\nKPEP-0008 is already taken on disk, so this KPEP is KPEP-0009\.\n/);
  assert.ok(existsSync(join(root, 'kpeps/0009-quotas/README.md')));
  assert.equal((await runKpep(['new', 'Quotas'], { cwd: root })).stdout.split('\n')[0], 'Created kpeps/0010-quotas/README.md (KPEP-0010).');
});

test('kpep new refuses a bad title or an unknown KPEP to replace, with one line and exit 2', async () => {
  const root = copyExamples();
  const noTitle = await runKpep(['new'], { cwd: root });
  assert.equal(noTitle.status, 2);
  assert.match(noTitle.stderr, /^kpep new: A KPEP needs a title\./);
  const unknown = await runKpep(['new', 'X', '--replaces', '42'], { cwd: root });
  assert.deepEqual([unknown.status, unknown.stderr], [2, 'kpep new: there is no KPEP-0042 to replace.\n']);
  assert.ok(!existsSync(join(root, 'kpeps/0008-x')), 'nothing created');
});
