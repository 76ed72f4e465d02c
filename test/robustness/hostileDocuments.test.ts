/**
 * Broken and hostile documents through the in-memory core (SPEC §8): each yields diagnostics or
 * nothing, within a generous time bound, with every range inside the document.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cpuTimed } from '../helpers/cpuTime';
import { assertRangesInside, cleanKpep, codesOf, diagnose, frontMatter, kpepBody, type CheckOptions } from '../helpers/kpepFixtures';

/** CPU time, and generous: these are hang and crash checks, not benchmarks. */
const TIME_BOUND_MS = 20_000;

function diagnoseInBound(text: string, options: CheckOptions = {}): Diagnostic[] {
  const { result: diagnostics, ms } = cpuTimed(() => diagnose(text, options));
  assert.ok(ms < TIME_BOUND_MS, `took ${Math.round(ms)} ms of CPU`);
  assertRangesInside(text, diagnostics);
  return diagnostics;
}

/** The text a diagnostic's range covers. */
function coveredText(text: string, diagnostic: Diagnostic): string {
  return TextDocument.create('file:///x.md', 'markdown', 1, text).getText(diagnostic.range);
}

test('an empty file reports the missing front matter and nothing crashes', () => {
  assert.ok(codesOf(diagnoseInBound('')).includes('frontmatter-missing'));
  assert.ok(codesOf(diagnoseInBound('\n\n\r\n')).includes('frontmatter-missing'));
});

test('front matter alone reports the missing title and sections', () => {
  const codes = codesOf(diagnoseInBound(frontMatter()));
  assert.ok(codes.includes('title') && codes.includes('missing-section'), codes.join(', '));
  assert.ok(codesOf(diagnoseInBound(frontMatter().trimEnd())).includes('title'));
});

test('unterminated front matter is a frontmatter-syntax error on the opening line', () => {
  for (const text of ['---', '---\n', '---\nkpep-number: 7\ntitle: x', `---\r\nkpep-number: 7\r\n${kpepBody()}`]) {
    const syntax = diagnoseInBound(text).find((d) => d.code === 'frontmatter-syntax');
    assert.ok(syntax, JSON.stringify(text.slice(0, 30)));
    assert.equal(syntax.range.start.line, 0);
  }
});

test('a byte order mark does not hide the front matter, and ranges after it stay exact', () => {
  assert.deepEqual(codesOf(diagnoseInBound(`\ufeff${cleanKpep()}`)), []);
  const text = `\ufeff${cleanKpep({ status: 'bogus' })}`;
  const status = diagnoseInBound(text).find((d) => d.code === 'invalid-status');
  assert.ok(status);
  assert.equal(coveredText(text, status), 'bogus');
});

test('CRLF line endings: a clean KPEP stays clean and ranges cover the exact token', () => {
  assert.deepEqual(codesOf(diagnoseInBound(cleanKpep().replace(/\n/g, '\r\n'))), []);
  const text = cleanKpep({ status: 'bogus', 'creation-date': '2026-13-40' }).replace(/\n/g, '\r\n');
  const diagnostics = diagnoseInBound(text);
  assert.equal(coveredText(text, diagnostics.find((d) => d.code === 'invalid-status')!), 'bogus');
  assert.equal(coveredText(text, diagnostics.find((d) => d.code === 'invalid-date')!), '2026-13-40');
});

test('mixed line endings (LF, CRLF, and a lone CR in the body) keep every range on its token', () => {
  // gray-matter closes front matter only at "\n---", so lone CRs are mixed into the body alone.
  const lines = cleanKpep({ status: 'bogus' }).split('\n');
  const text = lines.map((line, index) => line + (index === lines.length - 1 ? '' : ['\n', '\r\n'][index % 2])).join('');
  const diagnostics = diagnoseInBound(text);
  assert.equal(coveredText(text, diagnostics.find((d) => d.code === 'invalid-status')!), 'bogus');
  const withMissing = `${frontMatter()}# KPEP-0007: Pluggable storage backends\r\n\r## Summary\n\r\nText.\r`;
  const missing = diagnoseInBound(withMissing).find((d) => d.code === 'missing-section');
  assert.ok(missing);
  assert.equal(coveredText(withMissing, missing), 'KPEP-0007: Pluggable storage backends');
});

test('a lone CR after the opening delimiter is a frontmatter-syntax error, not a crash', () => {
  for (const text of ['--- yaml\rauthors: ["@alice"]\nkpep-number: 7\n---\n', '---\rkpep-number: 7\r---\r# KPEP-0007: x\r']) {
    assert.ok(codesOf(diagnoseInBound(text)).some((code) => code === 'frontmatter-syntax' || code === 'frontmatter-missing'), JSON.stringify(text));
  }
});

