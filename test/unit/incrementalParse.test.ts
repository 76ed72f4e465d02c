import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { checkKpepDocument } from '../../server/src/core/diagnostics/checkKpepDocument';
import { parseKpepDocument, type KpepDocument } from '../../server/src/core/kpepDocument';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { defaultTemplate } from '../../server/src/core/template/templateModel';
import { fraction } from '../fuzz/kpepProperties';
import { cleanKpep, KPEP_PATH } from '../helpers/kpepFixtures';

const URI = `file:///workspace/${KPEP_PATH}`;
const template = defaultTemplate();
const kpepPath = classifyKpepPath(KPEP_PATH, 'kpeps')!;

/**
 * Link reference definitions and references to them, as the upstream template's Release Signoff
 * checklist has them: every form of reference (full, collapsed, shortcut, image), labels that
 * normalise alike (case, inner spaces), definitions that span lines, sit in containers, repeat a
 * label, or are not definitions at all.
 */
const DEFINITION_LINES = [
  '[kep-docs]: https://example.com/docs', '[Release  Notes]: <https://example.com/notes> "Release notes"', '[r]:', '[q]: /q',
  '  "a title on its own line"', '[multi', 'line]: /m', '> [quoted]: /quoted', '- [listed]: /listed', '[a\\]b]: /escaped',
  '- [ ] (R) [kep-docs] merged, see [release notes][] and [Notes][release notes]', 'Read [the docs][KEP-DOCS] or [r] or [q][].',
  '![r]', '[quoted] [listed] [a\\]b] [multi line] [unknown]', '[release notes]', 'Text [r]: not a definition',
];
/** Lines that open, close or interrupt blocks: the cases where a partial re-parse could go wrong. */
const LINES = [
  '# KPEP-0007: Pluggable storage backends', '## Summary', '### Goals', '## Design Details', '#### Story 1', '  ## Indented',
  '#NoSpace', '## Closed ##', 'Prose naming KPEP-12 and KPEP-0003.', 'A [link](../0003-x/README.md) and [ref][r].', '',
  '```', '```go', '~~~', '    indented code', '<!--', '-->', '<!-- toc -->', '<!-- /toc -->', '<!-- kpep: required-from implementable -->',
  '- item', '  - nested', '1. first', '> quoted', '> ## quoted heading', '---', '===', 'Setext title', '| a | b |', '|---|---|',
  '<<[UNRESOLVED owner ]>>', '<<[/UNRESOLVED]>>', '<div>', '</div>', '[r]: https://example.com', '\\# not a heading',
  ...DEFINITION_LINES,
];
/** What a user types: single characters, markers, whole lines. */
const INSERTS = ['a', ' ', '\n', '\n\n', '#', '## ', '`', '```\n', '<!--', '-->', '- ', '> ', '[r]: /x\n', 'KPEP-9', '[', ']', ']: /y', '[q]', ':', '[Release notes]: /n\n', '---\n', '\r\n', ...LINES.map((line) => `${line}\n`)];

const documentText = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...LINES), { maxLength: 40 }))
  .map(([withKpep, lines]) => (withKpep ? cleanKpep() : '') + lines.join('\n'));

/** Definitions only at the top level, between blank lines, so the incremental path is the one taken. */
const TOP_LEVEL_DEFINITIONS = DEFINITION_LINES.filter((line) => /^\[[^\]]+\]: \S/.test(line));
const documentWithDefinitions = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...LINES.filter((line) => !DEFINITION_LINES.includes(line))), fc.constantFrom(...DEFINITION_LINES.slice(10))), { maxLength: 30 }),
    fc.subarray(TOP_LEVEL_DEFINITIONS, { minLength: 1 }),
  )
  .map(([lines, definitions]) => `${cleanKpep()}\n${lines.join('\n')}\n\n${definitions.join('\n')}\n\n${lines.slice(0, 5).join('\n')}\n`);

