/**
 * Runs `kpep` on throwaway copies of examples/: in this process through the CLI's own main (most
 * tests: no Node start-up per run), or as the built `dist/cli.js` in a process of its own, the way a
 * user or CI runs it (the wiring: environment, streams, exit code, worker threads).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kpepMain, terminalIo } from '../../server/src/cli/kpepMain';

export const CLI_PATH = resolve(__dirname, '../../../dist/cli.js');
const EXAMPLES = resolve(__dirname, '../../../examples');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// The lint cache's machine key goes to a directory of this test run, not the user's home: for the
// spawned CLI and for the in-process one, which reads it from this process's environment.
const testCache = mkdtempSync(join(tmpdir(), 'kpep-machine-cache-'));
process.once('exit', () => rmSync(testCache, { recursive: true, force: true }));
process.env['XDG_CACHE_HOME'] = testCache;

/** `kpep ARGS` in this process, its output as a pipe would get it (no colour). */
export async function runKpep(args: readonly string[], options: { cwd: string }): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = terminalIo({
    cwd: options.cwd,
    // Lint worker threads run the CLI's bundle, which this test file is not: in-process runs check on this thread.
    env: { ...process.env, NO_COLOR: '', KPEP_LINT_WORKERS: '0' },
    isTty: false,
    write: { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) },
  });
  const status = await kpepMain(args, io);
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** `node dist/cli.js ARGS` in a process of its own, with `env` added to this one's. */
export function spawnKpep(args: readonly string[], options: { cwd: string; env?: Readonly<Record<string, string>> }): CliRun {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', XDG_CACHE_HOME: testCache, ...options.env },
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
