import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkAcrossKpeps, KeptCrossFindings } from '../../server/src/core/diagnostics/crossKpepRules';
import { readKpep, type KpepEntry } from '../../server/src/core/index/kpepEntry';
import { KpepIndex } from '../../server/src/core/index/kpepIndex';
import { messageOf } from '../helpers/kpepFixtures';
import { kpepPath, kpepText, lintWorkspace, workspaceFiles, type KpepSpec } from '../helpers/kpepWorkspace';

async function check(specs: readonly KpepSpec[], extra: Record<string, string> = {}): Promise<Map<string, Diagnostic[]>> {
  const files = workspaceFiles(specs);
  for (const [path, text] of Object.entries(extra)) {
    files.set(path, text);
  }
  return lintWorkspace(files);
}

function only(diagnostics: Map<string, Diagnostic[]>, path: string, code: string): Diagnostic[] {
  return (diagnostics.get(path) ?? []).filter((diagnostic) => diagnostic.code === code);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle));
}

const replacedPair: KpepSpec[] = [
  { number: 2, status: 'replaced', supersededBy: [5] },
  { number: 5, status: 'implementable', replaces: [2] },
];

test('a consistent replaced pair has no cross-KPEP diagnostics', async () => {
  const results = await check(replacedPair);
  for (const diagnostics of results.values()) {
    assert.deepEqual(diagnostics.map(messageOf), []);
  }
});

test('duplicate-number is reported on each KPEP that claims the number, on its kpep-number', async () => {
  const results = await check([{ number: 3 }, { number: 3, directory: '0003-other' }]);
  for (const path of ['kpeps/0003-kpep-3/README.md', 'kpeps/0003-other/README.md']) {
    const [duplicate] = only(results, path, 'duplicate-number');
    assert.ok(duplicate, path);
    assert.equal(duplicate.severity, 1);
    assert.deepEqual(duplicate.range.start, { line: 1, character: 13 });
  }
  assert.deepEqual(only(await check([{ number: 3 }, { number: 4 }]), 'kpeps/0003-kpep-3/README.md', 'duplicate-number'), []);
});

test('dangling-reference fires on prose and front-matter numbers that name no KPEP; a link to a missing KPEP is a broken-link', async () => {
  const spec = { number: 1, seeAlso: [9], summary: 'Builds on KPEP-0042 and [the tenants KPEP](../0008-tenants/README.md), not `KPEP-0043`.' };
  const results = await check([spec]);
  const dangling = only(results, kpepPath(spec), 'dangling-reference');
  assert.deepEqual(dangling.map(messageOf).sort(), ['There is no KPEP-0009 in this workspace.', 'There is no KPEP-0042 in this workspace.']);
  assert.deepEqual(only(results, kpepPath(spec), 'broken-link').map(messageOf), ['The link target "../0008-tenants/README.md" does not exist: there is no kpeps/0008-tenants/README.md in the workspace.']);
  const text = kpepText(spec);
  const prose = dangling.find((d) => messageOf(d).includes('0042'));
  assert.deepEqual(prose?.range.start, { line: lineOf(text, 'KPEP-0042'), character: text.split('\n')[lineOf(text, 'KPEP-0042')]?.indexOf('KPEP-0042') });
  assert.equal(prose?.severity, 2);
  assert.deepEqual(only(await check([{ ...spec, seeAlso: [2], summary: 'Builds on KPEP-2.' }, { number: 2 }]), kpepPath(spec), 'dangling-reference'), []);
});

test('replaces-not-reciprocated fires on either side that lacks its partner', async () => {
  const forward = await check([{ number: 2, status: 'implemented' }, { number: 5, replaces: [2] }]);
  const [onReplaces] = only(forward, 'kpeps/0005-kpep-5/README.md', 'replaces-not-reciprocated');
  assert.match(messageOf(onReplaces as Diagnostic), /does not point forward/);
  const backward = await check([{ number: 2, status: 'replaced', supersededBy: [5] }, { number: 5 }]);
  assert.equal(only(backward, 'kpeps/0002-kpep-2/README.md', 'replaces-not-reciprocated').length, 1);
  assert.deepEqual(only(await check(replacedPair), 'kpeps/0005-kpep-5/README.md', 'replaces-not-reciprocated'), []);
});

test('replacement-cycle fires on every KPEP of the cycle, at the list entry that closes it', async () => {
  const results = await check([
    { number: 1, status: 'replaced', supersededBy: [2], replaces: [3] },
    { number: 2, status: 'replaced', supersededBy: [3], replaces: [1] },
    { number: 3, status: 'replaced', supersededBy: [1], replaces: [2] },
  ]);
  for (const n of [1, 2, 3]) {
    const cycle = only(results, `kpeps/000${n}-kpep-${n}/README.md`, 'replacement-cycle');
    assert.ok(cycle.length > 0, `KPEP ${n}`);
    assert.match(messageOf(cycle[0] as Diagnostic), /KPEP-0001, KPEP-0002, KPEP-0003/);
  }
  const self = await check([{ number: 4, replaces: [4] }]);
  assert.equal(only(self, 'kpeps/0004-kpep-4/README.md', 'replacement-cycle').length, 1);
  const chain = await check([{ number: 1, status: 'replaced', supersededBy: [2] }, { number: 2, status: 'replaced', replaces: [1], supersededBy: [3] }, { number: 3, replaces: [2] }]);
  assert.deepEqual([...chain.values()].flat().filter((d) => d.code === 'replacement-cycle'), []);
});