/** `npm test` runs a few; `KPEP_PROPERTY_RUNS=10000` runs more, locally. */
const RUNS = Number(process.env.KPEP_PROPERTY_RUNS ?? 100);

/** Edits land mostly at the start or end of a line (± one), where block boundaries are decided. */
const edit = fc.record({
  line: fraction,
  where: fc.constantFrom('start', 'end', 'middle'),
  nudge: fc.integer({ min: -1, max: 1 }),
  deleted: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 40 })),
  inserted: fc.constantFrom('', ...INSERTS),
});

function applyEdit(text: string, change: { line: number; where: string; nudge: number; deleted: number; inserted: string }): string {
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((match) => match.index + 1)];
  const lineStart = lineStarts[Math.floor(change.line * lineStarts.length)] ?? 0;
  const lineEnd = text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart);
  const anchor = change.where === 'start' ? lineStart : change.where === 'end' ? lineEnd : Math.floor((lineStart + lineEnd) / 2);
  const start = Math.min(text.length, Math.max(0, anchor + change.nudge));
  return text.slice(0, start) + change.inserted + text.slice(start + change.deleted);
}

function observable(document: KpepDocument): unknown {
  return {
    frontMatter: document.frontMatter,
    markdown: document.markdown,
    nodes: document.syntax.nodes,
    diagnostics: checkKpepDocument({ document, path: kpepPath, template, config: DEFAULT_CONFIG }),
  };
}

function assertIncrementalEqualsFull(initial: string, edits: readonly Parameters<typeof applyEdit>[1][]): void {
  let text = initial;
  let previous = parseKpepDocument(TextDocument.create(URI, 'markdown', 1, text));
  edits.forEach((change, index) => {
    text = applyEdit(text, change);
    const source = TextDocument.create(URI, 'markdown', index + 2, text);
    const incremental = parseKpepDocument(source, { previous });
    assert.deepEqual(observable(incremental), observable(parseKpepDocument(source)));
    previous = incremental;
  });
}

test('an incrementally parsed version equals a full parse of it: mdast, model and diagnostics', () => {
  fc.assert(fc.property(documentText, fc.array(edit, { minLength: 1, maxLength: 8 }), assertIncrementalEqualsFull), { numRuns: RUNS });
});

test('with link reference definitions, an incrementally parsed version equals a full parse of it', () => {
  fc.assert(fc.property(documentWithDefinitions, fc.array(edit, { minLength: 1, maxLength: 8 }), assertIncrementalEqualsFull), { numRuns: RUNS });
});

/** Edits within the first lines, where the front matter's delimiters decide where the body starts. */
const frontMatterEdit = fc.record({
  line: fraction.map((at) => at / 10),
  where: fc.constantFrom('start', 'end', 'middle'),
  nudge: fc.integer({ min: -1, max: 1 }),
  deleted: fc.nat({ max: 5 }),
  inserted: fc.constantFrom('', 'a', '\n', '-', '#', '---\n', '</div>\n', '<div>\n', '> ', '- ', '```\n', '<!--', '[r]: /x\n', '    '),
});

test('with edits at the delimiters of the front matter, an incrementally parsed version equals a full parse of it', () => {
  const close = cleanKpep().indexOf('\n---\n') + 1;
  // The closing delimiter alone on its line, or with text after it (gray-matter closes there all the same).
  const document = fc
    .tuple(fc.constantFrom('---', '---#', '----#', '---     code', '--- x'), fc.constantFrom('', '[r]: https://example.com\n'))
    .map(([closing, definition]) => `${cleanKpep().slice(0, close)}${closing}${cleanKpep().slice(close + 3)}\nSome [r] text.\n\n${definition}`);
  fc.assert(fc.property(document, fc.array(frontMatterEdit, { minLength: 1, maxLength: 4 }), assertIncrementalEqualsFull), { numRuns: RUNS });
});

