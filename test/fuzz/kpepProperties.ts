/**
 * The fuzzing properties, shared by the short run in `npm test` and the long `npm run fuzz`:
 * generated KPEP-ish documents and mutated examples go through the model, every per-document rule,
 * the toc generator and every quick fix. Nothing may throw, every range must lie inside its
 * document, a fix may only touch its own ranges, and applying safe fixes must settle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { checkKpepDocument } from '../../server/src/core/diagnostics/checkKpepDocument';
import { allowedSeverities, isDiagnosticCode, type DiagnosticCode } from '../../server/src/core/ruleRegistry';
import { severityName } from '../../server/src/cli/lintFormats';
import { parseKpepDocument, type KpepDocument } from '../../server/src/core/kpepDocument';
import { classifyKpepPath, type KpepPath } from '../../server/src/core/kpepPath';
import { quickFixesFor, type QuickFix } from '../../server/src/core/lifecycle/quickFixes';
import { applyTextEdits } from '../../server/src/core/lifecycle/textEdit';
import { cpuTimed } from '../helpers/cpuTime';
import { assertRangesInside } from '../helpers/kpepFixtures';
import { defaultTemplate, parseTemplate, type TemplateModel } from '../../server/src/core/template/templateModel';
import { generateToc } from '../../server/src/core/toc';
import { scanKpepEntry } from '../../server/src/core/index/lineScan';
import { pathToFileURL } from 'node:url';
import { filePathOf, normalizedUri } from '../../server/src/documentUri';

const PATHS = ['kpeps/0007-pluggable-storage/README.md', 'kpeps/0001-x/README.md', 'kpeps/7-bad_NAME/README.md', 'kpeps/123456789012345678901234567890-big/README.md'];

/** Safe fixes are applied one at a time, as fix-all would; a KPEP needs far fewer rounds than this. */
const MAX_FIX_ROUNDS = 25;

const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

const word = fc.oneof(
  fc.constantFrom('Summary', 'Motivation', 'Goals', 'Non-Goals', 'Proposal', 'Design Details', 'Test Plan', 'Alternatives', 'Drawbacks', 'User Stories (Optional)', 'KPEP-0007: Pluggable storage backends'),
  fc.constantFrom('KPEP-7', 'KPEP-0007', 'KPEP-123456789012345678901234567890', 'kpep-3', '<<[UNRESOLVED owner]>>', '<<[/UNRESOLVED]>>', '`KPEP-2`', '[link](../0002-x/README.md)', '[x](kpeps/0003-y/)'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('🚀', 'é', '\u0301', '\ufeff', '\u0000', '\u2028', '\ud800', '*', '_', '[', ']', '\\', '<!--', '-->', '|', '&amp;'),
);

const inline = fc.array(word, { maxLength: 6 }).map((words) => words.join(' '));

const frontMatterLine = fc.oneof(
  fc.constantFrom('kpep-number: 7', 'kpep-number: "0007"', 'kpep-number: 123456789012345678901234567890', 'kpep-number: -1', 'kpep-number: 7.5'),
  fc.constantFrom('title: Pluggable storage backends', 'title: "日本語 🚀"', 'title: [a, b]', 'title:', 'title: &t x', 'other: *t'),
  fc.constantFrom('status: provisional', 'status: implementable', 'status: replaced', 'status: provisonal', 'status: 7'),
  fc.constantFrom('authors: ["@alice"]', 'authors: []', 'authors: "@bob"', 'creation-date: 2026-11-24', 'creation-date: 2026-02-30', 'last-updated: 2026-11-23'),
  fc.constantFrom('replaces: [3]', 'superseded-by: [9, "KPEP-0010"]', 'see-also: [5, "x"]', 'reviwers: []', '  - nested', 'a: &a [1, 2]', 'b: [*a, *a]', '? complex', '"unclosed: [', '# comment'),
  inline.map((text) => `${text}: ${text}`),
);

const frontMatterBlock = fc
  .tuple(fc.constantFrom('---', '---', '---', '---js', '--- yaml', '----'), fc.array(frontMatterLine, { maxLength: 8 }), fc.constantFrom('---', '---', '...', '--- ', ''))
  .map(([open, lines, close]) => [open, ...lines, close]);

const block = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 7 }), inline).map(([level, text]) => [`${'#'.repeat(level)} ${text}`]),
  fc.tuple(inline, fc.constantFrom('===', '---')).map(([text, underline]) => [text, underline]),
  inline.map((text) => [text]),
  fc.constantFrom(['<!-- toc -->'], ['<!-- /toc -->'], ['<!-- kpep: required-from implementable -->'], ['<!--', '## Hidden heading', '-->'], ['<!-- unclosed comment']),
  fc.tuple(fc.constantFrom('```', '~~~', '    '), inline).map(([fence, text]) => (fence.trim() ? [fence, `## ${text}`, fence] : [`${fence}## ${text}`])),
  fc.tuple(fc.constantFrom('- ', '* ', '1. ', '> ', '  ', '| ', '> - '), fc.integer({ min: 1, max: 30 }), inline).map(([marker, depth, text]) => [`${marker.repeat(depth)}${text}`]),
  fc.constantFrom(['| a | b |', '|---|---|', '| KPEP-4 | x |'], ['<div>', '## not a heading', '</div>'], ['[ref]: ../0009-z/README.md'], ['<<[UNRESOLVED]>>', 'open question', '<<[/UNRESOLVED]>>']),
);

