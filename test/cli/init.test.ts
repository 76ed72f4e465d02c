import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultTemplateText } from '../../server/src/core/template/templateModel';
import { runKpep } from '../helpers/kpepCli';

test('init creates a repository that every other command accepts', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'kpep-init-'));
  const run = await runKpep(['init', 'enhancements'], { cwd: parent });
  assert.equal(run.status, 0, run.stderr);
  const root = join(parent, 'enhancements');
  assert.deepEqual(readdirSync(root).sort(), ['.kpep.json', 'README.md', 'kpeps', 'templates']);
  assert.equal(readFileSync(join(root, 'templates/README.md'), 'utf8'), defaultTemplateText);
  assert.deepEqual(JSON.parse(readFileSync(join(root, '.kpep.json'), 'utf8')), { root: 'kpeps', template: 'templates/README.md', rules: {} });
  assert.match(readFileSync(join(root, 'kpeps/README.md'), 'utf8'), /<!-- kpep-index -->\n\| KPEP \| Title \| Status \| Replaced by \|\n\|---\|---\|---\|---\|\n<!-- \/kpep-index -->/);
  assert.match(readFileSync(join(root, 'README.md'), 'utf8'), /^# Enhancement proposals/);

  assert.equal((await runKpep(['lint'], { cwd: root })).status, 0);
  assert.equal((await runKpep(['index', '--check'], { cwd: root })).status, 0);
  assert.equal((await runKpep(['toc', '--check'], { cwd: root })).status, 0);
});

test('init refuses, creating nothing, when anything it would write exists', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kpep-init-'));
  writeFileSync(join(root, '.kpep.json'), '{}\n');
  const run = await runKpep(['init'], { cwd: root });
  assert.equal(run.status, 1);
  assert.equal(run.stderr, 'kpep init: .kpep.json already exists in .; nothing was created.\n');
  assert.deepEqual(readdirSync(root), ['.kpep.json']);
  assert.equal(readFileSync(join(root, '.kpep.json'), 'utf8'), '{}\n');

  assert.equal((await runKpep(['init'], { cwd: mkdtempSync(join(tmpdir(), 'kpep-init-')) })).status, 0);
});

test('init on a file or with two directories is bad usage', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'kpep-init-'));
  writeFileSync(join(parent, 'file'), '');
  assert.equal((await runKpep(['init', 'file'], { cwd: parent })).status, 2);
  assert.equal((await runKpep(['init', 'a', 'b'], { cwd: parent })).status, 2);
  assert.equal(existsSync(join(parent, 'a')), false);
});
