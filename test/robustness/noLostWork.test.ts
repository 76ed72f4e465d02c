/** SPEC §8 "no lost work" for the CLI's --write modes: temp file then rename, and never over a change. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FileChangedError, writeFileAtomically } from '../../server/src/node/atomicWrite';

const directory = mkdtempSync(join(tmpdir(), 'kpep-write-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('a write replaces the file in one step (a new inode), keeps its mode and leaves no temp file', async () => {
  const file = join(directory, 'README.md');
  writeFileSync(file, 'old\n');
  chmodSync(file, 0o640);
  const before = statSync(file);
  assert.equal(await writeFileAtomically({ file, expected: 'old\n', text: 'new\n' }), 'written');
  const afterWrite = statSync(file);
  assert.notEqual(afterWrite.ino, before.ino, 'renamed over, not rewritten in place');
  assert.equal(afterWrite.mode & 0o777, 0o640);
  assert.equal(readFileSync(file, 'utf8'), 'new\n');
  assert.deepEqual(readdirSync(directory), ['README.md']);
});

test('a file changed since it was read is never touched', async () => {
  const file = join(directory, 'edited.md');
  writeFileSync(file, 'the user saved this meanwhile\n');
  const inode = statSync(file).ino;
  await assert.rejects(writeFileAtomically({ file, expected: 'what kpep read\n', text: 'regenerated\n' }), FileChangedError);
  assert.equal(readFileSync(file, 'utf8'), 'the user saved this meanwhile\n');
  assert.equal(statSync(file).ino, inode);
  assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith('.tmp')), []);
});

test('a file that must be new is never written over one that appeared', async () => {
  const file = join(directory, 'appeared.md');
  writeFileSync(file, 'someone else\n');
  await assert.rejects(writeFileAtomically({ file, expected: undefined, text: 'kpep\n' }), FileChangedError);
  assert.equal(readFileSync(file, 'utf8'), 'someone else\n');
  assert.equal(await writeFileAtomically({ file: join(directory, 'fresh.md'), expected: undefined, text: 'kpep\n' }), 'written');
});
