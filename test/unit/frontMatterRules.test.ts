import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuTimed } from '../helpers/cpuTime';
import { cleanKpep, diagnose, expectDiagnostic, expectNo, frontMatter, kpepBody, messageOf } from '../helpers/kpepFixtures';

test('frontmatter-missing fires on the first line of a KPEP without front matter', () => {
  expectDiagnostic(`«# KPEP-0007: Pluggable storage backends»\n${kpepBody().split('\n').slice(1).join('\n')}`, 'frontmatter-missing', 'error');
  expectNo(cleanKpep(), 'frontmatter-missing');
});

test('frontmatter-missing: a leading thematic break of four dashes is not front matter', () => {
  assert.ok(diagnose(`«----»\n${kpepBody()}`.replace(/[«»]/g, '')).some((d) => d.code === 'frontmatter-missing'));
});

test('frontmatter-syntax points at the YAML error itself', () => {
  const text = `---\nkpep-number: 7\ntitle: «[unclosed»\n---\n${kpepBody()}`;
  const diagnostic = diagnose(text.replace(/[«»]/g, '')).find((d) => d.code === 'frontmatter-syntax');
  assert.ok(diagnostic);
  assert.equal(diagnostic.range.start.line, 2);
  expectNo(cleanKpep(), 'frontmatter-syntax');
});

test('frontmatter-syntax reports front matter that is never closed', () => {
  expectDiagnostic('«---»\nkpep-number: 7\ntitle: Never closed\n', 'frontmatter-syntax', 'error');
});

test('frontmatter-syntax reports a duplicated key', () => {
  const text = cleanKpep().replace('title: Pluggable', 'title: Once\ntitle: Pluggable');
  assert.ok(diagnose(text).some((d) => d.code === 'frontmatter-syntax' && /unique/i.test(messageOf(d))));
});

test('frontmatter-syntax reports a second YAML document after `...`, and a CRLF block reads as an LF one', () => {
  const text = cleanKpep().replace('title: Pluggable', 'title: Once\n...\nsecond: document\ntitle: Pluggable');
  assert.ok(diagnose(text).some((d) => d.code === 'frontmatter-syntax' && /multiple documents/i.test(messageOf(d))));
  assert.deepEqual(diagnose(cleanKpep().replace(/\n/g, '\r\n')).map((d) => d.code), diagnose(cleanKpep()).map((d) => d.code));
});

test('---js front matter is refused and never executed', () => {
  const globals = globalThis as { kpepFrontMatterRan?: boolean };
  const text = `«---js»\n{ kpep: (globalThis.kpepFrontMatterRan = true) }\n---\n${kpepBody()}`;
  const diagnostic = expectDiagnostic(text, 'frontmatter-syntax', 'error');
  assert.match(messageOf(diagnostic), /YAML/);
  for (const language of ['javascript', 'coffee', 'coffeescript', 'json', 'unknownlang']) {
    const other = `---${language}\nglobalThis.kpepFrontMatterRan = true\n---\n${kpepBody()}`;
    assert.ok(diagnose(other).some((d) => d.code === 'frontmatter-syntax'), language);
  }
  assert.equal(globals.kpepFrontMatterRan, undefined);
});

test('a YAML alias bomb is refused in bounded time', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
  }
  const { result: diagnostics, ms } = cpuTimed(() => diagnose(`---\n${lines.join('\n')}\n---\n${kpepBody()}`));
  assert.ok(ms < 2000, `${Math.round(ms)} ms of CPU`);
  assert.ok(diagnostics.some((d) => d.code === 'frontmatter-syntax'));
});

test('field-missing fires on the opening delimiter for each absent required field', () => {
  const diagnostic = expectDiagnostic(`«---»\n${frontMatter({ authors: undefined }).slice(4)}${kpepBody()}`, 'field-missing', 'error');
  assert.match(messageOf(diagnostic), /authors/);
  expectNo(cleanKpep({ 'last-updated': undefined }), 'field-missing');
});

