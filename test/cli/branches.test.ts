import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnKpep } from '../helpers/kpepCli';
import { commit, git, GIT_ENV, kpepReadme, repositoryWith } from '../helpers/gitRepository';

const MAIN_KPEPS = {
  'kpeps/0001-tenancy/README.md': kpepReadme(1, 'Tenancy'),
  'kpeps/0002-quotas/README.md': kpepReadme(2, 'Quotas'),
};

/** main with 0001–0002, and a branch storage-draft that adds 0003-pluggable-storage. */
function repositoryWithDraft(): string {
  const root = repositoryWith(MAIN_KPEPS);
  git(root, ['checkout', '-q', '-b', 'storage-draft']);
  commit(root, 'Draft storage', { 'kpeps/0003-pluggable-storage/README.md': kpepReadme(3, 'Pluggable storage') });
  git(root, ['checkout', '-q', 'main']);
  return root;
}

test('kpep new takes a number above every branch and says which claims it skipped; --no-branches does not look', () => {
  const root = repositoryWithDraft();
  const run = spawnKpep(['new', 'Audit', 'logging', '--author', '@ada'], { cwd: root, env: GIT_ENV });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'Created kpeps/0004-audit-logging/README.md (KPEP-0004).\nKPEP-0003 is taken on storage-draft: Pluggable storage.\n');
  const unaware = repositoryWithDraft();
  const local = spawnKpep(['new', 'Offline', '--author', '@ada', '--no-branches'], { cwd: unaware, env: GIT_ENV });
  assert.equal(local.stdout, 'Created kpeps/0003-offline/README.md (KPEP-0003).\n', 'only this tree counts');
  assert.ok(existsSync(join(unaware, 'kpeps/0003-offline/README.md')));
});

/** A shared bare remote, a clone "mine" on branch audit adding 0003-audit, fetched after origin/main moved (or not). */
function pullRequestRace(options: { mainTakes3: boolean }): string {
  const upstream = repositoryWith(MAIN_KPEPS);
  const remote = mkdtempSync(join(tmpdir(), 'kpep-remote-'));
  git(remote, ['clone', '-q', '--bare', upstream, '.']);
  const mine = mkdtempSync(join(tmpdir(), 'kpep-mine-'));
  git(mine, ['clone', '-q', remote, '.']);
  git(mine, ['checkout', '-q', '-b', 'audit']);
  commit(mine, 'Audit logging', { 'kpeps/0003-audit/README.md': kpepReadme(3, 'Audit logging') });
  if (options.mainTakes3) {
    git(upstream, ['remote', 'add', 'shared', remote]);
    commit(upstream, 'Storage', { 'kpeps/0003-pluggable-storage/README.md': kpepReadme(3, 'Pluggable storage') });
    git(upstream, ['push', '-q', 'shared', 'main']);
  }
  git(mine, ['fetch', '-q']);
  return mine;
}

interface JsonDiagnostic {
  readonly file: string;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

test('kpep lint --against REF fails the PR that would lose the race, naming the renumber command', () => {
  const mine = pullRequestRace({ mainTakes3: true });
  const run = spawnKpep(['lint', '--against', 'origin/main', '--format', 'json'], { cwd: mine, env: GIT_ENV });
  assert.equal(run.status, 1, run.stderr);
  const claimed = (JSON.parse(run.stdout) as JsonDiagnostic[]).filter((d) => d.code === 'number-claimed-elsewhere');
  assert.deepEqual(claimed, [
    {
      ...claimed[0],
      file: 'kpeps/0003-audit/README.md',
      severity: 'error',
      message: 'KPEP-0003 is already taken on origin/main by 0003-pluggable-storage (Pluggable storage); renumber this KPEP: kpep renumber 3 4',
    },
  ]);
  const plain = spawnKpep(['lint', '--format', 'json'], { cwd: mine, env: GIT_ENV });
  assert.deepEqual((JSON.parse(plain.stdout) as JsonDiagnostic[]).filter((d) => d.code === 'number-claimed-elsewhere'), [], 'only --against looks at REF');
});

test('kpep lint --against REF passes when REF has not used the number, and refuses a REF it cannot find', () => {
  const mine = pullRequestRace({ mainTakes3: false });
  const run = spawnKpep(['lint', '--against', 'origin/main', '--format', 'json'], { cwd: mine, env: GIT_ENV });
  assert.deepEqual((JSON.parse(run.stdout) as JsonDiagnostic[]).filter((d) => d.code === 'number-claimed-elsewhere'), []);
  const unknown = spawnKpep(['lint', '--against', 'origin/nope'], { cwd: mine, env: GIT_ENV });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^kpep lint: --against origin\/nope: no such commit in this repository .*fetch-depth: 0/);
  const option = spawnKpep(['lint', '--against', '--output=x'], { cwd: mine, env: GIT_ENV });
  assert.equal(option.status, 2, 'a REF that looks like an option is only ever a revision');
  assert.ok(!existsSync(join(mine, 'x')));
});

