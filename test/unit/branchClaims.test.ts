import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNumberClaimedElsewhere, claimsHover, claimTitle, conflictsWithRef, numberAboveClaims, refConflictMessage, type KpepClaim } from '../../server/src/core/branchClaims';
import { checkAcrossKpeps } from '../../server/src/core/diagnostics/crossKpepRules';
import { scanKpepEntry } from '../../server/src/core/index/lineScan';
import { KpepIndex } from '../../server/src/core/index/kpepIndex';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { kpepPath, kpepText, type KpepSpec } from '../helpers/kpepWorkspace';

function indexOf(specs: readonly KpepSpec[]): KpepIndex {
  return KpepIndex.build(
    specs.map((spec) => {
      const path = kpepPath(spec);
      return scanKpepEntry(kpepText(spec), { path, kpepPath: classifyKpepPath(path, 'kpeps') as NonNullable<ReturnType<typeof classifyKpepPath>>, root: 'kpeps' });
    }),
  );
}

function claim(kpepNumber: number, directory: string, ref: string, kind: KpepClaim['kind'] = 'tip', title = 'Pluggable storage'): KpepClaim {
  return { kpepNumber, directory, ref, date: '2026-11-30T10:00:00+00:00', title, kind };
}

const index = indexOf([{ number: 1 }, { number: 2 }, { number: 3 }]);
const three = index.find(3) as NonNullable<ReturnType<KpepIndex['find']>>;

test('number-claimed-elsewhere: another branch holds a different directory with this number, on kpep-number', () => {
  const [finding, ...rest] = checkAcrossKpeps(three, index, { claims: [claim(3, '0003-pluggable-storage', 'origin/storage-draft'), claim(3, '0003-pluggable-storage', 'storage-draft')] });
  assert.deepEqual(rest.map((f) => f.code), []);
  assert.equal(finding?.code, 'number-claimed-elsewhere');
  assert.equal(finding?.severity, 'warning');
  assert.deepEqual(finding?.range, three.numberRange);
  assert.equal(finding?.message, 'KPEP-0003 is also taken on origin/storage-draft, storage-draft by 0003-pluggable-storage (Pluggable storage); one of the two must be renumbered before both merge.');
});

test('number-claimed-elsewhere near misses: the same directory elsewhere, a deleted one, a local duplicate, another number', () => {
  const claims = [
    claim(3, '0003-kpep-3', 'origin/main'),
    claim(3, '0003-abandoned', 'cleanup', 'history'),
    claim(4, '0004-storage', 'origin/storage'),
  ];
  assert.deepEqual(checkNumberClaimedElsewhere(three, index, claims), []);
  const duplicated = indexOf([{ number: 3 }, { number: 3, directory: '0003-other' }]);
  const own = duplicated.get('kpeps/0003-kpep-3/README.md') as NonNullable<ReturnType<KpepIndex['get']>>;
  assert.deepEqual(checkNumberClaimedElsewhere(own, duplicated, [claim(3, '0003-other', 'main')]), [], 'duplicate-number reports that one');
});

test('a deleted claim still pushes the next number up, and is named as deleted', () => {
  assert.deepEqual(numberAboveClaims({ next: 4, claims: [claim(4, '0004-abandoned', 'cleanup', 'history', 'Abandoned'), claim(2, '0002-old', 'x')] }), {
    kpepNumber: 5,
    skipped: ['KPEP-0004 was taken on cleanup (0004-abandoned, since deleted): Abandoned'],
  });
});

test('the hover on a kpep-number lists the claims elsewhere, deleted ones too', () => {
  const hover = claimsHover(three, index, [claim(3, '0003-pluggable-storage', 'origin/storage-draft'), claim(3, '0003-kpep-3', 'main')]);
  assert.equal(hover, 'KPEP-0003 is claimed elsewhere too:\n- origin/storage-draft: `0003-pluggable-storage` Pluggable storage, 2026-11-30');
  assert.equal(claimsHover(three, index, [claim(3, '0003-kpep-3', 'main')]), undefined);
});

test('--against REF: a KPEP this branch adds on a number REF gives another directory, with the renumber command', () => {
  const here = indexOf([{ number: 1 }, { number: 2 }, { number: 3, directory: '0003-audit' }]);
  const refClaims = [claim(1, '0001-kpep-1', 'origin/main'), claim(2, '0002-kpep-2', 'origin/main'), claim(3, '0003-pluggable-storage', 'origin/main')];
  const conflicts = conflictsWithRef({ index: here, refClaims, allClaims: refClaims });
  assert.deepEqual(conflicts.map((c) => refConflictMessage(c, 'origin/main')), [
    'KPEP-0003 is already taken on origin/main by 0003-pluggable-storage (Pluggable storage); renumber this KPEP: kpep renumber 3 4',
  ]);
  assert.deepEqual(conflictsWithRef({ index: here, refClaims: [...refClaims.slice(0, 2), claim(3, '0003-audit', 'origin/main')], allClaims: [] }), [], 'a directory REF has too was not added here');
});

test('a claim title comes from YAML only: other front-matter languages are never run', () => {
  assert.equal(claimTitle('---\ntitle: Pluggable storage\n---\n# x\n'), 'Pluggable storage');
  assert.equal(claimTitle('---js\n{ title: (() => { throw new Error("ran"); })() }\n---\n'), undefined);
});
