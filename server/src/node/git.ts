/**
 * git, found on PATH explicitly: `execFile('git', …, { cwd })` on Windows may run a `git.exe`
 * planted in the repository it is asked about, since Windows looks in the current directory
 * first. Only absolute PATH entries are searched, and the repository's own directory never is.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/** The absolute path of git on PATH, skipping relative entries and `cwd` itself; undefined when there is none. */
export function resolveGit(options: { env?: NodeJS.ProcessEnv; cwd: string; platform?: NodeJS.Platform }): string | undefined {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const names = platform === 'win32' ? (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((ext) => ext !== '').map((ext) => `git${ext.toLowerCase()}`) : ['git'];
  const cwd = path.resolve(options.cwd);
  for (const directory of (env['PATH'] ?? env['Path'] ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(directory) || path.resolve(directory) === cwd) {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(directory, name);
      try {
        if (statSync(candidate).isFile()) {
          accessSync(candidate, constants.X_OK);
          return candidate;
        }
      } catch {
        // Not here; the next PATH entry.
      }
    }
  }
  return undefined;
}

/** Runs git in `cwd`; undefined when git is missing, fails or takes longer than two seconds. */
export function runGit(args: readonly string[], cwd: string): Promise<string | undefined> {
  const git = resolveGit({ cwd });
  if (!git) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    execFile(git, [...args], { cwd, timeout: 2000 }, (error, stdout) => resolve(error ? undefined : String(stdout)));
  });
}