/** The workspace of the renumber test, with KPEP-0003 written as `long` (padded) and `short`. */
function renumberWorkspace(long: string, short: string): Record<string, string> {
  const fence = '```\nKPEP-0003 in a fence is not a reference\n```';
  const audit = kpepReadme(Number(short), 'Audit logging', `Audit logging, KPEP-${long} for short; see KPEP-1.\n\n${fence}`).replace('authors:', `see-also: [1]\nauthors:`);
  const tenancy = kpepReadme(1, 'Tenancy', `Builds on KPEP-${short} and KPEP-${long}, not on KPEP-30 or \`KPEP-0003\`.`).replace('authors:', `see-also: [2, ${short}]\nauthors:`);
  const quotas = kpepReadme(2, 'Quotas', `Read [the audit KPEP](../${long}-audit/README.md), [its folder](../${long}-audit/) and [from the root](kpeps/${long}-audit/).\nThe 0003-audit-x directory is not it.`).replace(
    'authors:',
    `see-also: ["${long}", "KPEP-${long}"]\nreplaces: [1]\nauthors:`,
  );
  return {
    'kpeps/0001-tenancy/README.md': tenancy,
    'kpeps/0002-quotas/README.md': quotas,
    [`kpeps/${long}-audit/README.md`]: audit,
  };
}

test('kpep renumber moves the directory and every reference form, nothing else; it refuses claimed numbers, uncommitted files and a second run', () => {
  const root = repositoryWith(renumberWorkspace('0003', '3'));
  git(root, ['checkout', '-q', '-b', 'storage-draft']);
  commit(root, 'Draft storage', { 'kpeps/0004-pluggable-storage/README.md': kpepReadme(4, 'Pluggable storage') });
  git(root, ['checkout', '-q', 'main']);

  const claimed = spawnKpep(['renumber', '3', '4'], { cwd: root, env: GIT_ENV });
  assert.deepEqual([claimed.status, claimed.stderr], [2, 'kpep renumber: KPEP-0004 is taken on storage-draft: Pluggable storage; numbers are never reused.\n']);

  appendFileSync(join(root, 'kpeps/0002-quotas/README.md'), '\nAn unsaved thought.\n');
  const dirty = spawnKpep(['renumber', '3', '5'], { cwd: root, env: GIT_ENV });
  assert.deepEqual([dirty.status, dirty.stderr], [2, 'kpep renumber: uncommitted changes in kpeps/0002-quotas/README.md; commit or stash them first, or pass --force.\n']);
  assert.ok(existsSync(join(root, 'kpeps/0003-audit/README.md')), 'nothing moved');
  git(root, ['checkout', '-q', '--', 'kpeps/0002-quotas/README.md']);

  const run = spawnKpep(['renumber', 'KPEP-0003', '5'], { cwd: root, env: GIT_ENV });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'Renumbered KPEP-0003 to KPEP-0005: kpeps/0003-audit → kpeps/0005-audit, 11 edits in 3 files.\n');
  const expected = renumberWorkspace('0005', '5');
  for (const [file, text] of Object.entries(expected)) {
    assert.equal(readFileSync(join(root, file), 'utf8'), text, file);
  }
  assert.ok(!existsSync(join(root, 'kpeps/0003-audit')));

  const again = spawnKpep(['renumber', '3', '6'], { cwd: root, env: GIT_ENV });
  assert.deepEqual([again.status, again.stderr], [2, 'kpep renumber: there is no KPEP-0003 to renumber.\n']);
  const back = spawnKpep(['renumber', '5', '3', '--force'], { cwd: root, env: GIT_ENV });
  assert.deepEqual([back.status, back.stderr], [2, 'kpep renumber: KPEP-0003 is taken on main, storage-draft: Audit logging; numbers are never reused.\n'], 'the commits still hold the old number');
});
