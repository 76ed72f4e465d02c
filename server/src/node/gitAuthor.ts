/** The author for a new KPEP when the kpep.author setting is empty: git's user.name, as a handle-less name. */
import { execFile } from 'node:child_process';
import { findGit } from './gitClaims';

export function gitUserName(directory: string): Promise<string | undefined> {
  // git from PATH only: a git planted in the workspace (Windows looks in the cwd first) never runs.
  const git = findGit();
  if (!git) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    execFile(git, ['config', 'user.name'], { cwd: directory, timeout: 2000, windowsHide: true }, (error, stdout) => {
      const name = String(stdout).trim();
      resolve(error || name === '' ? undefined : name);
    });
  });
}
