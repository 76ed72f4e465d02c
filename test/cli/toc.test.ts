import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { refreshTocBlock } from '../../server/src/core/tocEdit';
import { FileChangedError, writeFileAtomically } from '../../server/src/node/atomicWrite';
import { DRAFT, copyExamples, runKpep } from '../helpers/kpepCli';

test('toc --check fails on the stale draft, --write fixes it, and a second --write changes nothing', async () => {
  const root = copyExamples();
  const check = await runKpep(['toc'], { cwd: root });
  assert.equal(check.status, 1);
  assert.equal(check.stdout, `${DRAFT}: the table of contents is stale\n1 of 7 tables of contents stale; run "kpep toc --write" to regenerate.\n`);

  const before = readFileSync(join(root, DRAFT), 'utf8');
  const write = await runKpep(['toc', '--write'], { cwd: root });
  assert.equal(write.status, 0);
  assert.match(write.stdout, new RegExp(`^updated ${DRAFT}$`, 'm'));
  const after = readFileSync(join(root, DRAFT), 'utf8');
  assert.notEqual(after, before);
  assert.ok(after.includes('- [Alternatives](#alternatives)\n<!-- /toc -->'));
  assert.deepEqual(readdirSync(dirname(join(root, DRAFT))), ['README.md'], 'no temporary file is left behind');

  const modified = statSync(join(root, DRAFT)).mtimeMs;
  const again = await runKpep(['toc', '--write'], { cwd: root });
  assert.equal(again.stdout, 'All 7 tables of contents current.\n');
  assert.equal(readFileSync(join(root, DRAFT), 'utf8'), after);
  assert.equal(statSync(join(root, DRAFT)).mtimeMs, modified, 'an up-to-date file is not rewritten');

  assert.equal((await runKpep(['toc', '--check', DRAFT], { cwd: root })).status, 0);
  assert.doesNotMatch((await runKpep(['lint', DRAFT], { cwd: root })).stdout, /toc-stale/);
});

test('toc usage errors exit 2', async () => {
  const root = copyExamples();
  const both = await runKpep(['toc', '--check', '--write'], { cwd: root });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--check and --write cannot be used together/);
  assert.equal((await runKpep(['index', '--write', '--check'], { cwd: root })).status, 2);
  assert.match((await runKpep(['toc', '--check', '--write', '--help'], { cwd: root })).stdout, /^Usage: kpep toc/);
  assert.equal((await runKpep(['toc', 'missing'], { cwd: root })).status, 2);
});

test('the regenerated toc keeps CRLF line endings and is stable', () => {
  const text = '# KPEP-0007: T\r\n\r\n<!-- toc -->\r\n- [Old](#old)\r\n<!-- /toc -->\r\n\r\n## Summary\r\n\r\nText.\r\n';
  const first = refreshTocBlock({ text });
  assert.equal(first.hasToc, true);
  assert.equal(first.text, '# KPEP-0007: T\r\n\r\n<!-- toc -->\r\n- [Summary](#summary)\r\n<!-- /toc -->\r\n\r\n## Summary\r\n\r\nText.\r\n');
  assert.equal(refreshTocBlock({ text: first.text }).text, first.text);
  assert.deepEqual(refreshTocBlock({ text: '# KPEP-0007: T\n\n## Summary\n' }), { hasToc: false, text: '# KPEP-0007: T\n\n## Summary\n' });
});

test('an atomic write refuses a file that changed since it was read, and never overwrites a new file', async () => {
  const root = copyExamples();
  const file = join(root, DRAFT);
  const read = readFileSync(file, 'utf8');
  writeFileSync(file, `${read}\nEdited meanwhile.\n`);
  await assert.rejects(writeFileAtomically({ file, expected: read, text: 'new' }), FileChangedError);
  assert.ok(readFileSync(file, 'utf8').endsWith('Edited meanwhile.\n'));
  await assert.rejects(writeFileAtomically({ file, expected: undefined, text: 'new' }), FileChangedError);
  assert.equal(await writeFileAtomically({ file, expected: 'same', text: 'same' }), 'unchanged');
  assert.deepEqual(readdirSync(dirname(file)), ['README.md']);
});

test('toc --write on upstream-style KPEPs: current mdtoc tocs are left as they are, stale ones keep their style', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kpep-toc-'));
  cpSync(resolve(__dirname, '../../../test/fixtures/real-style'), root, { recursive: true });
  const readme = (directory: string): string => join(root, 'kpeps', directory, 'README.md');
  const current = readFileSync(readme('0001-tenant-quota-controller'), 'utf8');
  assert.ok(current.includes('- [The <code>TenantQuota</code> object](#the-tenantquota-object)'));
  const write = await runKpep(['toc', '--write'], { cwd: root });
  assert.equal(write.status, 0, write.stderr);
  assert.deepEqual(
    write.stdout.split('\n').filter((line) => line.startsWith('updated')),
    ['updated kpeps/0010-event-deduplication/README.md', 'updated kpeps/0016-cost-labels/README.md', 'updated kpeps/0017-metrics-cardinality-limits/README.md'],
  );
  assert.equal(readFileSync(readme('0001-tenant-quota-controller'), 'utf8'), current);
  const fixed = readFileSync(readme('0016-cost-labels'), 'utf8');
  assert.ok(fixed.includes('- [Implementation History](#implementation-history)\n- [Drawbacks](#drawbacks)\n- [Alternatives](#alternatives)'), fixed);
  assert.equal((await runKpep(['toc', '--write'], { cwd: root })).stdout.split('\n').filter((line) => line.startsWith('updated')).length, 0);
});
