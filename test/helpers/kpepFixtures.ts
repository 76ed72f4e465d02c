/**
 * In-memory KPEPs for unit tests. `«` and `»` mark the exact range a diagnostic must cover; they are
 * removed before the text is checked.
 */
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, type DiagnosticCode, type SeverityName } from '../../server/src/core/ruleRegistry';
import { DEFAULT_CONFIG, type KpepConfig } from '../../server/src/core/config';
import { checkKpepDocument } from '../../server/src/core/diagnostics/checkKpepDocument';
import { parseKpepDocument } from '../../server/src/core/kpepDocument';
import { splitLines } from '../../server/src/core/lifecycle/textEdit';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { parseMarkdown } from '../../server/src/core/markdownModel';
import { defaultTemplate, type TemplateModel } from '../../server/src/core/template/templateModel';
import { generateToc } from '../../server/src/core/toc';

export const KPEP_PATH = 'kpeps/0007-pluggable-storage/README.md';

export interface FrontMatterValues {
  readonly [field: string]: string;
}

const DEFAULT_FIELDS: FrontMatterValues = {
  'kpep-number': '7',
  title: 'Pluggable storage backends',
  status: 'provisional',
  authors: '["@alice"]',
  'creation-date': '2026-11-24',
};

/** Front matter from field lines; a field set to undefined in `changes` is left out. */
export function frontMatter(changes: Readonly<Record<string, string | undefined>> = {}): string {
  const fields = { ...DEFAULT_FIELDS, ...changes };
  const lines = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n`;
}

/**
 * A clean KPEP body: every built-in template section at its level, each with a sentence of its own,
 * and a current toc. `omit` leaves sections out (by title); `extra` maps a title to text added under it.
 */
export function kpepBody(options: { title?: string; omit?: readonly string[]; extra?: Readonly<Record<string, string>> } = {}): string {
  const sections = defaultTemplate().sections
    .filter((section) => !options.omit?.includes(section.title))
    .map((section) => {
      const text = options.extra?.[section.title] ?? `What the ${section.title.toLowerCase()} of this storage proposal says.`;
      return `${'#'.repeat(section.heading.level)} ${section.heading.text}\n\n${text}\n`;
    })
    .join('\n');
  const withoutToc = `# KPEP-0007: ${options.title ?? 'Pluggable storage backends'}\n\n<!-- toc -->\n<!-- /toc -->\n\n${sections}`;
  const toc = generateToc(parseMarkdown(withoutToc, 0));
  return withoutToc.replace('<!-- toc -->\n', `<!-- toc -->\n${toc}\n`);
}

export function cleanKpep(changes: Readonly<Record<string, string | undefined>> = {}): string {
  return frontMatter(changes) + kpepBody();
}

export interface CheckOptions {
  readonly path?: string;
  readonly template?: TemplateModel;
  readonly rules?: KpepConfig['rules'];
}

export function diagnose(text: string, options: CheckOptions = {}): Diagnostic[] {
  const path = options.path ?? KPEP_PATH;
  const kpepPath = classifyKpepPath(path, 'kpeps');
  assert.ok(kpepPath, `${path} is not a KPEP path`);
  const document = parseKpepDocument(TextDocument.create(`file:///workspace/${path}`, 'markdown', 1, text));
  return checkKpepDocument({
    document,
    path: kpepPath,
    template: options.template ?? defaultTemplate(),
    config: { ...DEFAULT_CONFIG, rules: options.rules ?? {} },
  });
}

export function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code));
}

const SEVERITY: Readonly<Record<number, SeverityName>> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/**
 * Asserts that `code` fires exactly on the range marked `«…»` in `markedText`, with `severity`,
 * and returns that diagnostic.
 */
export function expectDiagnostic(markedText: string, code: DiagnosticCode, severity: SeverityName, options: CheckOptions = {}): Diagnostic {
  const start = markedText.indexOf('«');
  const end = markedText.indexOf('»') - 1;
  assert.ok(start >= 0 && end >= start, 'mark the expected range with « and »');
  const text = markedText.replace('«', '').replace('»', '');
  const document = TextDocument.create('file:///marked.md', 'markdown', 1, text);
  const expected = { start: document.positionAt(start), end: document.positionAt(end) };
  const diagnostics = diagnose(text, options);
  const found = diagnostics.filter((diagnostic) => diagnostic.code === code);
  const atRange = found.find((diagnostic) => JSON.stringify(diagnostic.range) === JSON.stringify(expected));
  assert.ok(
    atRange,
    `expected ${code} at ${JSON.stringify(expected)}; found ${code} at ${JSON.stringify(found.map((d) => d.range))}; all codes: ${codesOf(diagnostics).join(', ')}`,
  );
  assert.equal(SEVERITY[atRange.severity ?? 1], severity, `severity of ${code}: ${atRange.message}`);
  assert.equal(atRange.source, DIAGNOSTIC_SOURCE);
  assert.equal(atRange.codeDescription?.href, `https://github.com/kplane/kpep-tooling/blob/HEAD/docs/rules/${code}.md`);
  return atRange;
}

/** Asserts that `code` does not fire on `text`. */
export function expectNo(text: string, code: DiagnosticCode, options: CheckOptions = {}): void {
  const found = diagnose(text, options).filter((diagnostic) => diagnostic.code === code);
  assert.deepEqual(found.map((d) => d.message), [], `${code} should not fire`);
}

/** A diagnostic's message as text (LSP 3.18 also allows markup). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** Throws when a diagnostic's range is not inside the document, or reversed. */
export function assertRangesInside(text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = splitLines(text);
  for (const { range, code } of diagnostics) {
    for (const position of [range.start, range.end]) {
      const line = lines[position.line];
      if (line === undefined || position.character < 0 || position.character > line.length) {
        throw new Error(`${String(code)} at ${JSON.stringify(range)} lies outside the document (${lines.length} lines)`);
      }
    }
    if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
      throw new Error(`${String(code)} has a reversed range ${JSON.stringify(range)}`);
    }
  }
}
