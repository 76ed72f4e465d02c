import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { planKepExport, type KepExport, type KpepCounterpart } from '../../server/src/core/upstream/exportKep';
import { planKepImport } from '../../server/src/core/upstream/importKep';
import { readKepYaml, writeKepYaml, type KepYaml } from '../../server/src/core/upstream/kepYaml';
import { checkKepYaml, checkPrrApproval } from '../../server/src/core/upstream/upstreamRules';

const NONE = new Map<number, KpepCounterpart>();

/** An upstream KEP README as kubernetes/enhancements lays one out, with an mdtoc block. */
function kepReadme(options: { number: number | string; title: string; prr?: boolean }): string {
  const prr = options.prr
    ? '\n## Production Readiness Review Questionnaire\n\n### Feature Enablement and Rollback\n\nThe gate can be turned off; nodes fall back to restarting the pod.\n'
    : '';
  return `# KEP-${options.number}: ${options.title}

<!-- toc -->
- [Summary](#summary)
- [Motivation](#motivation)
  - [Goals](#goals)
- [Proposal](#proposal)
${options.prr ? '- [Production Readiness Review Questionnaire](#production-readiness-review-questionnaire)\n  - [Feature Enablement and Rollback](#feature-enablement-and-rollback)\n' : ''}<!-- /toc -->

## Summary

Let the kubelet resize a running container's CPU and memory without a restart.

## Motivation

Restarting a pod to change its requests loses in-memory state.

### Goals

- Resize requests and limits in place.

## Proposal

A new subresource carries the desired resources; the kubelet applies them.
${prr}`;
}

const MINIMAL: KepYaml = {
  title: 'In-place resize of pod resources',
  'kep-number': 1287,
  authors: ['@ana'],
  'owning-sig': 'sig-node',
  status: 'provisional',
  'creation-date': '2019-01-18',
  reviewers: ['@bo'],
  approvers: ['@cy'],
};

const FULL: KepYaml = {
  ...MINIMAL,
  'participating-sigs': ['sig-autoscaling', 'sig-scheduling'],
  status: 'implementable',
  'last-updated': '2024-05-02',
  'prr-approvers': ['@dee'],
  editor: '@ed',
  'see-also': ['/keps/sig-node/2273-vpa-resize'],
  stage: 'beta',
  'latest-milestone': 'v1.33',
  milestone: { alpha: 'v1.27', beta: 'v1.33' },
  'feature-gates': [{ name: 'InPlacePodVerticalScaling', components: ['kube-apiserver', 'kubelet'] }],
  'disable-supported': true,
  metrics: ['kubelet_container_resize_total'],
};

function importThenExport(options: { kepYaml: KepYaml; readme: string; path?: string; replaces?: number }): { exported: KepExport & { kind: 'planned' }; notes: readonly string[] } {
  const path = options.path ?? 'keps/sig-node/1287-in-place-update-pod-resources';
  const imported = planKepImport({ readme: options.readme, kepYaml: options.kepYaml, path, kpepNumber: 12, replaces: options.replaces, counterparts: NONE });
  const exported = planKepExport({ text: imported.text, directory: imported.directory, counterparts: NONE });
  assert.equal(exported.kind, 'planned');
  return { exported, notes: imported.notes };
}

function fileOf(exported: KepExport & { kind: 'planned' }, suffix: string): string {
  const file = exported.files.find((candidate) => candidate.path.endsWith(suffix));
  assert.ok(file, `no ${suffix} among ${exported.files.map((candidate) => candidate.path).join(', ')}`);
  return file.text;
}

