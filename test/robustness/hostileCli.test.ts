/**
 * Hostile repositories against the built CLI: writes stay inside the workspace (new KPEPs, the
 * lint cache, toc --write), a shipped cache cannot vouch for itself, files kpep cannot write back
 * faithfully are left alone, user text is never a replacement pattern, control characters never
 * reach the terminal raw, and KPEP numbers are claimed once and only while they count exactly.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { resolveGit } from '../../server/src/node/git';
import { CLI_PATH, runKpep, spawnKpep } from '../helpers/kpepCli';
import { cleanKpep, frontMatter, kpepBody } from '../helpers/kpepFixtures';

const sandboxes: string[] = [];

after(() => {
  for (const sandbox of sandboxes) {
    rmSync(sandbox, { recursive: true, force: true });
  }
});

/** A sandbox with `workspace/` (holding `files`) and `outside/`, which nothing may write into. */
function sandbox(files: Readonly<Record<string, string | Buffer>> = {}): { root: string; workspace: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'kpep-hostile-cli-'));
  sandboxes.push(root);
  const workspace = join(root, 'workspace');
  const outside = join(root, 'outside');
  mkdirSync(join(workspace, 'kpeps'), { recursive: true });
  mkdirSync(outside);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return { root, workspace, outside };
}

const K7 = 'kpeps/0007-pluggable-storage/README.md';

function listing(directory: string): string[] {
  return readdirSync(directory, { recursive: true }).map(String).sort();
}

test('kpep new writes only inside the workspace: a root that climbs out or a kpeps/ symlinked elsewhere is refused', async () => {
  const climbing = sandbox({ '.kpep.json': JSON.stringify({ root: '../outside/deep' }) });
  const run = await runKpep(['new', 'Escape attempt', '--author', '@a'], { cwd: climbing.workspace });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /outside the workspace/);
  assert.deepEqual(listing(climbing.outside), []);

  const linked = sandbox();
  rmSync(join(linked.workspace, 'kpeps'), { recursive: true });
  symlinkSync(linked.outside, join(linked.workspace, 'kpeps'));
  const viaLink = await runKpep(['new', 'Escape attempt', '--author', '@a'], { cwd: linked.workspace });
  assert.equal(viaLink.status, 2, viaLink.stdout + viaLink.stderr);
  assert.match(viaLink.stderr, /leads outside the workspace/);
  assert.deepEqual(listing(linked.outside), []);

  // Near miss: a root inside the workspace, created on demand.
  const inside = sandbox({ '.kpep.json': JSON.stringify({ root: 'docs/kpeps' }) });
  const created = await runKpep(['new', 'Inside', '--author', '@a'], { cwd: inside.workspace });
  assert.equal(created.status, 0, created.stderr);
  assert.ok(existsSync(join(inside.workspace, 'docs/kpeps/0001-inside/README.md')));
});

test('kpep new substitutes a title holding $ patterns literally', async () => {
  for (const title of ["Dollar $' tail", 'Match $& here', 'Before $` and $1 $$']) {
    const { workspace } = sandbox();
    const run = await runKpep(['new', title, '--author', '@a'], { cwd: workspace });
    assert.equal(run.status, 0, run.stderr);
    const [directory] = readdirSync(join(workspace, 'kpeps'));
    const text = readFileSync(join(workspace, 'kpeps', directory ?? '', 'README.md'), 'utf8');
    assert.equal(text.split('\n').filter((line) => line.startsWith('# ')).join('\n'), `# KPEP-0001: ${title}`);
    assert.match(text, /^## Summary$/m, 'the rest of the template is intact');
    const lint = await runKpep(['lint', '--format', 'json'], { cwd: workspace });
    const codes = (JSON.parse(lint.stdout) as { code: string }[]).map((entry) => entry.code);
    assert.ok(!codes.includes('title'), `${title}: ${codes.join(', ')}`);
  }
});

test('numbers past the safe integers are refused, and concurrent runs never share a number', async () => {
  const edge = sandbox();
  mkdirSync(join(edge.workspace, 'kpeps/9007199254740991-max'));
  for (let run = 0; run < 2; run++) {
    const refused = await runKpep(['new', `Beyond ${run}`, '--author', '@a'], { cwd: edge.workspace });
    assert.equal(refused.status, 2, refused.stdout);
    assert.match(refused.stderr, /9007199254740991/);
  }
  assert.deepEqual(readdirSync(join(edge.workspace, 'kpeps')), ['9007199254740991-max']);
  // Near miss: the largest safe number itself is still given out once.
  const below = sandbox();
  mkdirSync(join(below.workspace, 'kpeps/9007199254740990-max'));
  assert.equal((await runKpep(['new', 'Last one', '--author', '@a'], { cwd: below.workspace })).status, 0);
  assert.ok(existsSync(join(below.workspace, 'kpeps/9007199254740991-last-one/README.md')));

  const busy = sandbox();
  const runs = Array.from({ length: 4 }, (_, i) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI_PATH, 'new', `Parallel proposal ${i}`, '--author', '@a'], { cwd: busy.workspace, stdio: 'ignore' });
      child.on('exit', resolve);
    }),
  );
  assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0]);
  const numbers = readdirSync(join(busy.workspace, 'kpeps')).map((name) => name.split('-')[0]);
  assert.equal(new Set(numbers).size, 4, numbers.join(', '));
});