/** A generated KPEP-ish document: an optional BOM and front matter, then markdown blocks. */
export const generatedDocument = fc
  .tuple(fc.boolean(), fc.option(frontMatterBlock, { nil: undefined }), fc.array(block, { maxLength: 25 }), fc.array(lineBreak, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([bom, matter, blocks, breaks, trailing]) => {
    const lines = [...(matter ?? []), ...blocks.flatMap((lines) => [...lines, ''])];
    const text = lines.map((line, index) => line + (breaks[index % breaks.length] ?? '\n')).join('');
    return (bom ? '\ufeff' : '') + (trailing ? text : text.replace(/[\r\n]+$/, ''));
  });

/**
 * A place in a document, as a fraction of its length, uniform over [0, 1]: `fc.double` draws
 * uniformly over representable doubles, so nearly all its values sit next to 0 and edits would
 * land on the first line.
 */
export const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((value) => value / 1_000_000);

/** An edit to a real KPEP: cut, insert or duplicate a span, or change its line breaks. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fraction, length: fc.nat(400) }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, text: fc.oneof(inline, block.map((lines) => `\n${lines.join('\n')}\n`), frontMatterLine.map((line) => `\n${line}\n`)) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fraction, length: fc.nat(2000) }),
  fc.record({ kind: fc.constant('lineBreaks' as const), to: fc.constantFrom('\r\n', '\r') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, change: Mutation): string {
  if (change.kind === 'lineBreaks') {
    return text.replace(/\r?\n/g, change.to);
  }
  const at = Math.floor(change.at * text.length);
  if (change.kind === 'delete') {
    return text.slice(0, at) + text.slice(at + change.length);
  }
  if (change.kind === 'insert') {
    return text.slice(0, at) + change.text + text.slice(at);
  }
  return text.slice(0, at) + text.slice(at, at + change.length) + text.slice(at);
}

export function mutatedExample(examples: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([example, changes]) => changes.reduce(mutate, example));
}

/** Every KPEP and template README under examples/. */
export function readExamples(examplesDirectory: string): string[] {
  const kpeps = join(examplesDirectory, 'kpeps');
  const directories = readdirSync(kpeps, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return [join(examplesDirectory, 'templates/README.md'), ...directories.map((entry) => join(kpeps, entry.name, 'README.md'))].map((path) => readFileSync(path, 'utf8'));
}

function check(document: KpepDocument, path: KpepPath, template: TemplateModel): Diagnostic[] {
  return checkKpepDocument({ document, path, template, config: DEFAULT_CONFIG });
}

function parse(text: string, path: string): KpepDocument {
  return parseKpepDocument(TextDocument.create(`file:///workspace/${path}`, 'markdown', 1, text));
}

/** Throws when a finding has a severity the rule registry does not allow its code at the document's status. */
function assertSeveritiesAllowed(document: KpepDocument, diagnostics: readonly Diagnostic[]): void {
  for (const { code, severity } of diagnostics) {
    const allowed = isDiagnosticCode(String(code)) ? allowedSeverities(String(code) as DiagnosticCode, document.status) : [];
    if (!allowed.includes(severityName(severity))) {
      throw new Error(`${String(code)} at ${severityName(severity)} in a ${document.status ?? 'statusless'} KPEP; the registry allows ${allowed.join(', ') || 'no such code'}`);
    }
  }
}

function fixesFor(document: KpepDocument, path: KpepPath, template: TemplateModel, diagnostic: Diagnostic): QuickFix[] {
  const { textDocument } = document;
  const range = { start: textDocument.offsetAt(diagnostic.range.start), end: textDocument.offsetAt(diagnostic.range.end) };
  return quickFixesFor({ document, path, template, today: '2026-11-24' }, { code: String(diagnostic.code), range, data: diagnostic.data });
}

/** Throws unless the fix's edits lie inside the text, do not overlap, and change nothing else. */
function assertFixStaysInItsRanges(text: string, fix: QuickFix): string {
  const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start);
  let previousEnd = 0;
  for (const { range } of edits) {
    if (range.start < previousEnd || range.end < range.start || range.end > text.length) {
      throw new Error(`"${fix.title}" has an edit at ${JSON.stringify(range)} outside the text or overlapping another (length ${text.length})`);
    }
    previousEnd = range.end;
  }
  const fixed = applyTextEdits(text, fix.edits);
  // Walk the untouched spans between edits: each must appear unchanged, in order, in the result.
  let inText = 0;
  let inFixed = 0;
  for (const edit of edits) {
    const kept = text.slice(inText, edit.range.start);
    if (fixed.slice(inFixed, inFixed + kept.length) !== kept || fixed.slice(inFixed + kept.length, inFixed + kept.length + edit.newText.length) !== edit.newText) {
      throw new Error(`"${fix.title}" changed text outside its ranges`);
    }
    inFixed += kept.length + edit.newText.length;
    inText = edit.range.end;
  }
  if (fixed.slice(inFixed) !== text.slice(inText)) {
    throw new Error(`"${fix.title}" changed the text after its last range`);
  }
  return fixed;
}

/** Parses, checks, builds the toc and tries every fix: the body of every property. */
export function exerciseDocument(text: string, pathIndex: number): void {
  const pathText = PATHS[pathIndex % PATHS.length] ?? PATHS[0]!;
  const path = classifyKpepPath(pathText, 'kpeps')!;
  const document = parse(text, pathText);
  generateToc(document.markdown);
  // The same text read as a template exercises the template reader too.
  for (const template of [defaultTemplate(), parseTemplate({ text, path: 'templates/README.md' })]) {
    const diagnostics = check(document, path, template);
    assertRangesInside(text, diagnostics);
    assertSeveritiesAllowed(document, diagnostics);
    for (const diagnostic of diagnostics) {
      for (const fix of fixesFor(document, path, template, diagnostic)) {
        const fixed = assertFixStaysInItsRanges(text, fix);
        assertRangesInside(fixed, check(parse(fixed, pathText), path, template));
      }
    }
  }
  applySafeFixesUntilSettled(text, pathText, path);
}

/** Applies one safe fix at a time, as fix-all does; it must settle, never cycle or run on. */
function applySafeFixesUntilSettled(initial: string, pathText: string, path: KpepPath): void {
  const template = defaultTemplate();
  const seen = new Set<string>([initial]);
  let text = initial;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const document = parse(text, pathText);
    const fix = check(document, path, template)
      .flatMap((diagnostic) => fixesFor(document, path, template, diagnostic))
      .find((candidate) => candidate.safe && applyTextEdits(text, candidate.edits) !== text);
    if (!fix) {
      return;
    }
    text = applyTextEdits(text, fix.edits);
    if (seen.has(text)) {
      throw new Error(`safe fixes cycle: "${fix.title}" brings back an earlier text`);
    }
    seen.add(text);
  }
  throw new Error(`safe fixes did not settle within ${MAX_FIX_ROUNDS} rounds`);
}

