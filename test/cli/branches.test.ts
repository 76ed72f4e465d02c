import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runKpep } from '../helpers/kpepCli';
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
  const run = runKpep(['new', 'Audit', 'logging', '--author', '@ada'], { cwd: root, env: GIT_ENV });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'Created kpeps/0004-audit-logging/README.md (KPEP-0004).\nKPEP-0003 is taken on storage-draft: Pluggable storage.\n');
  const unaware = repositoryWithDraft();
  const local = runKpep(['new', 'Offline', '--author', '@ada', '--no-branches'], { cwd: unaware, env: GIT_ENV });
  assert.equal(local.stdout, 'Created kpeps/0003-offline/README.md (KPEP-0003).\n', 'only this tree counts');
  assert.ok(existsSync(join(unaware, 'kpeps/0003-offline/README.md')));
});
