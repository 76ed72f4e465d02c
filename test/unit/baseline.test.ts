import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { baselinedAsHints, fingerprintDiagnostics, matchBaseline, parseBaseline, serializeBaseline } from '../../server/src/core/baseline';
import { lintKpeps } from '../../server/src/core/lint';
import { loadKpepProject } from '../../server/src/core/project';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { diagnose, frontMatter, kpepBody } from '../helpers/kpepFixtures';

const PATH = 'kpeps/0007-pluggable-storage/README.md';
const draft = frontMatter({ status: 'implementable', reviewers: '[TBD]' }) + kpepBody({ extra: { 'Design Details': 'TODO' } });

function record(text: string) {
  const diagnostics = diagnose(text);
  return { path: PATH, diagnostics, fingerprints: fingerprintDiagnostics(text, diagnostics) };
}

test('a baseline suppresses exactly the findings it records, across edits elsewhere in the document', () => {
  const before = record(draft);
  assert.ok(before.diagnostics.length >= 2);
  const baseline = parseBaseline(serializeBaseline([before]), 'baseline').baseline;
  assert.ok(baseline);
  // Lines inserted above move every finding down; none of them becomes new.
  const moved = draft.replace('## Summary\n', '## Summary\n\nA first paragraph, added later.\n\nAnd another.\n');
  const after = matchBaseline(baseline, record(moved));
  assert.deepEqual(after.fresh.map((d) => d.code), []);
  assert.equal(after.baselined.length, before.diagnostics.length);
  assert.equal(after.gone, 0);
});

test('a new finding is reported and a fixed one counts as gone (near miss of suppression)', () => {
  const baseline = parseBaseline(serializeBaseline([record(draft)]), 'baseline').baseline;
  assert.ok(baseline);
  const changed = frontMatter({ status: 'implementable', reviewers: '["@carol"]' }) + kpepBody({ extra: { 'Design Details': 'TODO', Alternatives: 'TBD' } });
  const match = matchBaseline(baseline, record(changed));
  assert.deepEqual(match.fresh.map((d) => `${String(d.code)} ${String(d.message).slice(0, 20)}`), ['placeholder "Alternatives" holds']);
  assert.equal(match.gone, 1, 'the reviewers placeholder was fixed');
});

test('identical findings on identical lines are told apart by their order', () => {
  const text = 'TBD\nTBD\n';
  const diagnostics = [0, 1].map((line) => ({ range: { start: { line, character: 0 }, end: { line, character: 3 } }, message: 'm', code: 'placeholder' }));
  const [first, second] = fingerprintDiagnostics(text, diagnostics);
  assert.notEqual(first, second);
  assert.deepEqual(fingerprintDiagnostics('TBD\nTBD\n', diagnostics), [first, second], 'stable');
});

test('the editor keeps baselined findings, at hint severity', () => {
  const before = record(draft);
  const baseline = parseBaseline(serializeBaseline([before]), 'baseline').baseline;
  assert.ok(baseline);
  const hints = baselinedAsHints(baseline, { path: PATH, text: draft, diagnostics: before.diagnostics });
  assert.equal(hints.length, before.diagnostics.length);
  assert.ok(hints.every((d) => d.severity === DiagnosticSeverity.Hint));
  assert.ok(before.diagnostics.some((d) => d.severity !== DiagnosticSeverity.Hint));
  const other = baselinedAsHints(baseline, { path: 'kpeps/0008-other/README.md', text: draft, diagnostics: before.diagnostics });
  assert.deepEqual(other.map((d) => d.severity), before.diagnostics.map((d) => d.severity));
});

test('a file that is not a baseline is refused with a sentence', () => {
  assert.match(parseBaseline('{"files": {}}', 'b.json').problems.join(''), /b\.json is not a kpep baseline/);
  assert.match(parseBaseline('{', 'b.json').problems.join(''), /b\.json is not valid JSON/);
});

test('lintKpeps fingerprints each diagnostic when a baseline asks, and not otherwise', async () => {
  const files = new InMemoryWorkspaceFiles(new Map([[PATH, draft]]));
  const project = await loadKpepProject({ files });
  const [plain] = await lintKpeps({ files, project, paths: [PATH] });
  const [fingerprinted] = await lintKpeps({ files, project, paths: [PATH], fingerprints: true });
  assert.ok(plain && fingerprinted && plain.diagnostics.length > 0);
  assert.equal(plain.fingerprints, undefined);
  assert.deepEqual(fingerprinted.diagnostics, plain.diagnostics);
  assert.deepEqual(fingerprinted.fingerprints, fingerprintDiagnostics(draft, plain.diagnostics));
});
