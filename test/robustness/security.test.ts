/**
 * SPEC §8 against hostile repositories: front matter is never executed, YAML aliases cannot exhaust
 * memory, nothing outside the workspace is read, and the manifest declares what it supports.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { NodeWorkspaceFiles } from '../../server/src/node/nodeWorkspaceFiles';
import { runKpep, spawnKpep } from '../helpers/kpepCli';
import { cleanKpep, frontMatter, kpepBody } from '../helpers/kpepFixtures';
import { serversForFile } from '../helpers/lspServer';

const KPEP = 'kpeps/0007-pluggable-storage/README.md';
const REPOSITORY = resolve(__dirname, '../../..');
const servers = serversForFile();

/** A sandbox holding `workspace/` and, beside it, files the workspace must never read. */
function sandbox(files: Readonly<Record<string, string>>): { root: string; workspace: string } {
  const root = mkdtempSync(join(tmpdir(), 'kpep-security-'));
  servers.removeAfter(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(join(root, 'workspace/kpeps'), { recursive: true });
  return { root, workspace: join(root, 'workspace') };
}

/** JavaScript that writes `marker` and sets a global, if anything ever evaluates it. */
function payload(marker: string): string {
  return `{ ran: (globalThis.kpepFrontMatterRan = true, process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')) }`;
}

interface LintEntry {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

async function lintJson(workspace: string): Promise<LintEntry[]> {
  const run = await runKpep(['lint', '--format', 'json'], { cwd: workspace });
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintEntry[];
}

test('the ---js payload really would write its marker if evaluated', () => {
  const { root } = sandbox({});
  const marker = join(root, 'control-marker');
  new Function(`return ${payload(marker)}`)();
  assert.ok(existsSync(marker), 'the payload is live, so the tests below mean something');
  delete (globalThis as { kpepFrontMatterRan?: boolean }).kpepFrontMatterRan;
});

test('kpep lint never executes ---js, ---javascript or ---coffee front matter', async () => {
  const { root, workspace } = sandbox({});
  const languages = ['js', 'javascript', 'coffee', 'json'];
  languages.forEach((language, index) => {
    const path = join(workspace, `kpeps/000${index + 1}-engine-${language}/README.md`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `---${language}\n${payload(join(root, `marker-${language}`))}\n---\n${kpepBody()}`);
  });
  const entries = await lintJson(workspace);
  for (const language of languages) {
    assert.ok(!existsSync(join(root, `marker-${language}`)), `---${language} was executed`);
    assert.ok(entries.some((entry) => entry.file.includes(`engine-${language}`) && entry.code === 'frontmatter-syntax'), language);
  }
});

test('the language server never executes ---js front matter, and says why', async () => {
  const { root, workspace } = sandbox({});
  const marker = join(root, 'marker-server');
  const server = await servers.start({ root: workspace, pull: true });
  const uri = await server.open(KPEP, `---js\n${payload(marker)}\n---\n${kpepBody()}`);
  const syntax = (await server.pull(uri)).find((d) => d.code === 'frontmatter-syntax');
  assert.ok(syntax);
  assert.match(String(syntax.message), /YAML/);
  assert.ok(!existsSync(marker), 'the server executed ---js');
  assert.ok(Array.isArray(await server.pull(await server.open('kpeps/0008-next/README.md', cleanKpep()))), 'still answering');
});

/** Nine levels of nine-fold aliases: 387 million strings if expanded. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
  }
  return `---\n${lines.join('\n')}\n---\n${kpepBody()}`;
}

test('a billion-laughs document gets frontmatter-syntax from the CLI in bounded time and memory', () => {
  const { workspace } = sandbox({});
  mkdirSync(join(workspace, 'kpeps/0007-laughs'), { recursive: true });
  writeFileSync(join(workspace, 'kpeps/0007-laughs/README.md'), billionLaughs());
  const started = Date.now();
  // A 256 MB heap would be exhausted many times over by the expansion.
  const run = spawnKpep(['lint', '--format', 'json'], { cwd: workspace, env: { NODE_OPTIONS: '--max-old-space-size=256' } });
  assert.ok(Date.now() - started < 20_000);
  assert.equal(run.status, 1, run.stderr);
  assert.ok((JSON.parse(run.stdout) as LintEntry[]).some((entry) => entry.code === 'frontmatter-syntax'));
});

test('the server answers a billion-laughs document with frontmatter-syntax and keeps its memory', async () => {
  const { workspace } = sandbox({});
  const server = await servers.start({ root: workspace, pull: true });
  const diagnostics = await server.pull(await server.open('kpeps/0007-laughs/README.md', billionLaughs()));
  assert.ok(diagnostics.some((d) => d.code === 'frontmatter-syntax'));
  const rss = server.residentMegabytes();
  assert.ok(rss === undefined || rss < 400, `server RSS ${rss} MB`);
  assert.ok(Array.isArray(await server.pull(await server.open(KPEP, cleanKpep()))), 'still answering');
});

/** A template outside the workspace whose one required section would show up if it were ever read. */
const OUTSIDE_TEMPLATE = '# Outside\n\n## Exfiltrated Section\n<!-- kpep: required-from provisional -->\n\nSecret.\n';
const outsideWasRead = (entries: readonly { message: string }[]): boolean => entries.some((entry) => /Exfiltrated/.test(entry.message));

test('template paths leading outside the workspace are never read (.kpep.json, absolute, symlink)', async () => {
  const { root } = sandbox({ 'outside.md': OUTSIDE_TEMPLATE });
  const outside = join(root, 'outside.md');
  // One workspace per way out, each KPEP named after it, and a control whose template is inside.
  const ways: Readonly<Record<string, string | undefined>> = {
    control: 'inside.md',
    relative: '../outside.md',
    absolute: outside,
    climbing: 'kpeps/../../outside.md',
    symlink: undefined,
  };
  const roots = Object.entries(ways).map(([way, template]) => {
    const workspace = join(root, way);
    mkdirSync(join(workspace, `kpeps/0007-via-${way}`), { recursive: true });
    writeFileSync(join(workspace, `kpeps/0007-via-${way}/README.md`), cleanKpep());
    writeFileSync(join(workspace, 'inside.md'), OUTSIDE_TEMPLATE);
    if (template) {
      writeFileSync(join(workspace, '.kpep.json'), JSON.stringify({ template }));
    } else {
      mkdirSync(join(workspace, 'templates'));
      symlinkSync(outside, join(workspace, 'templates/README.md'));
    }
    return workspace;
  });
  const run = await runKpep(['lint', '--format', 'json', ...roots], { cwd: root });
  const entries = JSON.parse(run.stdout) as LintEntry[];
  assert.ok(outsideWasRead(entries.filter((entry) => entry.file.includes('via-control'))), 'the same template inside a workspace does change the diagnostics');
  for (const way of Object.keys(ways).filter((name) => name !== 'control')) {
    assert.ok(!outsideWasRead(entries.filter((entry) => entry.file.includes(`via-${way}`))), `the CLI read the template ${way}`);
  }

  const server = await servers.start({ root: join(root, 'relative'), pull: true });
  const diagnostics = await server.pull(await server.open('kpeps/0007-via-relative/README.md', cleanKpep()));
  assert.ok(!outsideWasRead(diagnostics.map((d) => ({ message: String(d.message) }))), 'the server read a template outside');
});

test('KPEPs that are symlinks out of the workspace are never read by kpep lint', async () => {
  const hostile = frontMatter({ status: 'exfiltrated' }) + kpepBody();
  const { root, workspace } = sandbox({ 'secret/README.md': hostile, 'secret.md': hostile });
  symlinkSync(join(root, 'secret'), join(workspace, 'kpeps/0008-linked-directory'));
  mkdirSync(join(workspace, 'kpeps/0009-linked-file'));
  symlinkSync(join(root, 'secret.md'), join(workspace, 'kpeps/0009-linked-file/README.md'));
  mkdirSync(join(workspace, 'kpeps/0010-relative'));
  symlinkSync('../../../secret.md', join(workspace, 'kpeps/0010-relative/README.md'));
  mkdirSync(join(workspace, 'kpeps/0011-control'));
  writeFileSync(join(workspace, 'kpeps/0011-control/README.md'), hostile);
  const read = (await lintJson(workspace)).filter((entry) => /exfiltrated/.test(entry.message)).map((entry) => entry.file);
  assert.deepEqual([...new Set(read)], ['kpeps/0011-control/README.md'], 'only the KPEP really inside is read');
});

test('NodeWorkspaceFiles refuses ../, absolute paths and symlinks that lead out, with promises and blocking calls alike', async () => {
  const { root, workspace } = sandbox({ 'secret.txt': 'secret', 'workspace/inside.txt': 'inside' });
  symlinkSync(join(root, 'secret.txt'), join(workspace, 'link-out.txt'));
  symlinkSync(root, join(workspace, 'kpeps/0001-dir-out'));
  symlinkSync(join(workspace, 'inside.txt'), join(workspace, 'link-in.txt'));
  for (const blocking of [false, true]) {
    const files = new NodeWorkspaceFiles(workspace, { blocking });
    for (const path of ['../secret.txt', '../../etc/passwd', '/etc/passwd', join(root, 'secret.txt'), 'kpeps/../../secret.txt', 'link-out.txt', 'kpeps/0001-dir-out/secret.txt']) {
      assert.equal(await files.readFile(path), undefined, `${path}, blocking: ${blocking}`);
      assert.equal(await files.fileKind(path), undefined, `${path}, blocking: ${blocking}`);
    }
    assert.deepEqual(await files.listDirectories('..'), []);
    assert.deepEqual(await files.listDirectories('kpeps/0001-dir-out'), []);
    assert.equal(await files.readFile('inside.txt'), 'inside');
    assert.equal(await files.readFile('link-in.txt'), 'inside', 'a symlink that stays inside is fine');
    assert.equal(await files.fileKind('kpeps'), 'directory');
    assert.equal(await files.readFile('kpeps'), undefined, 'a directory reads as absent');
  }
});

test('package.json declares untrusted-workspace support and no virtual-workspace support', () => {
  const manifest = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: { supported?: unknown } };
  };
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
  assert.equal(manifest.capabilities?.virtualWorkspaces?.supported, false);
});
