/**
 * The CLI package as a user installs it: `npm pack` once, `npm install --global` of the tarball
 * into a temporary prefix, then the installed `kpep` and `kpep-language-server` at work, the
 * README's CLI examples pasted as it says, and the GitHub Actions example's steps run locally.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { LspTestServer } from '../helpers/lspServer';

const REPO = resolve(__dirname, '../../..');
const EXAMPLES = join(REPO, 'examples');
const MANIFEST = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; files: string[] };

const scratch = mkdtempSync(join(tmpdir(), 'kpep-package-'));
const prefix = join(scratch, 'prefix');
let tarball = '';
let packed: string[] = [];

/** npm's own environment, minus what an outer `npm test` exported, so the inner npm works on the scratch folder only. */
function npmEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra };
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? npmEnv(), encoding: 'utf8', timeout: 120_000 });
  assert.ok(!result.error, `${command} ${args.join(' ')}: ${result.error?.message}`);
  return result;
}

/** A shell whose PATH starts with the installed package's bin folder, in a fresh copy of examples/. */
function shellInExamples(line: string, env: Readonly<Record<string, string>> = {}): { status: number | null; stdout: string; stderr: string; cwd: string } {
  const cwd = mkdtempSync(join(scratch, 'examples-'));
  cpSync(EXAMPLES, cwd, { recursive: true });
  const result = run('sh', ['-c', line], { cwd, env: npmEnv({ PATH: `${join(prefix, 'bin')}${delimiter}${process.env['PATH'] ?? ''}`, NO_COLOR: '1', ...env }) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, cwd };
}

before(() => {
  // dist/ is already built by `npm test`; --ignore-scripts skips prepare's second build.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: REPO });
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  assert.ok(info);
  tarball = join(scratch, info.filename);
  packed = info.files.map((file) => file.path).sort();
  // The package has no dependencies, so nothing is fetched: --offline holds.
  const install = run('npm', ['install', '--global', '--offline', '--prefix', prefix, tarball], { cwd: scratch });
  assert.equal(install.status, 0, install.stderr);
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('npm pack writes kpep-<version>.tgz holding what runs and nothing else', () => {
  assert.equal(tarball, join(scratch, `kpep-${MANIFEST.version}.tgz`));
  const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', 'dist/cli.js', 'dist/client.js', 'dist/server.js', 'media/icon.png', 'media/kpep-preview.css', 'media/kpeps-view.svg', 'schemas/kpep.schema.json', 'snippets/kpep.code-snippets.json', 'syntaxes/kpep.injection.tmLanguage.json'];
  assert.deepEqual(packed, expected.sort());
  const installed = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'kpep', 'package.json'), 'utf8')) as { dependencies?: object };
  assert.equal(installed.dependencies, undefined, 'everything is bundled, so nothing else installs');
});

test('the installed kpep prints its version and lints examples/', () => {
  const version = shellInExamples('kpep --version');
  assert.deepEqual([version.status, version.stdout], [0, `${MANIFEST.version}\n`]);
  const lint = shellInExamples('kpep lint');
  assert.equal(lint.status, 1, `the draft 0007 has errors: ${lint.stderr}`);
  assert.match(lint.stdout, /^kpeps\/0007-rough-draft-quota-api\/README\.md$/m);
  assert.match(lint.stdout, /in 7 KPEPs\.$/m);
  // Near miss: a clean KPEP exits 0.
  assert.equal(shellInExamples('kpep lint kpeps/0001-pluggable-storage-backends').status, 0);
});

test('the installed kpep-language-server answers an LSP client over stdio', async () => {
  const server = new LspTestServer({ root: EXAMPLES, command: [join(prefix, 'bin', 'kpep-language-server'), '--stdio'] });
  try {
    const { capabilities } = await server.initialize();
    assert.ok(capabilities['hoverProvider']);
  } finally {
    await server.shutdown();
  }
});

/** The ```sh block of the README's "Using the CLI" section: each line's command and the exit code its comment names (0 when none). */
function readmeCliExamples(): { command: string; exit: number }[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = /^## Using the CLI\n([\s\S]*?)^## /m.exec(readme)?.[1];
  assert.ok(section, 'README.md has no "## Using the CLI" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the section has no sh block');
  return block
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [command = '', comment = ''] = line.split(/\s+#\s+/, 2);
      return { command: command.trim(), exit: Number(/\bexit (\d)\b/.exec(comment)?.[1] ?? 0) };
    });
}

