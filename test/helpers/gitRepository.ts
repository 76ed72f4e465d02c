/** Real git repositories in temporary folders, for the tests of branch-aware numbering. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const HOME = mkdtempSync(join(tmpdir(), 'kpep-git-home-'));

/** No user or system git configuration leaks in; commits get a fixed author. */
export const GIT_ENV: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'Ada Test',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Test',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(HOME, 'gitconfig'),
  HOME,
};

export function testEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...GIT_ENV };
}

export function git(cwd: string, args: readonly string[], input?: string): string {
  return execFileSync('git', args, { cwd, env: testEnv(), encoding: 'utf8', ...(input === undefined ? {} : { input }) });
}

/** A README with the front matter and H1 real KPEPs have. */
export function kpepReadme(kpepNumber: number, title: string, body = ''): string {
  return `---\nkpep-number: ${kpepNumber}\ntitle: ${title}\nstatus: provisional\nauthors: ["@ada"]\ncreation-date: 2026-11-24\n---\n# KPEP-${String(kpepNumber).padStart(4, '0')}: ${title}\n\n## Summary\n\n${body || `What ${title.toLowerCase()} changes.`}\n`;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Writes the files and commits them all. */
export function commit(root: string, message: string, files: Readonly<Record<string, string>> = {}): void {
  writeFiles(root, files);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '--allow-empty', '-m', message]);
}

/** A repository on `main` holding these KPEPs, committed. */
export function repositoryWith(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'kpep-git-'));
  git(root, ['init', '-q', '-b', 'main']);
  commit(root, 'First KPEPs', files);
  return root;
}
