import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { claimsElsewhere, numberAboveClaims, type KpepClaim } from '../../server/src/core/branchClaims';
import { buildKpepIndex } from '../../server/src/core/index/scan';
import { loadKpepProject } from '../../server/src/core/project';
import { resolveGit } from '../../server/src/node/git';
import { GitClaimsReader } from '../../server/src/node/gitClaims';
import { NodeWorkspaceFiles } from '../../server/src/node/nodeWorkspaceFiles';
import { commit, git, kpepReadme, repositoryWith, testEnv } from '../helpers/gitRepository';

const MAIN_KPEPS = {
  'kpeps/0001-tenancy/README.md': kpepReadme(1, 'Tenancy'),
  'kpeps/0002-quotas/README.md': kpepReadme(2, 'Quotas'),
};

async function claimsOf(root: string, options: { env?: NodeJS.ProcessEnv; maxRefs?: number } = {}) {
  const reader = new GitClaimsReader({ directory: root, root: 'kpeps', env: options.env ?? testEnv(), ...(options.maxRefs ? { maxRefs: options.maxRefs } : {}) });
  const read = await reader.read();
  const files = new NodeWorkspaceFiles(root);
  const index = await buildKpepIndex({ files, project: await loadKpepProject({ files }) });
  return { read, index, elsewhere: claimsElsewhere(read.claims, index) };
}

function brief(claims: readonly KpepClaim[]): string[] {
  return claims.map((claim) => `${claim.kind} ${claim.ref} ${claim.directory} ${claim.title ?? '-'}`).sort();
}