test('a body that starts on the line of the closing delimiter parses after an edit as a full parse does', () => {
  const close = cleanKpep().indexOf('\n---\n') + 1;
  const [frontMatter, body] = [cleanKpep().slice(0, close), cleanKpep().slice(close + 4)];
  // Text after `---` is the body's first line, behind three blanked columns: a paragraph, a list item or indented code.
  for (const closing of ['---#', '----#', '---     indented', '---- item']) {
    const text = `${frontMatter}${closing}\n${body}\n[r]: /r\n`;
    const lines = text.split('\n').length;
    const onClosingLine = (frontMatter.split('\n').length - 0.5) / lines;
    assertIncrementalEqualsFull(text, [
      { line: onClosingLine, where: 'end', nudge: 0, deleted: 0, inserted: 'x' },
      { line: onClosingLine, where: 'end', nudge: 0, deleted: 0, inserted: '\n' },
      { line: 0.5, where: 'middle', nudge: 0, deleted: 1, inserted: '' },
    ]);
    // A line break after the delimiter moves the body's first line to a line of its own.
    assertIncrementalEqualsFull(text, [{ line: onClosingLine, where: 'start', nudge: 3, deleted: 0, inserted: '\n' }]);
  }
});

test('an edit in one section of a long KPEP re-parses only around it and keeps the other nodes', () => {
  const text = cleanKpep();
  const previous = parseKpepDocument(TextDocument.create(URI, 'markdown', 1, text));
  const untouched = previous.syntax.nodes.at(-1);
  const untouchedStart = untouched?.position?.start.offset ?? 0;
  const at = text.indexOf('What the summary');
  const next = parseKpepDocument(TextDocument.create(URI, 'markdown', 2, `${text.slice(0, at)}Truly ${text.slice(at)}`), { previous });
  assert.equal(next.syntax.nodes.at(-1), untouched, 'the last section is reused, not re-parsed');
  assert.equal(next.syntax.nodes.at(-1)?.position?.start.offset, untouchedStart + 'Truly '.length, 'and moved by the inserted text');
});

test('a version whose predecessor was already handed over parses in full', () => {
  const text = cleanKpep();
  const first = parseKpepDocument(TextDocument.create(URI, 'markdown', 1, text));
  parseKpepDocument(TextDocument.create(URI, 'markdown', 2, `${text}more\n`), { previous: first });
  const again = parseKpepDocument(TextDocument.create(URI, 'markdown', 3, `${text}other\n`), { previous: first });
  assert.deepEqual(observable(again), observable(parseKpepDocument(TextDocument.create(URI, 'markdown', 3, `${text}other\n`))));
});

test('an edit in one paragraph re-parses only that paragraph; filling the blank line after it joins the next', () => {
  const paragraphs = Array.from({ length: 5 }, (_, index) => `Paragraph ${index} of a long Design Details.`);
  const text = `${cleanKpep()}\n${paragraphs.join('\n\n')}\n`;
  const previous = parseKpepDocument(TextDocument.create(URI, 'markdown', 1, text));
  const [before, edited, after] = previous.syntax.nodes.slice(-4, -1);
  const at = text.indexOf('Paragraph 2') + 'Paragraph'.length;
  const next = parseKpepDocument(TextDocument.create(URI, 'markdown', 2, `${text.slice(0, at)}s${text.slice(at)}`), { previous });
  const [keptBefore, reparsed, keptAfter] = next.syntax.nodes.slice(-4, -1);
  assert.equal(keptBefore, before, 'the paragraph before is kept');
  assert.notEqual(reparsed, edited);
  assert.equal(keptAfter, after, 'the paragraph after is kept');

  const blank = text.indexOf('\n\nParagraph 3') + 1;
  const joined = `${text.slice(0, blank)}and${text.slice(blank)}`;
  const incremental = parseKpepDocument(TextDocument.create(URI, 'markdown', 3, joined), { previous: next });
  assert.deepEqual(observable(incremental), observable(parseKpepDocument(TextDocument.create(URI, 'markdown', 3, joined))));
});
