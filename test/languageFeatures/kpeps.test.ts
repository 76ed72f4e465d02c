import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readKpep, type KpepEntry } from '../../server/src/core/index/kpepEntry';
import { kpepViewChanged } from '../../server/src/languageFeatures/kpeps';
import { K5 } from '../helpers/exampleKpeps';
import { exampleFiles } from '../helpers/inProcessServer';

const text = exampleFiles()[K5] as string;

function entryOf(readme: string, path = K5): KpepEntry {
  const read = readKpep({ path, text: readme, root: 'kpeps' });
  assert.ok(read, 'the example is a KPEP');
  return read.entry;
}

test('a keystroke in the prose leaves the views as they were: no check of the whole KPEP set', () => {
  const before = entryOf(text);
  assert.equal(kpepViewChanged(before, entryOf(text.replace('## Summary\n', '## Summary\n\nAlso this.\n'))), false);
  assert.equal(kpepViewChanged(before, entryOf(text)), false);
});

test('what the views show of a KPEP changed: its title, people, dates or lists, a new KPEP, a new path', () => {
  const before = entryOf(text);
  const edited = (from: RegExp, to: string): KpepEntry => {
    assert.match(text, from);
    return entryOf(text.replace(from, to));
  };
  assert.equal(kpepViewChanged(before, edited(/^authors: .*$/m, 'authors: ["@chen"]')), true);
  assert.equal(kpepViewChanged(before, edited(/^title: (.*)$/m, 'title: $1 again')), true);
  assert.equal(kpepViewChanged(before, edited(/^last-updated: .*$/m, 'last-updated: 2031-01-01')), true);
  assert.equal(kpepViewChanged(before, edited(/^see-also: .*$/m, 'see-also: [1, 3]')), true);
  assert.equal(kpepViewChanged(undefined, before), true);
  assert.equal(kpepViewChanged(before, entryOf(text, 'kpeps/0099-moved/README.md')), true);
});