test('field-type fires on a value of the wrong type, and on the list entry at fault', () => {
  expectDiagnostic(frontMatter({ 'kpep-number': '«"seven"»' }) + kpepBody(), 'field-type', 'error');
  expectDiagnostic(frontMatter({ authors: '«[]»' }) + kpepBody(), 'field-type', 'error');
  expectDiagnostic(frontMatter({ 'see-also': '[1, «two»]' }) + kpepBody(), 'field-type', 'error');
  expectDiagnostic(frontMatter({ repos: '«apiserver»' }) + kpepBody(), 'field-type', 'error');
  expectNo(frontMatter({ 'see-also': '[1, "0002", "KPEP-0003"]', repos: '[apiserver]' }) + kpepBody(), 'field-type');
});

test('field-unknown names the near field', () => {
  const diagnostic = expectDiagnostic(frontMatter({ '«reviwers»': '[]' }) + kpepBody(), 'field-unknown', 'warning');
  assert.match(messageOf(diagnostic), /Did you mean "reviewers"/);
  const far = diagnose(frontMatter({ 'cost-centre': 'x' }) + kpepBody()).find((d) => d.code === 'field-unknown');
  assert.ok(far && !/Did you mean/.test(messageOf(far)));
  expectNo(frontMatter({ reviewers: '[]', approvers: '[]' }) + kpepBody(), 'field-unknown');
});

test('odd keys (empty, or a collection) are unknown fields, never a crash (found by the fuzzer)', () => {
  for (const text of ['---\n: \n  - nested\n---\n', '---\n? [a, b]\n: \n  - nested\n---\n']) {
    const codes = diagnose(text + kpepBody()).map((diagnostic) => diagnostic.code);
    assert.ok(codes.includes('field-unknown'), text);
  }
});

test('invalid-status suggests the near status', () => {
  const diagnostic = expectDiagnostic(frontMatter({ status: '«implementible»' }) + kpepBody(), 'invalid-status', 'error');
  assert.match(messageOf(diagnostic), /Did you mean "implementable"/);
  expectNo(cleanKpep({ status: 'implementable' }), 'invalid-status');
});

test('invalid-date fires on a malformed or impossible date, and on last-updated before creation-date', () => {
  expectDiagnostic(frontMatter({ 'creation-date': '«2026-02-30»' }) + kpepBody(), 'invalid-date', 'error');
  expectDiagnostic(frontMatter({ 'creation-date': '«24/11/2026»' }) + kpepBody(), 'invalid-date', 'error');
  expectDiagnostic(frontMatter({ 'last-updated': '«2026-11-23»' }) + kpepBody(), 'invalid-date', 'error');
  expectNo(frontMatter({ 'last-updated': '2026-11-24', 'creation-date': '"2026-11-24"' }) + kpepBody(), 'invalid-date');
});

test('number-mismatch fires on kpep-number when the directory says otherwise', () => {
  const text = frontMatter({ 'kpep-number': '«8»', title: 'Pluggable storage backends' }) + kpepBody();
  expectDiagnostic(text, 'number-mismatch', 'error');
  expectNo(cleanKpep(), 'number-mismatch');
});

test('directory-name fires for a directory that is not NNNN-slug', () => {
  for (const directory of ['007-storage', '0007_storage', '0007-Storage', '0007-']) {
    expectDiagnostic(frontMatter().replace('kpep-number', '«kpep-number»') + kpepBody(), 'directory-name', 'error', { path: `kpeps/${directory}/README.md` });
  }
  expectNo(cleanKpep(), 'directory-name', { path: 'kpeps/00007-storage-v2/README.md' });
});

test('superseded-by-missing fires on status replaced without a successor', () => {
  expectDiagnostic(frontMatter({ status: '«replaced»' }) + kpepBody(), 'superseded-by-missing', 'error');
  expectNo(frontMatter({ status: 'replaced', 'superseded-by': '[9]' }) + kpepBody(), 'superseded-by-missing');
});

test('status-not-replaced fires on superseded-by while the status is not replaced', () => {
  expectDiagnostic(frontMatter({ '«superseded-by»': '[9]' }) + kpepBody(), 'status-not-replaced', 'error');
  expectNo(frontMatter({ 'superseded-by': '[]' }) + kpepBody(), 'status-not-replaced');
});