test('kpep lint --cache never writes through a planted symlink', async () => {
  const linkedDirectory = sandbox({ [K7]: cleanKpep() });
  symlinkSync(linkedDirectory.outside, join(linkedDirectory.workspace, '.kpep-cache'));
  const run = await runKpep(['lint', '--cache'], { cwd: linkedDirectory.workspace });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /symlink/);
  assert.deepEqual(listing(linkedDirectory.outside), []);

  const linkedFile = sandbox({ [K7]: cleanKpep() });
  const victim = join(linkedFile.outside, 'victim.txt');
  writeFileSync(victim, 'precious');
  mkdirSync(join(linkedFile.workspace, '.kpep-cache'));
  symlinkSync(victim, join(linkedFile.workspace, '.kpep-cache/lint.json'));
  for (let pid = 0; pid < 50; pid++) {
    symlinkSync(join(linkedFile.outside, `planted-${pid}`), join(linkedFile.workspace, `.kpep-cache/lint.json.${pid}.tmp`));
  }
  assert.equal((await runKpep(['lint', '--cache'], { cwd: linkedFile.workspace })).status, 0);
  assert.equal(readFileSync(victim, 'utf8'), 'precious');
  assert.deepEqual(listing(linkedFile.outside), ['victim.txt']);
  // The cache was written, as a file of its own in place of the link.
  assert.ok(!lstatSync(join(linkedFile.workspace, '.kpep-cache/lint.json')).isSymbolicLink());
});

test('a lint cache shipped with the repository cannot vouch for its own findings', async () => {
  // The workspace's own template: its text is part of each hash, and the attacker knows it.
  const template = `# KPEP-NNNN: Title\n\n## Summary\n\nWhat it is.\n`;
  const { workspace } = sandbox({ [K7]: cleanKpep({ 'creation-date': '2026-13-45' }), 'templates/README.md': template });
  const cold = await runKpep(['lint', '--cache', '--format', 'json'], { cwd: workspace });
  assert.equal(cold.status, 1);
  assert.ok(cold.stdout.includes('invalid-date'));
  // The attacker's cache: every entry's findings emptied and its hash recomputed from what the repository holds.
  const cacheFile = join(workspace, '.kpep-cache/lint.json');
  const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { build: string; entries: Record<string, { hash: string; value: { findings: unknown[] } }> };
  for (const [path, entry] of Object.entries(cache.entries)) {
    const text = readFileSync(join(workspace, path), 'utf8');
    entry.hash = createHash('sha256').update(path).update('\0').update(template).update('\0').update(text).digest('hex');
    entry.value.findings = [];
  }
  writeFileSync(cacheFile, JSON.stringify(cache));
  const poisoned = await runKpep(['lint', '--cache', '--format', 'json'], { cwd: workspace });
  assert.equal(poisoned.status, 1, 'the error is still found');
  assert.ok(poisoned.stdout.includes('invalid-date'));

  // A cache git tracks is ignored, and said so.
  const git = resolveGit({ cwd: workspace });
  if (git) {
    const inRepo = (args: string[]): void => {
      const result = spawnSync(git, args, { cwd: workspace, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } });
      assert.equal(result.status, 0, result.stderr);
    };
    inRepo(['init', '-q']);
    inRepo(['add', '-f', '.kpep-cache/lint.json']);
    inRepo(['commit', '-qm', 'ship a cache']);
    const tracked = await runKpep(['lint', '--cache', '--format', 'json'], { cwd: workspace });
    assert.match(tracked.stderr, /tracked by git/);
    assert.ok(tracked.stdout.includes('invalid-date'));
  }
});

