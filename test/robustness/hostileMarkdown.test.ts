/**
 * Pathological markdown: shapes whose parse time grows with the square of their size get one
 * `too-large` finding in time proportional to their length; lines built to make the index scan's
 * expressions backtrack are read in one pass; UNRESOLVED markers are found however malformed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MARKDOWN_BOUNDS } from '../../server/src/core/documentBounds';
import { scanKpepEntry } from '../../server/src/core/index/lineScan';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { cpuTimed } from '../helpers/cpuTime';
import { cleanKpep, codesOf, diagnose, expectDiagnostic, expectNo, frontMatter, kpepBody, KPEP_PATH, messageOf } from '../helpers/kpepFixtures';

/** CPU time: well above what a linear pass costs, far below a quadratic one on these sizes. */
const MICROSECONDS_PER_CHARACTER = 20;
const FLOOR_MS = 1500;

function scan(text: string): ReturnType<typeof scanKpepEntry> {
  const kpepPath = classifyKpepPath(KPEP_PATH, 'kpeps');
  assert.ok(kpepPath);
  return scanKpepEntry(text, { path: KPEP_PATH, kpepPath, root: 'kpeps' });
}

function assertLinearTime(what: string, length: number, ms: number): void {
  const bound = FLOOR_MS + (length * MICROSECONDS_PER_CHARACTER) / 1000;
  assert.ok(ms < bound, `${what}: ${Math.round(ms)} ms for ${length} characters (bound ${Math.round(bound)} ms)`);
}

/** Each shape, and whether it must be refused as too-large (its parse is quadratic) or may be checked in full. */
const PATHOLOGICAL_BODIES: Readonly<Record<string, { body: () => string; tooLarge: boolean | 'either' }>> = {
  'a paragraph of 100,000 emphasis marks': { body: () => `${'*'.repeat(50_000)}a${'*'.repeat(50_000)}`, tooLarge: true },
  'a line of 67,000 "<<["': { body: () => '<<['.repeat(67_000), tooLarge: true },
  '1 MB of UNRESOLVED marker pairs': { body: () => '<<[UNRESOLVED x ]>>\nStill open.\n<<[/UNRESOLVED]>>\n'.repeat(20_000), tooLarge: true },
  '60,000 headings': { body: () => Array.from({ length: 60_000 }, (_, i) => `## Heading number ${i}`).join('\n'), tooLarge: 'either' },
  'nested block quotes and ever deeper list items': {
    body: () => `${'> '.repeat(10_000)}x\n${Array.from({ length: 1500 }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n')}`,
    tooLarge: 'either',
  },
  '5 MB of prose': { body: () => 'Storage backends are pluggable through one interface. '.repeat(95_000), tooLarge: true },
};

test('every pathological body gets its diagnostics in time proportional to its size, or too-large', () => {
  for (const [shape, { body, tooLarge: expected }] of Object.entries(PATHOLOGICAL_BODIES)) {
    const text = `${frontMatter()}# KPEP-0007: Pluggable storage backends\n\n${body()}\n`;
    const { result: diagnostics, ms } = cpuTimed(() => diagnose(text));
    assertLinearTime(shape, text.length, ms);
    const scanned = cpuTimed(() => scan(text));
    assertLinearTime(`${shape} (index scan)`, text.length, scanned.ms);
    const tooLarge = diagnostics.find((d) => d.code === 'too-large');
    if (expected !== 'either') {
      assert.equal(tooLarge !== undefined, expected, `${shape}: ${codesOf(diagnostics).slice(0, 5).join(', ')}`);
    }
    if (tooLarge) {
      assert.equal(tooLarge.severity, 1);
      // The front matter is still checked; nothing of the unread body is reported.
      assert.deepEqual(codesOf(diagnostics).filter((code) => code !== 'too-large'), [], shape);
    }
  }
});

