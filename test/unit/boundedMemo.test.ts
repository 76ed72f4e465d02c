import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMemo, lastPlaceMemo } from '../../server/src/core/boundedMemo';

test('a bounded memo computes each key once, remembers null answers, and starts afresh past its limit', () => {
  const computed: string[] = [];
  const memo = boundedMemo(2, (key): string | null => {
    computed.push(key);
    return key === 'outside' ? null : key.toUpperCase();
  });
  assert.equal(memo('a'), 'A');
  assert.equal(memo('a'), 'A');
  assert.equal(memo('outside'), null);
  assert.equal(memo('outside'), null);
  assert.deepEqual(computed, ['a', 'outside']);
  assert.equal(memo('b'), 'B', 'the third key clears the two before it');
  assert.equal(memo('a'), 'A');
  assert.deepEqual(computed, ['a', 'outside', 'b', 'a']);
});

test('a last-place memo remembers the answers for one place, undefined ones too, and forgets them when asked about another', () => {
  const computed: string[] = [];
  const memo = lastPlaceMemo({
    limit: 10,
    samePlace: (a: { path: string }, b: { path: string }) => a.path === b.path,
    compute: (place, key): string | undefined => {
      computed.push(`${place.path}:${key}`);
      return key === 'missing' ? undefined : `${place.path}/${key}`;
    },
  });
  assert.equal(memo({ path: 'a' }, 'x'), 'a/x');
  assert.equal(memo({ path: 'a' }, 'x'), 'a/x', 'the same place, though another object');
  assert.equal(memo({ path: 'a' }, 'missing'), undefined);
  assert.equal(memo({ path: 'a' }, 'missing'), undefined);
  assert.deepEqual(computed, ['a:x', 'a:missing']);
  assert.equal(memo({ path: 'b' }, 'x'), 'b/x');
  assert.equal(memo({ path: 'a' }, 'x'), 'a/x');
  assert.deepEqual(computed, ['a:x', 'a:missing', 'b:x', 'a:x'], 'another place forgets the first one');
});