test('kpep toc --write leaves alone a file that is not UTF-8 or is read-only, and writes through a symlink inside the workspace', async () => {
  const staleToc = `${frontMatter()}${kpepBody().replace(/<!-- toc -->\n[\s\S]*?<!-- \/toc -->/, '<!-- toc -->\n- [Old](#old)\n<!-- /toc -->')}`;
  const latin1 = Buffer.from(`${staleToc}\nCaf\u00e9 in Latin-1.\n`, 'latin1');
  const { workspace } = sandbox({
    'kpeps/0001-latin/README.md': latin1,
    'kpeps/0002-readonly/README.md': staleToc.replace('kpep-number: 7', 'kpep-number: 2'),
    'shared/linked.md': staleToc.replace('kpep-number: 7', 'kpep-number: 3'),
  });
  const readOnly = join(workspace, 'kpeps/0002-readonly/README.md');
  chmodSync(readOnly, 0o444);
  mkdirSync(join(workspace, 'kpeps/0003-linked'));
  symlinkSync(join(workspace, 'shared/linked.md'), join(workspace, 'kpeps/0003-linked/README.md'));
  const run = await runKpep(['toc', '--write'], { cwd: workspace });
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /0001-latin\/README.md is not valid UTF-8; it was left alone/);
  assert.match(run.stderr, /0002-readonly\/README.md is read-only; it was left alone/);
  assert.deepEqual(readFileSync(join(workspace, 'kpeps/0001-latin/README.md')), latin1);
  assert.equal(statSync(readOnly).mode & 0o777, 0o444);
  assert.ok(readFileSync(readOnly, 'utf8').includes('[Old](#old)'));
  assert.match(run.stdout, /updated kpeps\/0003-linked\/README.md \(through its symlink, at shared\/linked.md\)/);
  assert.ok(lstatSync(join(workspace, 'kpeps/0003-linked/README.md')).isSymbolicLink());
  assert.ok(!readFileSync(join(workspace, 'shared/linked.md'), 'utf8').includes('[Old](#old)'));
});

test('kpep renumber moves nothing when a file it would edit is read-only', async () => {
  const citing = `${frontMatter().replace('kpep-number: 7', 'kpep-number: 8')}${kpepBody()}\nBuilds on KPEP-0007.\n`;
  const { workspace } = sandbox({ [K7]: `${frontMatter()}${kpepBody()}`, 'kpeps/0008-citing/README.md': citing });
  const readOnly = join(workspace, 'kpeps/0008-citing/README.md');
  chmodSync(readOnly, 0o444);
  const before = listing(workspace);
  const run = await runKpep(['renumber', '7', '9', '--no-branches'], { cwd: workspace });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /0008-citing\/README.md is read-only; it was left alone/);
  assert.deepEqual(listing(workspace), before, 'nothing moved');
  assert.equal(readFileSync(readOnly, 'utf8'), citing);
  // Near miss: once the file may be written, the same command moves the KPEP and edits the reference.
  chmodSync(readOnly, 0o644);
  assert.equal((await runKpep(['renumber', '7', '9', '--no-branches'], { cwd: workspace })).status, 0);
  assert.match(readFileSync(readOnly, 'utf8'), /Builds on KPEP-0009\./);
});

test('control characters from a document never reach the terminal raw, in lint and show', async () => {
  const text = cleanKpep({ title: '"Storage \\e]0;pwned\\a backends"', '"bad\\e[1A\\e[2K\\rkey"': '1' }).replace('# KPEP-0007: Pluggable storage backends', '# KPEP-0007: Storage \u001b]0;pwned\u0007 backends');
  const { workspace } = sandbox({ [K7]: text });
  for (const args of [['lint'], ['lint', '--format', 'github'], ['show', '7']]) {
    const run = await runKpep(args, { cwd: workspace });
    const output = run.stdout + run.stderr;
    assert.ok(output.includes('\\u001b'), `${args.join(' ')} shows the escape: ${output}`);
    const raw = [...output].filter((c) => {
      const code = c.charCodeAt(0);
      return (code < 0x20 && c !== '\t' && c !== '\n') || (code >= 0x7f && code <= 0x9f);
    });
    assert.deepEqual(raw, [], args.join(' '));
  }
  // Near miss: JSON output carries the same characters, escaped as JSON, and parses back to them.
  const json = JSON.parse((await runKpep(['lint', '--format', 'json'], { cwd: workspace })).stdout) as { message: string }[];
  assert.ok(json.some((entry) => entry.message.includes('bad\u001b[1A\u001b[2K\rkey')));
  // kpep's own colours still reach a terminal that wants them.
  const coloured = spawnKpep(['lint'], { cwd: workspace, env: { FORCE_COLOR: '1' } });
  assert.ok(!coloured.stdout.includes('\u001b]0;'));
});

test('git is found on PATH, never in the repository it is run in', () => {
  const { workspace, outside } = sandbox();
  const planted = join(workspace, process.platform === 'win32' ? 'git.exe' : 'git');
  writeFileSync(planted, '#!/bin/sh\necho planted\n');
  chmodSync(planted, 0o755);
  const real = join(outside, 'git');
  writeFileSync(real, '#!/bin/sh\necho real\n');
  chmodSync(real, 0o755);
  const env = { PATH: ['.', '', 'relative/bin', workspace, outside].join(':') };
  assert.equal(resolveGit({ cwd: workspace, env, platform: 'linux' }), real);
  assert.equal(resolveGit({ cwd: workspace, env: { PATH: ['.', workspace].join(':') }, platform: 'linux' }), undefined);
});