test('too-large names the bound it met, and a long but ordinary KPEP stays within the bounds', () => {
  const long = diagnose(`${frontMatter()}${'Prose. '.repeat(MARKDOWN_BOUNDS.maxLength / 7 + 1)}`).find((d) => d.code === 'too-large');
  assert.ok(long);
  assert.match(messageOf(long), new RegExp(`at most ${MARKDOWN_BOUNDS.maxLength}`));
  const dense = diagnose(`${frontMatter()}# KPEP-0007: Pluggable storage backends\n\nIntro.\n\n${'*a'.repeat(6000)}\n`).find((d) => d.code === 'too-large');
  assert.ok(dense);
  assert.equal(dense.range.start.line, 11, 'on the paragraph that is too dense');
  assert.match(messageOf(dense), /6000 markup characters/);
  // Block quote and list markers are containers, not markup: 10,000 of them on a line are read (and pruned) as before.
  expectNo(`${cleanKpep()}\n${'* > '.repeat(10_000)}deep\n`, 'too-large');
  // Near miss: a thousand paragraphs each with links, emphasis and code is an ordinary long KPEP.
  const paragraphs = Array.from({ length: 1000 }, (_, i) => `See [KPEP-${i}](../0001-a/README.md), *why* and \`code\` and **more** [x](y) [z](w).`).join('\n\n');
  const ordinary = kpepBody({ extra: { Proposal: paragraphs } });
  expectNo(frontMatter() + ordinary, 'too-large');
  expectNo(cleanKpep(), 'too-large');
});

test('lines built to make the index scan backtrack are read in one pass', () => {
  const lines = {
    // The closed 45 KB KPEP whose heading delayed the server's first answer by 27 s.
    heading: `### a${' '.repeat(40_000)}b`,
    links: '[a](b'.repeat(20_000),
    brackets: '['.repeat(100_000),
    optional: `## Goals${' '.repeat(40_000)}x`,
    unresolved: '<<[UNRESOLVED '.repeat(70_000),
  };
  for (const [shape, line] of Object.entries(lines)) {
    const text = `${frontMatter()}# KPEP-0007: Pluggable storage backends\n\n${line}\n\n## Summary\n\nSee KPEP-3.\n`;
    const { result: entry, ms } = cpuTimed(() => scan(text));
    assertLinearTime(shape, text.length, ms);
    assert.equal(entry.summary, 'See KPEP-3.', shape);
    assertLinearTime(`${shape} (full check)`, text.length, cpuTimed(() => diagnose(text)).ms);
  }
});

test('after indented code, a body of many `[` lines scans in time linear in its length', () => {
  // Indented code sends the scan to its careful pass, which looks for `]:` in each line that opens with `[`.
  for (const line of ['[a] b', '[a b']) {
    const time = (lines: number): number => {
      const text = `${frontMatter()}# T\n\n    code\n\n${`${line}\n\n`.repeat(lines)}x]: y\n`;
      return Math.min(...[0, 1, 2].map(() => cpuTimed(() => scan(text)).ms));
    };
    const [small, large] = [time(4_000), time(16_000)];
    assert.ok(large < 8 * Math.max(small, 2), `${line}: ${small.toFixed(1)} ms, then ${large.toFixed(1)} ms for four times the lines`);
  }
});

test('unresolved fires on well-formed and malformed opening markers, and not on a closing one or in code', () => {
  const block = (proposal: string): string => frontMatter() + kpepBody({ extra: { Proposal: proposal } });
  expectDiagnostic(block('«<<[UNRESOLVED quota units ]>>»\nBytes or objects?\n<<[/UNRESOLVED]>>'), 'unresolved', 'information');
  expectDiagnostic(block('«<<[UNRESOLVED non blocking]»If you were to ask, bytes.\n<<[/UNRESOLVED]>>'), 'unresolved', 'information');
  expectDiagnostic(block('«<<[UNRESOLVED]» How much demand is there?\n<<[/UNRESOLVED]>>'), 'unresolved', 'information');
  expectDiagnostic(block('«<<[UNRESOLVED» owner\nWho runs it?'), 'unresolved', 'information');
  // Near misses: the closing marker alone, the word in prose, a longer word, and a marker in code.
  for (const proposal of ['<<[/UNRESOLVED]>>', 'Nothing is UNRESOLVED here.', '<<[UNRESOLVEDNESS]>>', '`<<[UNRESOLVED x ]>>`']) {
    expectNo(block(proposal), 'unresolved');
  }
});
