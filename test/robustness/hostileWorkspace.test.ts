/**
 * Broken workspaces through the real front ends: `kpep lint` reads bytes from disk, and the server
 * over stdio keeps answering after each hostile document.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runKpep } from '../helpers/kpepCli';
import { cleanKpep, frontMatter, kpepBody } from '../helpers/kpepFixtures';
import { serversForFile } from '../helpers/lspServer';

const TIME_BOUND_MS = 20_000;
const servers = serversForFile();

function workspace(files: Readonly<Record<string, string | Buffer>>): string {
  const root = mkdtempSync(join(tmpdir(), 'kpep-hostile-'));
  servers.removeAfter(root);
  mkdirSync(join(root, 'kpeps'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

interface LintEntry {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

async function lintInBound(root: string): Promise<LintEntry[]> {
  // CPU time of this process, which runs the CLI: the wall clock grows with the machine's load.
  const started = process.cpuUsage();
  const run = await runKpep(['lint', '--format', 'json'], { cwd: root });
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < TIME_BOUND_MS, `kpep lint took ${Math.round(ms)} ms of CPU`);
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintEntry[];
}

const codesFor = (entries: readonly LintEntry[], directory: string): string[] => entries.filter((entry) => entry.file.includes(directory)).map((entry) => entry.code);

test('kpep lint: invalid UTF-8, binary README.md, a KPEP without README.md, a symlink loop and odd names', async () => {
  const [before, afterStatus] = cleanKpep({ status: 'bogus' }).split('bogus') as [string, string];
  let seed = 11;
  const binary = Buffer.from(Array.from({ length: 32 * 1024 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff));
  const root = workspace({
    'kpeps/0001-invalid-utf8/README.md': Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(afterStatus)]),
    'kpeps/0002-bad-bytes-in-body/README.md': Buffer.concat([Buffer.from(cleanKpep().replace('Pluggable storage backends', 'Bytes')), Buffer.from([0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80])]),
    'kpeps/0003-binary/README.md': binary,
    'kpeps/0004-no-readme/notes.md': '# Not a KPEP\n',
    'kpeps/123456789012345678901234567890-big/README.md': cleanKpep({ 'kpep-number': '123456789012345678901234567890' }),
    'kpeps/0006-überprüfung/README.md': cleanKpep({ 'kpep-number': '6', title: '"Überprüfung 🚀"' }),
  });
  symlinkSync('0005-loop', join(root, 'kpeps/0005-loop'));
  mkdirSync(join(root, 'kpeps/0007-loop-inside'));
  symlinkSync('README.md', join(root, 'kpeps/0007-loop-inside/README.md'));
  const entries = await lintInBound(root);
  assert.ok(codesFor(entries, '0001-invalid-utf8').includes('invalid-status'));
  assert.ok(codesFor(entries, '0003-binary').includes('frontmatter-missing'));
  assert.deepEqual(codesFor(entries, '0004-no-readme'), []);
  assert.deepEqual(codesFor(entries, '0005-loop'), []);
  assert.deepEqual(codesFor(entries, '0007-loop-inside'), []);
  assert.ok(codesFor(entries, '-big').includes('directory-name'));
  assert.ok(codesFor(entries, '-big').includes('field-type'));
  assert.ok(codesFor(entries, 'berpr').includes('directory-name'));
});

test('kpep lint stays bounded over kpeps/ with 10,000 directories', async () => {
  const root = workspace({ 'kpeps/0001-first/README.md': cleanKpep({ 'kpep-number': '1', status: 'bogus' }) });
  for (let index = 2; index <= 10_000; index++) {
    mkdirSync(join(root, `kpeps/${String(index).padStart(5, '0')}-empty`));
  }
  const entries = await lintInBound(root);
  assert.deepEqual([...new Set(entries.map((entry) => entry.file))], ['kpeps/0001-first/README.md']);
});

test('the server answers every hostile document and keeps answering', async () => {
  const root = workspace({});
  const server = await servers.start({ root, pull: true });
  const documents: Readonly<Record<string, string>> = {
    empty: '',
    'front-matter-only': frontMatter(),
    unterminated: '---\nkpep-number: 7\n',
    bom: `\ufeff${cleanKpep()}`,
    crlf: cleanKpep({ status: 'bogus' }).replace(/\n/g, '\r\n'),
    binary: '\u0000\u0001\ufffd\u00ff'.repeat(10_000),
    'deep-quotes': `${cleanKpep()}\n${'> '.repeat(10_000)}x\n`,
    'deep-lists': `${cleanKpep()}\n${'- '.repeat(10_000)}x\n`,
    'long-line': `${cleanKpep()}\n${'word '.repeat(200_000)}\n`,
    'big-numbers': cleanKpep({ 'kpep-number': '123456789012345678901234567890' }),
    unicode: frontMatter({ title: '"日本語 🚀"' }) + kpepBody({ title: '日本語 🚀' }),
  };
  let index = 0;
  for (const [name, text] of Object.entries(documents)) {
    index++;
    const started = Date.now();
    const diagnostics: Diagnostic[] = await server.pull(await server.open(`kpeps/${String(index).padStart(4, '0')}-${name}/README.md`, text));
    assert.ok(Date.now() - started < TIME_BOUND_MS, `${name} took ${Date.now() - started} ms`);
    assert.ok(Array.isArray(diagnostics), name);
    if (name === 'crlf') {
      const status = diagnostics.find((d) => d.code === 'invalid-status');
      assert.deepEqual(status?.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 13 } });
    }
    assert.ok(Array.isArray(await server.pull(await server.open(`kpeps/9${String(index).padStart(3, '0')}-after-${name}/README.md`, cleanKpep()))), `no answer after ${name}`);
  }
  assert.equal(server.exited, false);
});
