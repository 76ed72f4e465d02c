import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { changedRegion } from '../../server/src/core/incrementalParse';
import { createTextSnapshot } from '../../server/src/core/textSnapshot';

/** Text of short lines ended every way a line can end, long enough to cross the compare's chunks. */
const text = fc
  .array(fc.tuple(fc.constantFrom('', 'a', 'KPEP-7', ' \t', 'é😀', 'x'.repeat(700)), fc.constantFrom('\n', '\r\n', '\r', '')), { maxLength: 60 })
  .map((parts) => parts.map(([line, end]) => line + end).join(''));

test('a text snapshot answers every position, offset, line range and line ending as TextDocument does', () => {
  fc.assert(
    fc.property(text, fc.array(fc.integer({ min: -3, max: 50_000 }), { maxLength: 20 }), (content, probes) => {
      const expected = TextDocument.create('file:///a.md', 'markdown', 3, content);
      const actual = createTextSnapshot('file:///a.md', 'markdown', 3, content);
      assert.equal(actual.lineCount, expected.lineCount);
      assert.equal(actual.getText(), content);
      for (const probe of probes) {
        const offset = probe % (content.length + 3);
        assert.deepEqual(actual.positionAt(offset), expected.positionAt(offset), `positionAt(${offset})`);
        const position = { line: probe % (expected.lineCount + 2), character: probe % 900 };
        assert.equal(actual.offsetAt(position), expected.offsetAt(position), `offsetAt(${JSON.stringify(position)})`);
        const line = (probe % (expected.lineCount + 2)) - 1;
        assert.deepEqual(actual.getLineRange(line), expected.getLineRange(line), `getLineRange(${line})`);
        assert.equal(actual.getEOLCharacters(line), expected.getEOLCharacters(line), `getEOLCharacters(${line})`);
        const range = { start: expected.positionAt(offset - 40), end: expected.positionAt(offset) };
        assert.equal(actual.getText(range), expected.getText(range));
      }
    }),
    { numRuns: 200 },
  );
});

test('the changed region is the longest common prefix and then the longest common suffix that does not overlap it', () => {
  fc.assert(
    fc.property(text, text, (before, after) => {
      let start = 0;
      while (start < Math.min(before.length, after.length) && before[start] === after[start]) {
        start++;
      }
      let suffix = 0;
      while (suffix < Math.min(before.length, after.length) - start && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) {
        suffix++;
      }
      assert.deepEqual(changedRegion(before, after), { start, oldEnd: before.length - suffix, newEnd: after.length - suffix });
      const edited = `${before.slice(0, before.length >> 1)}${after}${before.slice(before.length >> 1)}`;
      const region = changedRegion(before, edited);
      assert.equal(edited.slice(0, region.start) + edited.slice(region.start, region.newEnd) + edited.slice(region.newEnd), edited);
      assert.equal(before.slice(0, region.start), edited.slice(0, region.start));
      assert.equal(before.slice(region.oldEnd), edited.slice(region.newEnd));
    }),
    { numRuns: 300 },
  );
});
