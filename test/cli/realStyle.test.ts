/**
 * The real-style fixture repository: KPEPs written the way upstream KEPs are (mdtoc tocs, the
 * production readiness questionnaire, bullet-style answers, `[optional]` headings, author headings
 * that share template names). Each KPEP's expected.json holds the exact set of findings `kpep
 * lint` must report for it; `node scripts/real-style-expected.mjs` rewrites them after a change
 * whose every new finding has been read and judged right.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { runKpep } from '../helpers/kpepCli';

const FIXTURE = resolve(__dirname, '../../../test/fixtures/real-style');

interface ExpectedFinding {
  readonly code: string;
  readonly line: number;
  readonly severity: string;
}

interface JsonDiagnostic {
  readonly file: string;
  readonly range: { readonly start: { readonly line: number } };
  readonly severity: string;
  readonly code: string;
}

const key = (finding: ExpectedFinding): string => `${finding.line} ${finding.severity} ${finding.code}`;

test('kpep lint reports exactly the expected findings for every real-style KPEP', async () => {
  const run = await runKpep(['lint', '--format', 'json'], { cwd: FIXTURE });
  assert.notEqual(run.status, 2, run.stderr);
  const found = new Map<string, string[]>();
  for (const diagnostic of JSON.parse(run.stdout) as JsonDiagnostic[]) {
    const directory = diagnostic.file.split('/')[1] ?? '';
    found.set(directory, [...(found.get(directory) ?? []), key({ code: diagnostic.code, line: diagnostic.range.start.line + 1, severity: diagnostic.severity })]);
  }
  const directories = readdirSync(join(FIXTURE, 'kpeps'));
  assert.ok(directories.length >= 30, `only ${directories.length} fixture KPEPs`);
  for (const directory of directories) {
    const expected = JSON.parse(readFileSync(join(FIXTURE, 'kpeps', directory, 'expected.json'), 'utf8')) as ExpectedFinding[];
    assert.deepEqual((found.get(directory) ?? []).sort(), expected.map(key).sort(), `${directory}: findings differ from expected.json`);
  }
  assert.deepEqual([...found.keys()].filter((directory) => !directories.includes(directory)), []);
});
