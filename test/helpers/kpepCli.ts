/** Runs the built `dist/cli.js` the way a user or CI would, on throwaway copies of examples/. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI_PATH = resolve(__dirname, '../../../dist/cli.js');
const EXAMPLES = resolve(__dirname, '../../../examples');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let testCache: string | undefined;

function machineCache(): string {
  if (testCache === undefined) {
    const created = mkdtempSync(join(tmpdir(), 'kpep-machine-cache-'));
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
    testCache = created;
  }
  return testCache;
}

export function runKpep(args: readonly string[], options: { cwd: string; env?: Readonly<Record<string, string>> }): CliRun {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    // The lint cache's machine key goes to a directory of this test run, not the user's home.
    env: { ...process.env, NO_COLOR: '', XDG_CACHE_HOME: machineCache(), ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary copy of the examples repository (0007 is the broken draft, 0001–0006 are clean). */
export function copyExamples(): string {
  const root = mkdtempSync(join(tmpdir(), 'kpep-cli-'));
  cpSync(EXAMPLES, root, { recursive: true });
  return root;
}

export const DRAFT = 'kpeps/0007-rough-draft-quota-api/README.md';
export const CLEAN = 'kpeps/0001-pluggable-storage-backends/README.md';
