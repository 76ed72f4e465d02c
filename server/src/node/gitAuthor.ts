/** The author for a new KPEP when the kpep.author setting is empty: git's user.name, as a handle-less name. */
import { execFile } from 'node:child_process';

export function gitUserName(directory: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd: directory, timeout: 2000 }, (error, stdout) => {
      const name = String(stdout).trim();
      resolve(error || name === '' ? undefined : name);
    });
  });
}
