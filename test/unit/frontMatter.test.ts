import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseFrontMatter, plainFields } from '../../server/src/core/frontMatter';

/** The front matter read as the index reads it, and composed as a YAML document: they must be equal. True when it was read plainly. */
function bothWays(block: string): boolean {
  const text = `---${block}\n---\n# Title\n`;
  assert.deepEqual(parseFrontMatter(text), parseFrontMatter(text, { plain: false }), JSON.stringify(block));
  return plainFields(block, 3) !== undefined;
}

test("a KPEP's plain front matter is read without a YAML document, to the same fields and ranges", () => {
  const typical = '\nkpep-number: 5\ntitle: Migration  Storage Streaming  \nstatus: provisional\nauthors: ["@judy", \'@dave\']\ncreation-date: 2021-09-03\nlast-updated: 2022-09-16\nrepos: [operator, docs]\nsee-also: [ 3 ,12]\nreplaces: []\nreviewers: ["@bob"]';
  assert.ok(plainFields(typical, 3), 'read plainly');
  bothWays(typical);
  // Near misses, left to YAML: what a plain reading would get wrong.
  for (const block of ['\ntitle: a: b', '\ntitle: a #c', '\nn: 1.5', '\nn: 0x1F', '\nb: True', '\nn: ~', '\nk: a\nk: b', '\nauthors:\n  - "@a"', '\n# comment\nk: v', '\nk: "a\\"b"', '\nk: [a, [b]]', '\nk: [a,]', '\nk: ["a, b"]', '\nk: @x', '\nk: -1', '\nk:', '\nk: 1234567890123456', '\nnull: x', '\nNULL: x', `\n${'k'.repeat(1100)}: v`, `\ntitle: ${'x'.repeat(70_000)}`, Array.from({ length: 1100 }, (_, index) => `\nk${index}: v`).join('')]) {
    assert.equal(plainFields(block, 3), undefined, JSON.stringify(block));
    bothWays(block);
  }
  // White space other than spaces and tabs is part of a flow item, as in YAML: `7\u00a0` is no number.
  for (const block of ['\nreplaces: [7\u00a0]', '\nsee-also: [\ufeff7, 8]', '\nk: [\u3000]']) {
    bothWays(block);
  }
});

test('property: front matter read plainly or composed as YAML gives the same fields', () => {
  const key = fc.constantFrom('kpep-number', 'title', 'status', 'authors', 'see-also', 'replaces', 'k', 'Key-2', 'a_b', '__proto__', 'constructor', 'null', 'Null', 'nulls', 'k'.repeat(1100));
  // Mostly what a plain reading takes, among the shapes it must leave to YAML.
  const scalar = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('5', '007', '0', 'Pluggable storage', 'x y:z', 'a#b', '2026-11-24', '"@alice"', "'@bob'", '"a#b"', 'ünïcode', 'nul', 'Truex', '1.5.2') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('12345678901234567', 'a #b', 'a: b', 'a:', '1.5', '.5', '1e3', '+1', '-1', '0o7', '0x1f', '.inf', '.NaN', 'true', 'False', 'NULL', 'null', '~', "'it''s'", '"a\\"b"', '"', "'", '@x', '%x', '`x`', '&a', '*a', '!t', '|', '>', '? x', ': x', '- x', 'tab\there', 'x ', ' '),
    },
  );
  const flowItem = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('1', '2', '0012', 'a', 'a b', '"@a"', "'@b'", '2026-01-02') },
    { weight: 1, arbitrary: fc.constantFrom('"a, b"', 'a:b', 'a #b', 'true', '1.5', '', ' ', '[x]', '{a: 1}', '"x"y', '7\u00a0', '\ufeff7', '\u3000', 'a\u2003b') },
  );
  const value = fc.oneof(
    scalar,
    fc.array(fc.tuple(fc.constantFrom('', ' ', '  '), flowItem, fc.constantFrom('', ' ')), { maxLength: 4 }).map((items) => `[${items.map(([before, item, after]) => `${before}${item}${after}`).join(',')}]`),
  );
  const line = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('kpep-number', 'title', 'see-also', 'constructor'), fc.constant(': '), value, fc.constantFrom('', ' ')) },
    { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom(': ', ':  ', ':', ':\t', ' : '), value, fc.constantFrom('', ' ', '  ', ' # c')) },
  );
  let plainly = 0;
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\n', '\r\n'), (lines, lineBreak) => {
      plainly += bothWays(        `\n${lines.map(([k, separator, v, after]) => `${k}${separator}${v}${after}`).join('\n')}`.replace(/\n/g, lineBreak),
      ) ? 1 : 0;
    }),
    { numRuns: 400 },
  );
  assert.ok(plainly > 20, `${plainly} of the blocks were read plainly`);
});