test('a KPEP on a local branch is claimed, with its title and commit date; the current tree is not a claim', async () => {
  const root = repositoryWith(MAIN_KPEPS);
  git(root, ['checkout', '-q', '-b', 'storage-draft']);
  commit(root, 'Draft storage', { 'kpeps/0003-pluggable-storage/README.md': kpepReadme(3, 'Pluggable storage') });
  git(root, ['checkout', '-q', 'main']);
  const { read, index, elsewhere } = await claimsOf(root);
  assert.deepEqual(brief(elsewhere), ['tip storage-draft 0003-pluggable-storage Pluggable storage']);
  assert.match(elsewhere[0]?.date ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.ok(read.claims.some((claim) => claim.ref === 'main' && claim.directory === '0001-tenancy'), 'the tree of every ref is read');
  assert.deepEqual(numberAboveClaims({ next: index.nextKpepNumber(), claims: elsewhere }), {
    kpepNumber: 4,
    skipped: ['KPEP-0003 is taken on storage-draft: Pluggable storage'],
  });
});

test('a KPEP on a fetched remote-tracking branch is claimed; once merged it is not', async () => {
  const origin = repositoryWith(MAIN_KPEPS);
  const remote = mkdtempSync(join(tmpdir(), 'kpep-remote-'));
  git(remote, ['clone', '-q', '--bare', origin, '.']);
  const mine = mkdtempSync(join(tmpdir(), 'kpep-mine-'));
  git(mine, ['clone', '-q', remote, '.']);
  git(origin, ['remote', 'add', 'shared', remote]);
  git(origin, ['checkout', '-q', '-b', 'storage-draft']);
  commit(origin, 'Draft storage', { 'kpeps/0003-pluggable-storage/README.md': kpepReadme(3, 'Pluggable storage') });
  git(origin, ['push', '-q', 'shared', 'storage-draft']);
  git(mine, ['fetch', '-q']);
  assert.deepEqual(brief((await claimsOf(mine)).elsewhere), ['tip origin/storage-draft 0003-pluggable-storage Pluggable storage']);

  git(mine, ['merge', '-q', '--no-edit', 'origin/storage-draft']);
  assert.deepEqual(brief((await claimsOf(mine)).elsewhere), [], 'the same directory merged here is not a claim');
});

test('a KPEP deleted on a branch keeps its number: numbers are never reused', async () => {
  const root = repositoryWith(MAIN_KPEPS);
  git(root, ['checkout', '-q', '-b', 'cleanup']);
  commit(root, 'Draft', { 'kpeps/0003-abandoned/README.md': kpepReadme(3, 'Abandoned idea') });
  git(root, ['rm', '-q', '-r', 'kpeps/0003-abandoned']);
  commit(root, 'Drop the draft');
  git(root, ['checkout', '-q', 'main']);
  git(root, ['merge', '-q', '--no-edit', 'cleanup']);
  const { index, elsewhere } = await claimsOf(root);
  assert.deepEqual(brief(elsewhere), ['history cleanup 0003-abandoned Abandoned idea']);
  assert.equal(index.nextKpepNumber(), 3, 'the tree alone would reuse 3');
  assert.deepEqual(numberAboveClaims({ next: index.nextKpepNumber(), claims: elsewhere }), {
    kpepNumber: 4,
    skipped: ['KPEP-0003 was taken on cleanup (0003-abandoned, since deleted): Abandoned idea'],
  });
});

test('200 branches are read in bounded time, with a bounded number of refs', async () => {
  const root = repositoryWith(MAIN_KPEPS);
  const head = git(root, ['rev-parse', 'HEAD']).trim();
  // fast-import writes all 200 branches in one process, so the setup stays quick too.
  const stream = Array.from({ length: 200 }, (_, i) => {
    const n = 100 + i;
    const text = kpepReadme(n, `Draft ${n}`);
    return `commit refs/heads/draft-${n}\ncommitter Ada Test <ada@example.com> ${1764000000 + i} +0000\ndata 6\ndraft\nfrom ${head}\nM 100644 inline kpeps/0${n}-draft-${n}/README.md\ndata ${Buffer.byteLength(text)}\n${text}\n`;
  }).join('');
  git(root, ['fast-import', '--quiet'], stream);
  const started = Date.now();
  const { elsewhere, read } = await claimsOf(root);
  const elapsed = Date.now() - started;
  assert.equal(elsewhere.length, 200);
  assert.equal(read.refsSkipped, 0);
  assert.ok(elapsed < 8000, `200 branches took ${elapsed} ms`);
  const bounded = await claimsOf(root, { maxRefs: 50 });
  assert.equal(bounded.read.refsSkipped, 151, 'the 50 most recently committed of 201 refs are kept');
  assert.ok(bounded.elsewhere.every((claim) => claim.kpepNumber >= 250 || claim.kind === 'history'));
});

test('a folder that is not a repository, or a machine without git, has no claims', async () => {
  const plain = mkdtempSync(join(tmpdir(), 'kpep-plain-'));
  mkdirSync(join(plain, 'kpeps/0001-x'), { recursive: true });
  writeFileSync(join(plain, 'kpeps/0001-x/README.md'), kpepReadme(1, 'X'));
  assert.deepEqual((await claimsOf(plain)).read, { claims: [], refsSkipped: 0 });
  const root = repositoryWith(MAIN_KPEPS);
  assert.deepEqual((await claimsOf(root, { env: { ...testEnv(), PATH: join(plain, 'no-such-bin') } })).read, { claims: [], refsSkipped: 0 });
});

test('git is found on PATH only: a git planted in the workspace does not run', async () => {
  const root = repositoryWith(MAIN_KPEPS);
  const marker = join(root, 'planted-ran');
  writeFileSync(join(root, 'git'), `#!/bin/sh\ntouch "${marker}"\n`);
  chmodSync(join(root, 'git'), 0o755);
  assert.equal(resolveGit({ env: { PATH: ['.', '', 'relative/bin'].join(':') }, cwd: process.cwd() }), undefined);
  const { read } = await claimsOf(root, { env: { ...testEnv(), PATH: `.:${process.env['PATH'] ?? ''}` } });
  assert.ok(read.claims.length > 0, 'the real git ran');
  assert.ok(!existsSync(marker), 'the planted one did not');
});

test('branch names with shell metacharacters are data: nothing runs, the names come back whole', async () => {
  const root = repositoryWith(MAIN_KPEPS);
  const names = ['x$(touch${IFS}x)', 'a;touch${IFS}y', '`touch${IFS}z`', "it's|&<draft>"];
  names.forEach((name, i) => {
    git(root, ['checkout', '-q', '-b', name, 'main']);
    commit(root, 'Draft', { [`kpeps/000${3 + i}-draft/README.md`]: kpepReadme(3 + i, `Draft ${i}`) });
  });
  git(root, ['checkout', '-q', 'main']);
  const before = readdirSync(root).sort();
  const { elsewhere } = await claimsOf(root);
  assert.deepEqual(elsewhere.map((claim) => claim.ref).sort(), [...names].sort());
  assert.deepEqual(readdirSync(root).sort(), before);
  for (const file of ['x', 'y', 'z']) {
    assert.ok(!existsSync(join(root, file)) && !existsSync(join(process.cwd(), file)), `no file ${file}`);
  }
});

test('a README too large to be a KPEP still claims its number, without being read for its title', async () => {
  const root = repositoryWith(MAIN_KPEPS);
  git(root, ['checkout', '-q', '-b', 'huge']);
  commit(root, 'Huge', { 'kpeps/0003-huge/README.md': kpepReadme(3, 'Huge', 'x'.repeat(2 * 1024 * 1024)) });
  git(root, ['checkout', '-q', 'main']);
  assert.deepEqual(brief((await claimsOf(root)).elsewhere), ['tip huge 0003-huge -']);
});