test('replacement characters and control bytes (as invalid UTF-8 decodes) yield diagnostics', () => {
  const text = cleanKpep({ status: '"\ufffd\ufffd"' }) + '\u0000\u0001\ufffd\u001b[31m\n';
  assert.ok(codesOf(diagnoseInBound(text)).includes('invalid-status'));
});

test('binary content in README.md yields diagnostics, not a crash', () => {
  let seed = 7;
  const bytes = Array.from({ length: 64 * 1024 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 0xff;
  });
  const text = Buffer.from(bytes).toString('utf8');
  assert.ok(codesOf(diagnoseInBound(text)).includes('frontmatter-missing'));
  assert.ok(diagnoseInBound(`---\n${text}\n---\n${text}`).length > 0);
});

test('a 5 MB document is checked within the bound', () => {
  const paragraph = `${'Storage backends are pluggable, and KPEP-0003 explains why. '.repeat(20)}\n\n`;
  const text = cleanKpep() + paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length));
  assert.ok(text.length > 5 * 1024 * 1024);
  // Past the document bound (docs/security.md) the body is not parsed: one too-large finding.
  assert.deepEqual(codesOf(diagnoseInBound(text)), ['too-large']);
});

test('10,000 headings are checked within the bound', () => {
  const headings = Array.from({ length: 10_000 }, (_, index) => `### Detail ${index}\n\nText.\n`).join('\n');
  const codes = codesOf(diagnoseInBound(cleanKpep() + headings));
  assert.ok(codes.includes('toc-stale'), codes.join(', '));
});

test('block quotes and lists nested 10,000 deep on one line yield diagnostics, never a stack overflow', () => {
  for (const marker of ['>', '> ', '- ', '1. ', '* > ']) {
    const text = `${cleanKpep()}\n${marker.repeat(10_000)}KPEP-0009 deep\n`;
    assert.deepEqual(codesOf(diagnoseInBound(text)), [], JSON.stringify(marker));
  }
});

test('block quotes nested 300 deep over many lines are pruned, not recursed into', () => {
  const lines = Array.from({ length: 300 }, (_, index) => `${'>'.repeat(Math.min(index + 1, 100))}${' *'.repeat(index)} x`);
  assert.deepEqual(codesOf(diagnoseInBound(`${cleanKpep()}\n${lines.join('\n')}\n`)), []);
  const emphasis = `${'*_'.repeat(1_000)}x${'_*'.repeat(1_000)}`;
  assert.deepEqual(codesOf(diagnoseInBound(`${cleanKpep()}\n${emphasis}\n`)), []);
});

test('a 1 MB line is checked within the bound, with ranges inside it', () => {
  const line = 'KPEP-9 '.repeat(150_000);
  assert.deepEqual(codesOf(diagnoseInBound(`${cleanKpep()}\n${line}\n`)), []);
  // A megabyte title is past the front-matter bound: refused as YAML, with its range inside the block.
  const text = frontMatter({ title: `"${'x'.repeat(1_000_000)}"` }) + kpepBody();
  assert.ok(diagnoseInBound(text).some((d) => d.code === 'frontmatter-syntax'));
});

test('30-digit numbers are reported, never rounded into another KPEP', () => {
  const big = '123456789012345678901234567890';
  const inField = codesOf(diagnoseInBound(cleanKpep({ 'kpep-number': big, 'see-also': `[${big}, "KPEP-${big}"]` })));
  assert.ok(inField.includes('field-type'), inField.join(', '));
  const inDirectory = codesOf(diagnoseInBound(cleanKpep(), { path: `kpeps/${big}-big/README.md` }));
  assert.ok(inDirectory.includes('directory-name'), inDirectory.join(', '));
  assert.deepEqual(codesOf(diagnoseInBound(`${cleanKpep()}\nSee KPEP-${big} and KPEP-${'9'.repeat(400)}.\n`)), []);
});

test('non-ASCII titles and slugs: titles match, slugs outside a-z are a directory-name error', () => {
  const title = 'Überprüfung der Speicher — 日本語 🚀 backends';
  const text = frontMatter({ title: `"${title}"` }) + kpepBody({ title });
  assert.deepEqual(codesOf(diagnoseInBound(text)).filter((code) => code !== 'toc-stale'), []);
  const mismatch = frontMatter({ title: '"🚀 Ünïcode"' }) + kpepBody({ title: '🚀 Unicode' });
  const titleDiagnostic = diagnoseInBound(mismatch).find((d) => d.code === 'title');
  assert.ok(titleDiagnostic);
  assert.match(coveredText(mismatch, titleDiagnostic), /🚀/);
  const slug = codesOf(diagnoseInBound(cleanKpep(), { path: 'kpeps/0007-überprüfung/README.md' }));
  assert.ok(slug.includes('directory-name'), slug.join(', '));
});
