import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MARKDOWN_BOUNDS, markdownBound, markdownTooLarge } from '../../server/src/core/documentBounds';
import { changedRegion } from '../../server/src/core/incrementalParse';

/**
 * The bound as its documentation states it, line by line with regular expressions: per paragraph
 * (lines up to a blank one), the markup characters after each line's container markers, squared
 * and summed; the first paragraph past the bound is named at the offset after the blank line
 * before it.
 */
function markupCostOracle(text: string, bodyStart: number): { marks: number; start: number } | undefined {
  let cost = 0;
  let marks = 0;
  let paragraphStart = bodyStart;
  const lines = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  lines.lastIndex = bodyStart;
  for (let match = lines.exec(text); match; match = lines.exec(text)) {
    const [, line = '', end = ''] = match;
    const blank = /^[ \t]*$/.test(line);
    const content = line.replace(/^(?:[ \t]|>|[*+-](?=[ \t]|$))*/, '');
    marks += (content.match(/[!&*<[\\\]_`]/g) ?? []).length;
    const lineEnd = match.index + line.length;
    if (blank || end === '') {
      cost += marks * marks;
      if (cost > MARKDOWN_BOUNDS.maxMarkupCost) {
        return { marks, start: paragraphStart };
      }
      marks = 0;
      paragraphStart = lineEnd + 1;
    }
    if (end === '') {
      break;
    }
  }
  return undefined;
}

test('the markup bound counts as its definition says, whatever the line endings and containers', () => {
  const pieces = fc.constantFrom('\n', '\r', '\r\n', '\n\n', ' ', '\t', '*', '**', '- ', '+ ', '> ', '-', '[', ']', '!', '`', '_', '<', '&', '\\', 'a', '1. ', 'é');
  // Dense runs so that some paragraphs pass the bound and most do not.
  const text = fc.array(fc.oneof({ weight: 20, arbitrary: pieces }, { weight: 1, arbitrary: fc.constantFrom('*'.repeat(3000), '[a]'.repeat(1000), '\n\n') }), { maxLength: 120 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, fc.nat(4), (content, start) => {
      const bodyStart = Math.min(start, content.length);
      const expected = markupCostOracle(content, bodyStart);
      const actual = markdownTooLarge(content, bodyStart);
      assert.equal(actual?.range.start, expected?.start);
      if (expected) {
        assert.match(actual?.message ?? '', new RegExp(`holds ${expected.marks} markup characters`));
      }
    }),
    { numRuns: 2000 },
  );
});

test('after an edit, counting only the paragraphs around it gives the bound and the sum a full count gives', () => {
  const piece = fc.constantFrom('\n', '\n\n', ' \n', '\t\n\n', ' ', '*', '**', '- ', '> ', '[a]', '`', '_', 'word ', '\\', '*'.repeat(2500), '\r\n');
  const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(text, fc.nat(), fc.nat(6), text, fc.nat(3), (before, at, removed, inserted, body) => {
      const bodyStart = Math.min(body, before.length);
      const start = at % (before.length + 1);
      const after = before.slice(0, start) + inserted + before.slice(Math.min(before.length, start + removed));
      const previous = { text: before, bodyStart, bound: markdownBound({ text: before, bodyStart }), change: changedRegion(before, after) };
      assert.deepEqual(markdownBound({ text: after, bodyStart, previous }), markdownBound({ text: after, bodyStart }));
    }),
    { numRuns: 5000 },
  );
});
