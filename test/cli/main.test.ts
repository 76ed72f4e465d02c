import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { kpepMain, terminalIo } from '../../server/src/cli/kpepMain';
import { CLI_PATH, copyExamples, spawnKpep } from '../helpers/kpepCli';

const COMMANDS = ['lint', 'init', 'toc', 'index', 'show'];

test('kpep --help lists every command, and each command has its own --help', () => {
  const root = copyExamples();
  const help = spawnKpep(['--help'], { cwd: root });
  assert.equal(help.status, 0);
  for (const name of COMMANDS) {
    assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    const own = spawnKpep([name, '--help'], { cwd: root });
    assert.equal(own.status, 0, name);
    assert.match(own.stdout, new RegExp(`^Usage: kpep ${name}`), name);
    assert.match(own.stdout, /Exit codes:/, name);
    assert.equal(spawnKpep(['help', name], { cwd: root }).stdout, own.stdout, `kpep help ${name} is kpep ${name} --help`);
  }
  assert.equal(spawnKpep(['help'], { cwd: root }).stdout, help.stdout);
});

test('kpep --version prints the package version', () => {
  const root = copyExamples();
  const { version } = JSON.parse(readFileSync(resolve(CLI_PATH, '../../package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const run = spawnKpep([flag], { cwd: root });
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, `${version}\n`, ''], flag);
  }
});

test('no command, or an unknown one, is exit 2', () => {
  const root = copyExamples();
  assert.equal(spawnKpep([], { cwd: root }).status, 2);
  const unknown = spawnKpep(['lnt'], { cwd: root });
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'kpep: unknown command "lnt"; did you mean lint? Run "kpep --help" for the list.\n');
  assert.equal(spawnKpep(['constructor'], { cwd: root }).status, 2, 'names from Object.prototype are not commands');
  // Near miss: a name far from every command gets no suggestion.
  assert.equal(spawnKpep(['deploy'], { cwd: root }).stderr, 'kpep: unknown command "deploy". Run "kpep --help" for the list.\n');
});

test('a reader that closes the pipe early (kpep lint | head) ends the run quietly with its own exit code', async () => {
  const root = copyExamples();
  const child = spawn(process.execPath, [CLI_PATH, 'lint', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  // Closed before the CLI has started, so its one write of the report meets a pipe with no reader.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  assert.equal(stderr, '');
  assert.equal(status, 1, 'examples/ holds an error, and that is still the exit code');
});

test('a command that throws something other than an Error is an internal error, exit 2', async () => {
  for (const thrown of [null, undefined, 'a string']) {
    const stderr: string[] = [];
    // A stream that fails with a bare value (as a broken write callback may) is the command's failure.
    const io = terminalIo({
      cwd: copyExamples(),
      env: {},
      isTty: false,
      write: {
        stdout: () => {
          throw thrown;
        },
        stderr: (text) => stderr.push(text),
      },
    });
    assert.equal(await kpepMain(['lint', '--help'], io), 2, String(thrown));
    assert.deepEqual(stderr, [`kpep lint: internal error: ${String(thrown)}\n`]);
  }
});
