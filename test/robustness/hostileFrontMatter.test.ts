/**
 * Hostile front matter: language names and keys that are Object.prototype members, YAML nested or
 * sized past what the parser handles in bounded time. Each gets a clear finding, never a crash.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRONT_MATTER_BOUNDS } from '../../server/src/core/frontMatter';
import { scanKpepEntry } from '../../server/src/core/index/lineScan';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { cpuTimed } from '../helpers/cpuTime';
import { cleanKpep, codesOf, diagnose, expectNo, frontMatter, kpepBody, KPEP_PATH, messageOf } from '../helpers/kpepFixtures';

/** Every name a plain object finds through its prototype, `__proto__` included. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

function scan(text: string): void {
  const kpepPath = classifyKpepPath(KPEP_PATH, 'kpeps');
  assert.ok(kpepPath);
  scanKpepEntry(text, { path: KPEP_PATH, kpepPath, root: 'kpeps' });
}

test('a front-matter language named after an Object.prototype member is refused like any other', () => {
  for (const name of PROTOTYPE_NAMES) {
    const text = `---${name}\nkpep-number: 7\n---\n${kpepBody()}`;
    scan(text);
    const diagnostics = diagnose(text);
    const syntax = diagnostics.find((d) => d.code === 'frontmatter-syntax');
    assert.ok(syntax, `---${name}: ${codesOf(diagnostics).join(', ')}`);
    assert.match(messageOf(syntax), /front matter is YAML/);
    assert.equal(syntax.range.start.line, 0);
  }
  // Near miss: the names gray-matter reads as YAML are read.
  for (const name of ['yaml', 'yml', 'YAML', ' yaml ']) {
    expectNo(cleanKpep().replace(/^---/, `---${name}`), 'frontmatter-syntax');
  }
});

test('a front-matter key named after an Object.prototype member is an unknown field, and checking goes on', () => {
  for (const name of PROTOTYPE_NAMES) {
    const text = frontMatter({ [JSON.stringify(name)]: '1' }) + kpepBody();
    scan(text);
    const diagnostics = diagnose(text);
    assert.ok(
      diagnostics.some((d) => d.code === 'field-unknown' && messageOf(d).includes(`"${name}"`)),
      `${name}: ${codesOf(diagnostics).join(', ')}`,
    );
    assert.ok(!diagnostics.some((d) => d.code === 'field-missing'), `${name}: the real fields are still read`);
  }
  // A field absent from the document does not read the prototype's: `constructor` is missing, not a function.
  const noTitle = diagnose(cleanKpep({ title: undefined }));
  assert.ok(noTitle.some((d) => d.code === 'field-missing' && messageOf(d).includes('"title"')));
});

test('YAML nested past the depth bound is a frontmatter-syntax finding at the place it goes too deep', () => {
  const { maxDepth } = FRONT_MATTER_BOUNDS;
  const deep = `---\nx:\n${'- '.repeat(3000)}\n---\n${kpepBody()}`;
  const flow = `---\nx: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\n${kpepBody()}`;
  for (const [text, line] of [[deep, 2], [flow, 1]] as const) {
    scan(text);
    const syntax = diagnose(text).find((d) => d.code === 'frontmatter-syntax');
    assert.ok(syntax);
    assert.match(messageOf(syntax), new RegExp(`deeper than ${maxDepth}`));
    assert.equal(syntax.range.start.line, line);
  }
  // Near miss: nesting within the bound reads as YAML (and is only an unexpected value).
  const shallow = frontMatter({ 'see-also': `${'['.repeat(10)}7${']'.repeat(10)}` }) + kpepBody();
  expectNo(shallow, 'frontmatter-syntax');
});

test('YAML with more nodes or characters than the bounds is refused quickly, with the bound in the message', () => {
  const { maxNodes, maxLength } = FRONT_MATTER_BOUNDS;
  // Each shape's parse time grows with its square; all but the last stay under the length bound.
  const shapes = {
    keys: Array.from({ length: 2500 }, (_, i) => `k${i}: v`).join('\n'),
    anchors: Array.from({ length: 1500 }, (_, i) => `k${i}: &a${i} v\nr${i}: *a${i}`).join('\n'),
    tags: Array.from({ length: 2500 }, (_, i) => `k${i}: !t${i} v`).join('\n'),
    wide: `see-also: [${Array.from({ length: 5000 }, (_, i) => i).join(',')}]`,
    long: Array.from({ length: 20_000 }, (_, i) => `k${i}: &a${i} v\nr${i}: *a${i}`).join('\n'),
  };
  for (const [shape, yaml] of Object.entries(shapes)) {
    const text = `---\n${yaml}\n---\n${kpepBody()}`;
    const { result: syntax, ms: elapsed } = cpuTimed(() => {
      scan(text);
      return diagnose(text).find((d) => d.code === 'frontmatter-syntax');
    });
    assert.ok(syntax, shape);
    assert.match(messageOf(syntax), yaml.length > maxLength ? new RegExp(`at most ${maxLength}`) : new RegExp(`more than ${maxNodes}`), shape);
    assert.ok(elapsed < 2000, `${shape} took ${Math.round(elapsed)} ms`);
  }
  // Near miss: a large but ordinary front matter within the bounds reads.
  const authors = Array.from({ length: 200 }, (_, i) => `"@author${i}"`).join(', ');
  expectNo(cleanKpep({ authors: `[${authors}]` }), 'frontmatter-syntax');
});
