import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyExamples, runKpep } from '../helpers/kpepCli';

const COMMANDS = ['lint', 'init', 'toc', 'index', 'show'];

test('kpep --help lists every command, and each command has its own --help', () => {
  const root = copyExamples();
  const help = runKpep(['--help'], { cwd: root });
  assert.equal(help.status, 0);
  for (const name of COMMANDS) {
    assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    const own = runKpep([name, '--help'], { cwd: root });
    assert.equal(own.status, 0, name);
    assert.match(own.stdout, new RegExp(`^Usage: kpep ${name}`), name);
    assert.match(own.stdout, /Exit codes:/, name);
  }
});

test('no command, or an unknown one, is exit 2', () => {
  const root = copyExamples();
  assert.equal(runKpep([], { cwd: root }).status, 2);
  const unknown = runKpep(['lnt'], { cwd: root });
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'kpep: unknown command "lnt". Run "kpep --help" for the list.\n');
  assert.equal(runKpep(['constructor'], { cwd: root }).status, 2, 'names from Object.prototype are not commands');
});