/** Crafted URIs: remote hosts, encoded separators and NULs, bad escapes, characters VS Code encodes. */
const uriPart = fc.oneof(
  fc.constantFrom('file://', 'file:///', 'file:', 'file://evil.example/', 'file://localhost/', 'untitled:', 'vscode-notebook-cell:', 'http://x/'),
  fc.constantFrom('%2F', '%2f', '%00', '%', '%zz', '%2B', '+', '@', '(', ')', '!', '$', '&', "'", ',', ';', '=', ' ', '%20', '#', '?', '..', '.', '/', '\\', 'C:', 'c%3A'),
  fc.constantFrom('kpeps', '0007-x', 'README.md', 'work space', 'é', '🚀', '\u0000'),
  fc.string({ maxLength: 6 }),
);
export const craftedUri = fc.array(uriPart, { maxLength: 10 }).map((parts) => parts.join(''));

/** URIs never throw, normalise idempotently, and a path's spellings (Node's, VS Code's) normalise alike. */
export function exerciseUri(uri: string, segments: readonly string[]): void {
  filePathOf(uri);
  const normal = normalizedUri(uri);
  if (normalizedUri(normal) !== normal) {
    throw new Error(`normalising ${JSON.stringify(uri)} twice gives two answers`);
  }
  const directory = `/tmp/${segments.map((segment) => [...segment].map((c) => ('/\\\u0000'.includes(c) ? '_' : c)).join('') || '_').join('/')}`;
  const node = pathToFileURL(directory).href;
  const vscode = node.replace(/[+@()!$&',;=]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  if (normalizedUri(node) !== normalizedUri(vscode)) {
    throw new Error(`${node} and ${vscode} name one file but normalise apart`);
  }
}

/** YAML shapes that stress the parser: deep nesting, many keys, anchors, tags, prototype names. */
const yamlShape = fc.oneof(
  fc.integer({ min: 1, max: 400 }).map((depth) => `x:\n${'- '.repeat(depth)}1`),
  fc.integer({ min: 1, max: 400 }).map((depth) => `x: ${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 300 }).map((depth) => `x: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 1, max: 4000 }).map((count) => Array.from({ length: count }, (_, i) => `k${i}: v`).join('\n')),
  fc.integer({ min: 1, max: 2000 }).map((count) => Array.from({ length: count }, (_, i) => `a${i}: &x${i} v\nb${i}: *x${i}`).join('\n')),
  fc.integer({ min: 1, max: 3000 }).map((count) => Array.from({ length: count }, (_, i) => `t${i}: !tag${i} v`).join('\n')),
  fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)).map((name) => `${name}: 1\n"${name}": [1]\n<<: {${name}: 2}`),
  fc.constantFrom('a: 1\n---\nb: 2', '? [a, b]\n: c', '<<: *undefined', '!!binary x', '&a a: *a', '%YAML 1.2\n---\nx: 1'),
);
export const yamlDocument = fc
  .tuple(fc.array(yamlShape, { minLength: 1, maxLength: 3 }), fc.constantFrom('', 'yaml', 'yml', '__proto__', 'constructor', 'toString'))
  .map(([shapes, language]) => `---${language}\nkpep-number: 7\n${shapes.join('\n')}\n---\n# KPEP-0007: Title\n\n## Summary\n\nText.\n`);