test('the README\'s CLI examples work pasted in a copy of examples/, with their documented exit codes', () => {
  const examples = readmeCliExamples();
  assert.ok(examples.length >= 5 && examples.every(({ command }) => command.startsWith('kpep ')), JSON.stringify(examples));
  for (const { command, exit } of examples) {
    const result = shellInExamples(command);
    assert.equal(result.status, exit, `${command}\n${result.stderr}`);
    assert.doesNotMatch(result.stderr, /internal error|unknown/, command);
    assert.ok(result.stdout.length > 0 || existsSync(join(result.cwd, 'kpep.sarif')), `${command} printed nothing`);
  }
});

interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}

test('the GitHub Actions example installs the package, lints to SARIF and uploads that file; its steps run here', () => {
  const workflow = parse(readFileSync(join(REPO, 'docs', 'examples', 'github-workflow.yml'), 'utf8')) as {
    permissions: Record<string, string>;
    env: Record<string, string>;
    jobs: Record<string, { steps: WorkflowStep[] }>;
  };
  assert.equal(workflow.permissions['security-events'], 'write', 'upload-sarif needs it');
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload?.with?.['sarif_file'], 'no upload-sarif step with a sarif_file');
  const commands = steps.flatMap((step) => (step.run ? [step.run] : []));
  assert.match(commands[0] ?? '', /npm install .*"\$KPEP_PACKAGE"/, `the first command installs the package: ${commands[0]}`);
  assert.ok(commands.some((command) => command.startsWith('kpep lint') && command.endsWith(`> ${upload.with?.['sarif_file']}`)), 'the lint step writes the file that is uploaded');

  // Each run step as Actions runs it: its own shell in the checkout (a copy of examples/), with
  // RUNNER_TEMP, and GITHUB_PATH's lines put before PATH for the steps after; this tarball installed offline.
  // The checkout is a git repository whose base branch, origin/main, is fetched (fetch-depth: 0).
  const checkout = mkdtempSync(join(scratch, 'checkout-'));
  cpSync(EXAMPLES, checkout, { recursive: true });
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@example.com', GIT_COMMITTER_NAME: 'ci', GIT_COMMITTER_EMAIL: 'ci@example.com' };
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'base'], ['update-ref', 'refs/remotes/origin/main', 'HEAD']]) {
    assert.equal(run('git', args, { cwd: checkout, env: gitEnv }).status, 0, `git ${args.join(' ')}`);
  }
  const runnerTemp = mkdtempSync(join(scratch, 'runner-temp-'));
  const githubPath = join(runnerTemp, 'github-path');
  writeFileSync(githubPath, '');
  const exits = commands.map((command) => {
    const added = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse();
    const env = npmEnv({ ...workflow.env, KPEP_PACKAGE: tarball, RUNNER_TEMP: runnerTemp, GITHUB_PATH: githubPath, npm_config_offline: 'true', NO_COLOR: '1' });
    const result = run('sh', ['-e', '-c', command.replaceAll('${{ github.base_ref }}', 'main')], { cwd: checkout, env: { ...env, PATH: [...added, process.env['PATH'] ?? ''].join(delimiter) } });
    assert.doesNotMatch(result.stderr, /internal error|unknown|not found/, command);
    return result.status;
  });
  // Installed; lint finds 0007's errors (1); so does the PR check, whose numbers are free on origin/main (1);
  // 0007's toc is stale (1); the index is current (0).
  assert.deepEqual(exits, [0, 1, 1, 1, 0]);
  assert.ok(existsSync(join(runnerTemp, 'kpep', 'node_modules', '.bin', 'kpep')), 'the workflow installed its own kpep');
  const sarif = JSON.parse(readFileSync(join(checkout, upload.with['sarif_file'] as string), 'utf8')) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0]?.results.some((entry) => entry.locations[0]?.physicalLocation.artifactLocation.uri === 'kpeps/0007-rough-draft-quota-api/README.md'));
});
