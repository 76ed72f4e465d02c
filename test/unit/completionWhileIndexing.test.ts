import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver-types';
import { kpepListWhileIndexing } from '../../server/src/languageFeatures/completion';

/** KPEP-0001 to KPEP-1000 as kpepItems offers them, in the index's order (not by number). */
const items: CompletionItem[] = Array.from({ length: 1000 }, (_, index) => {
  const kpepNumber = ((index * 37) % 1000) + 1;
  return { label: `KPEP-${String(kpepNumber).padStart(4, '0')}`, sortText: String(kpepNumber).padStart(8, '0') };
});

test('while indexing, completion offers the lowest 200 KPEPs after KPEP-, and those holding the typed digits', () => {
  const all = kpepListWhileIndexing('KPEP-', items);
  assert.equal(all.isIncomplete, true);
  assert.deepEqual(all.items.map((item) => item.label), Array.from({ length: 200 }, (_, index) => `KPEP-${String(index + 1).padStart(4, '0')}`));

  const twelve = kpepListWhileIndexing('KPEP-12', items).items.map((item) => item.label);
  assert.deepEqual(twelve.slice(0, 4), ['KPEP-0012', 'KPEP-0112', 'KPEP-0120', 'KPEP-0121']);
  assert.ok(twelve.includes('KPEP-0912') && twelve.every((label) => label.includes('12')), twelve.join(' '));
  // In a front-matter list the number is typed bare.
  assert.deepEqual(kpepListWhileIndexing('99', items).items.map((item) => item.label).slice(0, 3), ['KPEP-0099', 'KPEP-0199', 'KPEP-0299']);
  assert.deepEqual(kpepListWhileIndexing('KPEP-5555', items).items, []);
});