test('reference-to-replaced is a deprecated hint naming the latest successor', async () => {
  const specs: KpepSpec[] = [
    { number: 1, status: 'replaced', supersededBy: [2] },
    { number: 2, status: 'replaced', supersededBy: [3], replaces: [1] },
    { number: 3, replaces: [2], summary: 'Supersedes KPEP-2, as planned.' },
    { number: 4, summary: 'Builds on KPEP-0001 and KPEP-0003.' },
  ];
  const results = await check(specs);
  const [hint] = only(results, 'kpeps/0004-kpep-4/README.md', 'reference-to-replaced');
  assert.ok(hint);
  assert.equal(hint.severity, 4);
  assert.deepEqual(hint.tags, [2]);
  assert.match(messageOf(hint), /KPEP-0001: Proposal 1 was replaced; its latest successor is KPEP-0003: Proposal 3/);
  assert.deepEqual(only(results, 'kpeps/0003-kpep-3/README.md', 'reference-to-replaced'), [], 'a successor may name what it replaces');
});

test('a link whose text is the replaced KPEP\'s id is one reference-to-replaced, on the link; a mention beside it is another', async () => {
  const linking: KpepSpec = { number: 4, summary: 'Builds on [KPEP-0001](../0001-kpep-1/README.md), and KPEP-0001 again.' };
  const results = await check([{ number: 1, status: 'replaced', supersededBy: [2] }, { number: 2, replaces: [1] }, linking]);
  const hints = only(results, kpepPath(linking), 'reference-to-replaced');
  const line = lineOf(kpepText(linking), 'Builds on');
  const summary = kpepText(linking).split('\n')[line] as string;
  assert.deepEqual(
    hints.map((hint) => [hint.range.start.line, hint.range.start.character]),
    [
      [line, summary.indexOf('[KPEP-0001]')],
      [line, summary.indexOf('KPEP-0001 again')],
    ],
  );
});

test('a link to a missing KPEP with its id as text is broken-link alone; a bare mention is dangling-reference', async () => {
  const linking: KpepSpec = { number: 4, summary: 'Follows [KPEP-0009](../0009-gone/README.md) and KPEP-0009.' };
  const results = await check([linking]);
  const summary = kpepText(linking).split('\n')[lineOf(kpepText(linking), 'Follows')] as string;
  assert.deepEqual(only(results, kpepPath(linking), 'broken-link').map((d) => d.range.start.character), [summary.indexOf('[KPEP-0009]')]);
  assert.deepEqual(only(results, kpepPath(linking), 'dangling-reference').map((d) => d.range.start.character), [summary.indexOf('KPEP-0009.')]);
});

test('superseded-by and status-not-replaced agree between a KPEP and its index entry', async () => {
  const results = await check([{ number: 2, status: 'implemented', supersededBy: [5] }, { number: 5, replaces: [2] }]);
  assert.equal(only(results, 'kpeps/0002-kpep-2/README.md', 'status-not-replaced').length, 1);
});

test('an open KPEP\'s kept cross-KPEP verdicts follow its typing and every change of the index they read, as a fresh check does', () => {
  const entryOf = (spec: KpepSpec, text = kpepText(spec)): KpepEntry => {
    const read = readKpep({ path: kpepPath(spec), text, root: 'kpeps' });
    assert.ok(read);
    return read.entry;
  };
  const open: KpepSpec = { number: 1, seeAlso: [2], summary: 'Builds on KPEP-0042 and KPEP-0002, see [the old one](../0002-kpep-2/README.md).' };
  const index = KpepIndex.build([entryOf(open), entryOf({ number: 2, status: 'implemented' })]);
  const kept = new KeptCrossFindings();
  const same = (entry: KpepEntry): ReturnType<typeof checkAcrossKpeps> => {
    const fresh = checkAcrossKpeps(entry, index);
    assert.deepEqual(checkAcrossKpeps(entry, index, { kept }), fresh);
    return fresh;
  };
  const before = same(index.get(kpepPath(open)) as KpepEntry);
  assert.deepEqual(before.map((finding) => finding.code), ['dangling-reference']);
  // Typing before the references moves them and changes nothing else: the index's facts stay as they were.
  const typed = entryOf(open, kpepText(open).replace('## Summary\n', '## Summary\n\nA first sentence typed here.\n'));
  const factsVersion = index.factsVersion;
  index.update(typed);
  assert.equal(index.factsVersion, factsVersion);
  const moved = same(typed);
  assert.notDeepEqual(moved.map((finding) => finding.range), before.map((finding) => finding.range));
  // Another KPEP added, then changed: what the kept verdicts read of the index.
  index.update(entryOf({ number: 42 }));
  assert.deepEqual(same(typed), []);
  index.update(entryOf({ number: 2, status: 'replaced', supersededBy: [1] }));
  assert.deepEqual(same(typed).map((finding) => finding.code), ['reference-to-replaced', 'reference-to-replaced']);
  // The open KPEP's own reference changed without moving: read again.
  const renamed = entryOf(open, kpepText(open).replace('## Summary\n', '## Summary\n\nA first sentence typed here.\n').replace('KPEP-0042', 'KPEP-0043'));
  assert.deepEqual(same(renamed).map((finding) => finding.code), ['dangling-reference', 'reference-to-replaced', 'reference-to-replaced']);
});