test('a minimal upstream KEP imports as a KPEP with its number and path kept, and exports back to the same values', () => {
  const readme = kepReadme({ number: 1287, title: 'In-place resize of pod resources' });
  const imported = planKepImport({ readme, kepYaml: MINIMAL, path: 'keps/sig-node/1287-in-place-update-pod-resources', kpepNumber: 12, counterparts: NONE });
  assert.equal(imported.directory, '0012-in-place-update-pod-resources');
  assert.match(imported.text, /^---\nkpep-number: 12\n/);
  assert.match(imported.text, /\nupstream:\n {2}kep-number: 1287\n {2}path: keps\/sig-node\/1287-in-place-update-pod-resources\n/);
  assert.match(imported.text, /\n# KPEP-0012: In-place resize of pod resources\n/);
  const { exported } = importThenExport({ kepYaml: MINIMAL, readme });
  assert.equal(exported.directory, 'keps/sig-node/1287-in-place-update-pod-resources');
  assert.deepEqual(exported.values, { ...MINIMAL, ...undefinedOthers(MINIMAL) });
  assert.equal(fileOf(exported, 'README.md'), readme);
  assert.deepEqual(exported.problems, []);
  assert.equal(exported.files.length, 2, 'no PRR file when the KEP asks for no review');
});

test('a full KEP with feature gates and a PRR round-trips, and its prod-readiness file names the approver for its stage', () => {
  const readme = kepReadme({ number: 1287, title: 'In-place resize of pod resources', prr: true });
  const { exported, notes } = importThenExport({ kepYaml: FULL, readme });
  const reread = readKepYaml(fileOf(exported, 'kep.yaml'));
  assert.equal(reread.kind, 'parsed');
  assert.deepEqual(reread.values, FULL);
  assert.equal(fileOf(exported, 'README.md'), readme);
  assert.equal(fileOf(exported, 'keps/prod-readiness/sig-node/1287.yaml'), 'kep-number: 1287\nbeta:\n  approver: "@dee"\n');
  // Implementable: the metadata validates, and the sections this short README lacks are named.
  assert.deepEqual(
    exported.problems.map((problem) => problem.field),
    ['Release Signoff Checklist', 'Design Details', 'Implementation History', 'Drawbacks', 'Alternatives'],
  );
  assert.ok(notes.some((note) => note.includes('editor')));
  assert.ok(notes.some((note) => note.includes('/keps/sig-node/2273-vpa-resize')));
});

test('a replaced KEP keeps upstream paths; a deferred one stands in as provisional and goes back deferred', () => {
  const replaced: KepYaml = { ...MINIMAL, status: 'replaced', 'superseded-by': ['/keps/sig-node/3000-resize-v2'] };
  assert.deepEqual(importThenExport({ kepYaml: replaced, readme: kepReadme({ number: 1287, title: 'x' }) }).exported.values['superseded-by'], ['/keps/sig-node/3000-resize-v2']);
  const deferred = planKepImport({ readme: kepReadme({ number: 1287, title: 'x' }), kepYaml: { ...MINIMAL, status: 'deferred' }, path: 'keps/sig-node/1287-x', kpepNumber: 3, counterparts: NONE });
  assert.match(deferred.text, /\nstatus: provisional\n/);
  const back = planKepExport({ text: deferred.text, directory: deferred.directory, counterparts: NONE });
  assert.equal(back.kind === 'planned' ? back.values.status : undefined, 'deferred');
});

test('--replaces is a KPEP number: it is named as not going back upstream, and exports as a placeholder', () => {
  const { exported, notes } = importThenExport({ kepYaml: MINIMAL, readme: kepReadme({ number: 1287, title: 'x' }), replaces: 4 });
  assert.ok(notes.some((note) => note.includes('KPEP-0004')));
  assert.deepEqual(exported.values.replaces, ['TBD: upstream path of KPEP-0004']);
  assert.ok(exported.problems.some((problem) => problem.field === 'replaces[0]'));
});

test('a kplane KPEP exports with placeholders for what it lacks, each in the report, and prose references become links', () => {
  const text = `---
kpep-number: 5
title: Streaming watch API
status: implementable
authors: ["@chen"]
creation-date: 2025-08-04
repos: [apiserver]
see-also: [1, 2]
---
# KPEP-0005: Streaming watch API

<!-- toc -->
<!-- /toc -->

## Summary

Builds on KPEP-0001 and replaces KPEP-2.

## Motivation

Polling is slow.
`;
  const counterparts = new Map<number, KpepCounterpart>([
    [1, { title: 'Pluggable storage', upstream: { kepNumber: 4000, path: 'keps/sig-api-machinery/4000-storage', status: undefined, editor: undefined, 'see-also': undefined, replaces: undefined, 'superseded-by': undefined } }],
    [2, { title: 'Long-polling watch', upstream: undefined }],
  ]);
  const exported = planKepExport({ text, directory: '0005-streaming-watch', sig: 'sig-api-machinery', counterparts });
  assert.equal(exported.kind, 'planned');
  assert.equal(exported.directory, 'keps/sig-api-machinery/NNNN-streaming-watch');
  const readme = fileOf(exported, 'README.md');
  assert.match(readme, /^# KEP-NNNN: Streaming watch API\n/);
  assert.match(readme, /Builds on \[KPEP-0001\]\(\/keps\/sig-api-machinery\/4000-storage\) and replaces \[KPEP-2\]\(#TBD\)\./);
  assert.match(readme, /<!-- toc -->\n- \[Summary\]\(#summary\)\n- \[Motivation\]\(#motivation\)\n<!-- \/toc -->/);
  assert.deepEqual(exported.values['see-also'], ['/keps/sig-api-machinery/4000-storage', 'TBD: upstream path of KPEP-0002 (Long-polling watch)']);
  const fields = exported.problems.map((problem) => problem.field);
  for (const expected of ['kep-number', 'reviewers[0]', 'approvers[0]', 'see-also[1]', 'Proposal', 'Design Details']) {
    assert.ok(fields.includes(expected), `${expected} missing from ${fields.join(', ')}`);
  }
  assert.ok(!fields.includes('Summary'), 'a section with text is not reported');
  assert.ok(exported.notes.some((note) => note.startsWith('repos ')));
  const withNumber = planKepExport({ text, directory: '0005-streaming-watch', sig: 'sig-api-machinery', kepNumber: 4100, counterparts });
  assert.ok(withNumber.kind === 'planned' && !withNumber.problems.some((problem) => problem.field === 'kep-number'));
});

test('without --sig or owning-sig there is nothing to place; a sig that is no directory name is refused', () => {
  const text = '---\nkpep-number: 1\ntitle: A\nstatus: provisional\nauthors: [a]\ncreation-date: 2025-01-01\n---\n# KPEP-0001: A\n';
  assert.deepEqual(planKepExport({ text, directory: '0001-a', counterparts: NONE }), { kind: 'no-sig' });
  assert.deepEqual(planKepExport({ text, directory: '0001-a', sig: '../etc', counterparts: NONE }), { kind: 'bad-sig', sig: '../etc' });
  assert.equal(planKepExport({ text: text.replace('---\n#', 'owning-sig: sig-cli\n---\n#'), directory: '0001-a', counterparts: NONE }).kind, 'planned');
});

test('the checker rejects what upstream rejects, and accepts its near misses', () => {
  const file = 'kep.yaml';
  const fields = (values: KepYaml) => checkKepYaml({ values, file }).map((problem) => problem.field);
  assert.deepEqual(fields(MINIMAL), []);
  assert.deepEqual(fields(FULL), []);
  assert.deepEqual(fields({ ...MINIMAL, title: undefined, 'owning-sig': undefined }), ['title', 'owning-sig']);
  assert.deepEqual(fields({ ...MINIMAL, status: 'approved' }), ['status']);
  assert.deepEqual(fields({ ...MINIMAL, status: 'deferred' }), []);
  assert.deepEqual(fields({ ...MINIMAL, stage: 'ga' }), ['stage']);
  assert.deepEqual(fields({ ...MINIMAL, 'latest-milestone': '1.31' }), ['latest-milestone']);
  assert.deepEqual(fields({ ...MINIMAL, 'latest-milestone': 'v1.31' }), []);
  assert.deepEqual(fields({ ...MINIMAL, milestone: { alpha: 'v1.0' } }), ['milestone']);
  assert.deepEqual(fields({ ...MINIMAL, milestone: { gamma: 'v1.30' } }), ['milestone']);
  assert.deepEqual(fields({ ...MINIMAL, reviewers: [] }), ['reviewers']);
  assert.deepEqual(fields({ ...MINIMAL, 'feature-gates': [{ name: 'MyFeature' }] }), ['feature-gates']);
  assert.deepEqual(fields({ ...MINIMAL, 'disable-supported': 'yes' }), ['disable-supported']);
  assert.deepEqual(fields({ ...MINIMAL, 'kep-number': 'NNNN' }), ['kep-number']);
  const prr = (values: Record<string, unknown>) => checkPrrApproval({ values, file: 'p.yaml', kepNumber: 1287, stage: 'beta' }).map((problem) => problem.field);
  assert.deepEqual(prr({ 'kep-number': 1287, beta: { approver: '@dee' } }), []);
  assert.deepEqual(prr({ 'kep-number': 1287, alpha: { approver: '@dee' } }), ['beta.approver']);
  assert.deepEqual(prr({ 'kep-number': 99, beta: { approver: '@dee' } }), ['kep-number']);
});

test('kep.yaml that does not parse, or is no mapping, reads as one clear problem', () => {
  assert.deepEqual(readKepYaml('title: [unclosed\n').kind, 'invalid');
  assert.match((readKepYaml('- a\n- b\n') as { message: string }).message, /mapping/);
  assert.equal(readKepYaml(writeKepYaml(FULL)).kind, 'parsed');
});

const handle = fc.stringMatching(/^@[a-z][a-z0-9]{0,8}$/);
const milestone = fc.integer({ min: 1, max: 40 }).map((minor) => `v1.${minor}`);
const kepYamlArbitrary: fc.Arbitrary<KepYaml> = fc
  .record(
    {
      title: fc.stringMatching(/^[A-Z][a-z]{2,10}( [a-z]{2,8}){0,4}$/),
      'kep-number': fc.integer({ min: 1, max: 9999 }),
      authors: fc.array(handle, { minLength: 1, maxLength: 3 }),
      'owning-sig': fc.constantFrom('sig-node', 'sig-api-machinery', 'sig-cli'),
      'participating-sigs': fc.array(fc.constantFrom('sig-apps', 'sig-auth'), { minLength: 1, maxLength: 2 }),
      status: fc.constantFrom('provisional', 'implementable', 'implemented', 'deferred', 'rejected', 'withdrawn', 'replaced'),
      'creation-date': fc.constantFrom('2020-02-29', '2023-11-05'),
      'last-updated': fc.constantFrom('2024-01-09', '2025-12-31'),
      reviewers: fc.array(handle, { minLength: 1, maxLength: 2 }),
      approvers: fc.array(handle, { minLength: 1, maxLength: 2 }),
      editor: handle,
      'see-also': fc.array(fc.constantFrom('/keps/sig-node/24-apparmor', '/keps/sig-cli/859-kubectl-plugins'), { minLength: 1, maxLength: 2 }),
      'superseded-by': fc.constant(['/keps/sig-node/3000-next']),
      stage: fc.constantFrom('alpha', 'beta', 'stable'),
      'latest-milestone': milestone,
      milestone: fc.record({ alpha: milestone }, { requiredKeys: [], noNullPrototype: true }),
      'feature-gates': fc.array(fc.record({ name: fc.stringMatching(/^[A-Z][a-zA-Z]{2,12}$/), components: fc.array(fc.constantFrom('kubelet', 'kube-apiserver'), { minLength: 1, maxLength: 2 }) }, { noNullPrototype: true }), { maxLength: 2 }),
      'disable-supported': fc.boolean(),
      metrics: fc.array(fc.stringMatching(/^[a-z]{3,8}_total$/), { maxLength: 2 }),
    },
    { requiredKeys: ['title', 'kep-number', 'authors', 'owning-sig', 'status', 'creation-date', 'reviewers', 'approvers'], noNullPrototype: true },
  )
  .map((values) => values as KepYaml);

test('property: import then export gives back the same kep.yaml values and README text', () => {
  fc.assert(
    fc.property(kepYamlArbitrary, (kepYaml) => {
      const readme = kepReadme({ number: kepYaml['kep-number'] as number, title: kepYaml.title as string });
      const path = `keps/${String(kepYaml['owning-sig'])}/${String(kepYaml['kep-number'])}-some-feature`;
      const { exported } = importThenExport({ kepYaml, readme, path });
      const reread = readKepYaml(fileOf(exported, 'kep.yaml'));
      assert.ok(reread.kind === 'parsed');
      assert.deepEqual(reread.values, kepYaml);
      assert.equal(fileOf(exported, 'README.md'), readme);
      assert.equal(exported.directory, path);
    }),
    { numRuns: 60 },
  );
});

/** The optional keys an exported KepYaml leaves undefined, so deepEqual compares like with like. */
function undefinedOthers(values: KepYaml): KepYaml {
  const keys = ['participating-sigs', 'last-updated', 'prr-approvers', 'editor', 'see-also', 'replaces', 'superseded-by', 'stage', 'latest-milestone', 'milestone', 'feature-gates', 'disable-supported', 'metrics'] as const;
  return Object.fromEntries(keys.filter((key) => values[key] === undefined).map((key) => [key, undefined]));
}
