import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMemo } from '../../server/src/boundedMemo';

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