/** Markdown shapes whose parse time grows with the square of their size, at sizes up to 60 KB. */
const markdownUnit = fc.constantFrom('*', '_', '[', ']', '<<[', '<', '&', '\\', '`', '![', '*a', 'a*b*', '[a](', '> ', '- ', '  ', '<<[UNRESOLVED ', '<<[UNRESOLVED x ]>>\n', '#', '### a ', '\n', '\n\n', ' (Optional) ');
export const pathologicalDocument = fc
  .tuple(fc.array(fc.tuple(markdownUnit, fc.integer({ min: 1, max: 20_000 })), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '## ', '### a', '> ', '- '))
  .map(([runs, prefix]) => `---\nkpep-number: 7\ntitle: T\n---\n# KPEP-0007: T\n\n${prefix}${runs.map(([unit, count]) => unit.repeat(count)).join('')}\n`);

/** Every document gets its diagnostics (or too-large) in time proportional to its size. */
export function exerciseInBoundedTime(text: string): void {
  const { ms: elapsed } = cpuTimed(() => {
    check(parse(text, PATHS[0]!), classifyKpepPath(PATHS[0]!, 'kpeps')!, defaultTemplate());
    scanKpepEntry(text, { path: PATHS[0]!, kpepPath: classifyKpepPath(PATHS[0]!, 'kpeps')!, root: 'kpeps' });
  });
  const bound = 2000 + text.length * 0.02;
  if (elapsed > bound) {
    throw new Error(`${text.length} characters took ${Math.round(elapsed)} ms of CPU (bound ${Math.round(bound)} ms)`);
  }
}

export interface NamedProperty {
  readonly name: string;
  readonly property: fc.IProperty<unknown[]>;
}

export function kpepProperties(options: { examplesDirectory: string }): NamedProperty[] {
  const examples = readExamples(options.examplesDirectory);
  return [
    { name: 'generated documents', property: fc.property(generatedDocument, fc.nat(), (text, path) => exerciseDocument(text, path)) as fc.IProperty<unknown[]> },
    { name: 'mutated examples', property: fc.property(mutatedExample(examples), fc.nat(), (text, path) => exerciseDocument(text, path)) as fc.IProperty<unknown[]> },
    { name: 'crafted URIs', property: fc.property(craftedUri, fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }), exerciseUri) as fc.IProperty<unknown[]> },
    { name: 'YAML shapes', property: fc.property(yamlDocument, fc.nat(), (text, path) => (exerciseInBoundedTime(text), exerciseDocument(text, path))) as fc.IProperty<unknown[]> },
    { name: 'pathological markdown', property: fc.property(pathologicalDocument, (text) => exerciseInBoundedTime(text)) as fc.IProperty<unknown[]> },
  ];
}
