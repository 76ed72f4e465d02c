import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import Ajv from 'ajv';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../server/src/core/ruleRegistry';
import { escapeData, escapeProperty } from '../../server/src/cli/githubFormat';
import { formatText } from '../../server/src/cli/lintFormats';
import { wantsColor } from '../../server/src/cli/commandIo';
import { CLEAN, DRAFT, copyExamples, runKpep, spawnKpep } from '../helpers/kpepCli';
import { kpepPath, kpepText, type KpepSpec } from '../helpers/kpepWorkspace';

const SARIF_SCHEMA = JSON.parse(readFileSync(resolve(__dirname, '../../../test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as object;

interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

async function lintJson(root: string, args: readonly string[] = []): Promise<JsonDiagnostic[]> {
  return JSON.parse((await runKpep(['lint', '--format', 'json', ...args], { cwd: root })).stdout) as JsonDiagnostic[];
}

test('text groups problems by file with a summary, exits 1 on an error, and has no colour off a terminal', async () => {
  const root = copyExamples();
  const run = spawnKpep(['lint'], { cwd: root, env: { NO_COLOR: '1' } });
  assert.equal(run.status, 1);
  assert.match(run.stdout, new RegExp(`^${DRAFT}\\n  7:15 +error +last-updated`, 'm'));
  assert.match(run.stdout, /^\d+ problems \(1 error, \d+ warnings, \d+ information, 0 hints\) in 7 KPEPs\.$/m);
  assert.ok(!run.stdout.includes('\u001b['), 'no escape codes');
  assert.equal((await runKpep(['lint'], { cwd: root })).stdout, run.stdout, 'a pipe gets no colour even without NO_COLOR');
});

test('colour is used only on a terminal without NO_COLOR', () => {
  assert.equal(wantsColor({ isTty: true, noColor: undefined }), true);
  assert.equal(wantsColor({ isTty: true, noColor: '' }), true);
  assert.equal(wantsColor({ isTty: true, noColor: '1' }), false);
  assert.equal(wantsColor({ isTty: false, noColor: undefined }), false);
  const report = { root: '/w', results: [{ path: DRAFT, diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm', code: 'title', severity: 2 as const }] }] };
  assert.ok(formatText([report], { color: true }).includes('\u001b[33mwarning'));
  assert.ok(!formatText([report], { color: false }).includes('\u001b'));
});

test('a clean KPEP exits 0', async () => {
  const root = copyExamples();
  const run = await runKpep(['lint', CLEAN], { cwd: root });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, 'No problems in 1 KPEP.\n');
  assert.equal(run.status, 0);
});

test('json prints SPEC §6 entries with files relative to the current directory', async () => {
  const root = copyExamples();
  const entries = await lintJson(join(root, 'kpeps'));
  assert.ok(entries.length > 0);
  for (const entry of entries) {
    assert.equal(entry.file, DRAFT.replace(/^kpeps\//, ''));
    assert.ok(['error', 'warning', 'information', 'hint'].includes(entry.severity));
    assert.ok(isDiagnosticCode(entry.code), entry.code);
  }
});

test('sarif validates against the SARIF 2.1.0 schema and matches the json diagnostics', async () => {
  const root = copyExamples();
  const run = await runKpep(['lint', '--format', 'sarif'], { cwd: root });
  assert.equal(run.status, 1);
  const log = JSON.parse(run.stdout) as {
    runs: {
      tool: { driver: { rules: { id: string; help: { text: string }; defaultConfiguration: { level: string } }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[] }[];
    }[];
  };
  // Formats (uri, date-time) are not what this test is about, and ajv has none without ajv-formats.
  const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(SARIF_SCHEMA);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

  const [sarifRun] = log.runs;
  assert.ok(sarifRun);
  const rules = sarifRun.tool.driver.rules;
  assert.deepEqual(rules.map((rule) => rule.id), DIAGNOSTIC_CODES);
  assert.ok(rules.every((rule) => rule.help.text.length > 0 && ['error', 'warning', 'note'].includes(rule.defaultConfiguration.level)));
  assert.equal(sarifRun.originalUriBaseIds['SRCROOT']?.uri.endsWith('/'), true);

  const expected = await lintJson(root);
  assert.equal(sarifRun.results.length, expected.length);
  sarifRun.results.forEach((result, index) => {
    const diagnostic = expected[index];
    assert.ok(diagnostic);
    assert.equal(result.ruleId, diagnostic.code);
    assert.equal(rules[result.ruleIndex]?.id, diagnostic.code);
    assert.equal(result.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[diagnostic.severity]);
    const location = result.locations[0]?.physicalLocation;
    assert.deepEqual(location?.artifactLocation, { uri: DRAFT, uriBaseId: 'SRCROOT' });
    assert.deepEqual(location?.region, {
      startLine: diagnostic.range.start.line + 1,
      startColumn: diagnostic.range.start.character + 1,
      endLine: diagnostic.range.end.line + 1,
      endColumn: diagnostic.range.end.character + 1,
    });
  });
});

test('github prints one workflow command per problem, paths relative to the working directory', async () => {
  const root = copyExamples();
  // From the workspace's parent, so the file paths carry the workspace folder's name.
  const fromParent = await runKpep(['lint', '--format', 'github', root], { cwd: resolve(root, '..') });
  assert.equal(fromParent.status, 1);
  const lines = fromParent.stdout.trimEnd().split('\n');
  const prefix = `${root.split('/').pop()}/${DRAFT}`;
  for (const line of lines) {
    assert.match(line, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=kpep\([a-z-]+\)::\S/);
    assert.ok(line.includes(`file=${prefix},`), line);
  }
  assert.ok(lines.some((line) => line.startsWith('::error ') && line.includes('title=kpep(invalid-date)')));
});

test('github escaping follows the workflow-command rules', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
});

test('--quiet reports errors only; --max-warnings fails on too many warnings', async () => {
  const root = copyExamples();
  assert.deepEqual([...new Set((await lintJson(root, ['--quiet'])).map((entry) => entry.severity))], ['error']);
  const quiet = await runKpep(['lint', '--quiet'], { cwd: root });
  assert.match(quiet.stdout, /^1 problem \(1 error, 0 warnings/m);

  const readme = join(root, CLEAN);
  writeFileSync(readme, readFileSync(readme, 'utf8').replace('reviewers:', 'reviwers:'));
  assert.equal((await runKpep(['lint', CLEAN], { cwd: root })).status, 0, 'a warning alone passes');
  const over = await runKpep(['lint', CLEAN, '--max-warnings', '0'], { cwd: root });
  assert.equal(over.status, 1);
  assert.equal(over.stderr, 'kpep lint: 1 warning found; --max-warnings allows 0.\n');
  assert.equal((await runKpep(['lint', CLEAN, '--max-warnings', '1'], { cwd: root })).status, 0);
  assert.equal((await runKpep(['lint', CLEAN, '--quiet', '--max-warnings', '0'], { cwd: root })).status, 1, '--quiet hides warnings but still counts them');
});

test('--cache reports exactly what a run without it does, follows edits, and survives a corrupt or unwritable cache', async () => {
  const root = copyExamples();
  const cold = await lintJson(root);
  assert.deepEqual(await lintJson(root, ['--cache']), cold, 'the run that fills the cache');
  const cacheFile = join(root, '.kpep-cache', 'lint.json');
  assert.ok(readFileSync(cacheFile, 'utf8').length > 0);
  assert.deepEqual(await lintJson(root, ['--cache']), cold, 'the run served by the cache');

  const readme = join(root, CLEAN);
  writeFileSync(readme, readFileSync(readme, 'utf8').replace('reviewers:', 'reviwers:'));
  const edited = await lintJson(root, ['--cache']);
  assert.deepEqual(edited, await lintJson(root), 'an edited KPEP is checked again');
  assert.ok(edited.some((entry) => entry.file === CLEAN && entry.code === 'field-unknown'));

  writeFileSync(cacheFile, '{ not json');
  assert.deepEqual(await lintJson(root, ['--cache']), edited, 'a corrupt cache is ignored and rewritten');
  const blocked = join(root, 'blocked');
  writeFileSync(blocked, 'a file where the cache directory would go');
  const unwritable = await runKpep(['lint', '--format', 'json', '--cache', '--cache-location', 'blocked/lint.json'], { cwd: root });
  assert.deepEqual(JSON.parse(unwritable.stdout), edited);
  assert.match(unwritable.stderr, /^kpep lint: warning: the cache was not saved \(\w+\)\.\n$/);
});

/** Node's own debug log names every worker thread it creates; nothing in kpep has to report it. */
function workerThreadsOf(stderr: string): number {
  return stderr.match(/created Worker with ID/g)?.length ?? 0;
}

test('a large workspace is parsed on worker threads with byte-identical output, with and without --cache', async () => {
  const root = copyExamples();
  // Enough KPEPs to start the threads, with cross-KPEP findings that depend on the main thread's index.
  const specs: KpepSpec[] = Array.from({ length: 70 }, (_, position) => ({
    number: 100 + position,
    status: position % 10 === 1 ? 'replaced' : 'provisional',
    ...(position % 10 === 2 ? { replaces: [100 + position - 1] } : {}),
    summary: `Builds on KPEP-${100 + position + 1} and KPEP-0001; see KPEP-0999.`,
  }));
  for (const spec of specs) {
    mkdirSync(join(root, kpepPath(spec), '..'));
    writeFileSync(join(root, kpepPath(spec)), kpepText(spec));
  }
  const args = ['lint', '--format', 'json'];
  const inThread = spawnKpep(args, { cwd: root, env: { KPEP_LINT_WORKERS: '0', NODE_DEBUG: 'worker' } });
  assert.equal(workerThreadsOf(inThread.stderr), 0);
  assert.ok((JSON.parse(inThread.stdout) as JsonDiagnostic[]).some((entry) => entry.code === 'replaces-not-reciprocated'));

  const threaded = spawnKpep(args, { cwd: root, env: { KPEP_LINT_WORKERS: '2', NODE_DEBUG: 'worker' } });
  assert.equal(threaded.stdout, inThread.stdout);
  assert.equal(threaded.status, inThread.status);
  assert.equal(workerThreadsOf(threaded.stderr), 2);
  assert.doesNotMatch(threaded.stderr, /warning/);
  assert.equal(spawnKpep(args, { cwd: root }).stdout, inThread.stdout, 'the default number of threads');

  const filling = spawnKpep([...args, '--cache'], { cwd: root, env: { KPEP_LINT_WORKERS: '2', NODE_DEBUG: 'worker' } });
  assert.equal(filling.stdout, inThread.stdout, 'the run that fills the cache');
  assert.equal(workerThreadsOf(filling.stderr), 2);
  const warm = spawnKpep([...args, '--cache'], { cwd: root, env: { KPEP_LINT_WORKERS: '2', NODE_DEBUG: 'worker' } });
  assert.equal(warm.stdout, inThread.stdout, 'the run served by the cache');
  assert.equal(workerThreadsOf(warm.stderr), 0, 'nothing left to parse, so no thread is started');
});

test('a small workspace starts no worker thread; KPEP_LINT_WORKERS must be a whole number', async () => {
  const root = copyExamples();
  const small = spawnKpep(['lint', '--format', 'json'], { cwd: root, env: { KPEP_LINT_WORKERS: '2', NODE_DEBUG: 'worker' } });
  assert.equal(workerThreadsOf(small.stderr), 0);
  assert.deepEqual(JSON.parse(small.stdout), await lintJson(root));
  const bad = spawnKpep(['lint'], { cwd: root, env: { KPEP_LINT_WORKERS: 'all' } });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'kpep lint: KPEP_LINT_WORKERS takes a whole number of threads, not "all".\n');
});

test('bad usage is one line on stderr and exit 2, with no stack trace', async () => {
  const root = copyExamples();
  const outside = mkdtempSync(join(tmpdir(), 'kpep-none-'));
  const cases: [readonly string[], string, RegExp][] = [
    [['lint', '--format', 'xml'], root, /--format must be text, json, sarif or github, not "xml"/],
    [['lint', '--bogus'], root, /^kpep lint: unknown option --bogus\.$/m],
    [['lint', '--fromat', 'json'], root, /^kpep lint: unknown option --fromat; did you mean --format\?$/m],
    [['lint', '-x'], root, /^kpep lint: unknown option -x /m],
    [['lint', '--format'], root, /^kpep lint: --format needs a value\.$/m],
    [['lint', '--quiet=yes'], root, /^kpep lint: --quiet takes no value\.$/m],
    [['toc', '--chek'], root, /^kpep toc: unknown option --chek; did you mean --check\?$/m],
    [['init', 'a', 'b'], root, /^kpep init: kpep init takes one DIR\.$/m],
    [['lint', 'no-such-dir'], root, /no such file or directory: no-such-dir/],
    [['lint', '--max-warnings', 'many'], root, /--max-warnings takes a whole number/],
    [['lint'], outside, /is not inside a KPEP workspace/],
  ];
  for (const [args, cwd, message] of cases) {
    const run = await runKpep(args, { cwd });
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.equal(run.stdout, '');
  }
  const debug = await runKpep(['lint', '--debug', 'no-such-dir'], { cwd: root });
  assert.equal(debug.status, 2);
  assert.match(debug.stderr, /^kpep lint: no such file or directory: no-such-dir\n.*\n\s+at /, '--debug adds the stack trace');
});

test('every format names a file by the same path, relative to the current directory', async () => {
  const root = copyExamples();
  // From the workspace's parent, through -f, so paths carry the workspace folder's name.
  const cwd = dirname(root);
  const target = join(basename(root), 'kpeps');
  const expected = `${basename(root)}/${DRAFT}`;
  const run = async (format: string): Promise<string> => (await runKpep(['lint', '-f', format, target], { cwd })).stdout;
  const json = JSON.parse(await run('json')) as JsonDiagnostic[];
  assert.ok(json.length > 0);
  assert.deepEqual([...new Set(json.map((entry) => entry.file))], [expected]);
  const sarif = JSON.parse(await run('sarif')) as { runs: { originalUriBaseIds: Record<string, { uri: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[] };
  const [sarifRun] = sarif.runs;
  assert.equal(sarifRun?.originalUriBaseIds['SRCROOT']?.uri, pathToFileURL(`${cwd}/`).href);
  assert.deepEqual([...new Set(sarifRun?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri))], [expected]);
  assert.deepEqual([...new Set([...(await run('github')).matchAll(/file=([^,]+),/g)].map((match) => match[1]))], [expected]);
  assert.match(await run('text'), new RegExp(`^${expected.replace(/[.]/g, '\\.')}$`, 'm'));
});

test('a PATH named outright that is not a KPEP gets a warning saying why it was skipped', async () => {
  const root = copyExamples();
  const file = await runKpep(['lint', 'README.md'], { cwd: root });
  assert.equal(file.stderr, 'kpep lint: warning: README.md skipped: not a KPEP (KPEPs are kpeps/NNNN-slug/README.md).\n');
  assert.equal(file.status, 0);
  const folder = await runKpep(['lint', 'templates'], { cwd: root });
  assert.equal(folder.stderr, 'kpep lint: warning: templates skipped: it holds no KPEP (KPEPs are kpeps/NNNN-slug/README.md).\n');
  // Near miss: a KPEP named outright, and the whole workspace, warn of nothing.
  assert.equal((await runKpep(['lint', CLEAN], { cwd: root })).stderr, '');
  assert.equal((await runKpep(['lint', '.', 'kpeps'], { cwd: root })).stderr, '');
});

test('--baseline-write records the findings; --baseline then reports only new ones, and counts what it left out and what is gone', async () => {
  const root = copyExamples();
  const before = await lintJson(root);
  assert.ok(before.length > 3);
  const write = await runKpep(['lint', '--baseline-write', '.kpep-baseline.json'], { cwd: root });
  assert.equal(write.status, 0, write.stderr);
  assert.match(write.stderr, new RegExp(`recorded ${before.length} findings in the baseline \\.kpep-baseline\\.json`));
  const stored = JSON.parse(readFileSync(join(root, '.kpep-baseline.json'), 'utf8')) as { files: Record<string, Record<string, string[]>> };
  assert.ok(stored.files[DRAFT]);

  const quiet = await runKpep(['lint', '--format', 'json', '--baseline', '.kpep-baseline.json'], { cwd: root });
  assert.equal(quiet.status, 0, 'the baselined error no longer fails the run');
  assert.deepEqual(JSON.parse(quiet.stdout), []);
  assert.match(quiet.stderr, new RegExp(`${before.length} findings in the baseline not reported\\.`));

  // A new finding, and one of the old ones fixed: the draft's last-updated before creation-date.
  const draftPath = join(root, DRAFT);
  const draftText = readFileSync(draftPath, 'utf8');
  const fixed = draftText.replace(/^last-updated: .*$/m, 'last-updated: 2099-01-01');
  assert.notEqual(fixed, draftText);
  writeFileSync(draftPath, `${fixed}\nSee [the design](./design.md).\n`);
  const after = await runKpep(['lint', '--format', 'json', '--baseline', '.kpep-baseline.json'], { cwd: root });
  const fresh = JSON.parse(after.stdout) as JsonDiagnostic[];
  assert.deepEqual(fresh.map((d) => d.code), ['broken-link']);
  assert.match(after.stderr, /1 baseline entry matches no finding any more/);

  // The same baseline named in .kpep.json.
  writeFileSync(join(root, '.kpep.json'), JSON.stringify({ baseline: '.kpep-baseline.json' }));
  assert.deepEqual((await lintJson(root)).map((d) => d.code), ['broken-link']);
  assert.equal((await runKpep(['lint', '--baseline', 'missing.json'], { cwd: root })).status, 2);
});
