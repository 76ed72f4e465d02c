import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTemplate } from '../../server/src/core/template/templateModel';
import { cleanKpep, codesOf, diagnose, expectDiagnostic, expectNo, frontMatter, kpepBody, messageOf } from '../helpers/kpepFixtures';

const mark = (text: string, target: string): string => text.replace(target, `«${target}»`);

test('missing-section: Summary is a warning while provisional, on the H1', () => {
  const text = frontMatter() + kpepBody({ omit: ['Summary'] });
  const diagnostic = expectDiagnostic(mark(text, 'KPEP-0007: Pluggable storage backends'), 'missing-section', 'warning');
  assert.match(messageOf(diagnostic), /"Summary" is missing/);
  expectNo(cleanKpep(), 'missing-section');
});

test('missing-section: a later section is information before implementable, an error from it', () => {
  const text = (status: string): string => mark(frontMatter({ status }) + kpepBody({ omit: ['Drawbacks'] }), 'KPEP-0007: Pluggable storage backends');
  assert.match(messageOf(expectDiagnostic(text('provisional'), 'missing-section', 'information')), /^Needed before implementable, not written yet: "Drawbacks"\.$/);
  expectDiagnostic(text('implementable'), 'missing-section', 'error');
  expectDiagnostic(text('implemented'), 'missing-section', 'error');
  expectNo(frontMatter({ status: 'withdrawn' }) + kpepBody({ omit: ['Drawbacks'] }), 'missing-section');
});

test('missing-section: a missing parent is reported once, naming its subsections; a missing child on its parent', () => {
  const withoutMotivation = frontMatter() + kpepBody({ omit: ['Motivation', 'Goals', 'Non-Goals'] });
  const found = diagnose(withoutMotivation).filter((d) => d.code === 'missing-section');
  assert.deepEqual(found.map(messageOf), ['The section "Motivation" with its subsections "Goals", "Non-Goals" is missing.']);
  expectDiagnostic(mark(frontMatter() + kpepBody({ omit: ['Goals'] }), '## Motivation').replace('«## Motivation»', '## «Motivation»'), 'missing-section', 'warning');
});

test('missing-section: optional sections may be left out', () => {
  expectNo(frontMatter({ status: 'implementable' }) + kpepBody({ omit: ['User Stories', 'Infrastructure Needed'] }), 'missing-section');
});

test('headings match case-insensitively, ignoring (Optional) and spacing', () => {
  const text = cleanKpep().replace('## Non-Goals', '### NON-GOALS').replace('### Non-Goals', '### non-goals').replace('## Summary', '##   SUMMARY (Optional)');
  expectNo(text, 'missing-section');
});

test('headings inside HTML comments or code fences do not count', () => {
  const text = frontMatter() + kpepBody({ omit: ['Summary'] }).replace('## Motivation', '<!--\n## Summary\n-->\n\n```\n## Summary\n```\n\n## Motivation');
  assert.ok(diagnose(text).some((d) => d.code === 'missing-section' && /Summary/.test(messageOf(d))));
});

test('section-order fires on the section that is out of place, naming where it belongs', () => {
  const text = cleanKpep();
  const drawbacks = '## Drawbacks\n\nWhat the drawbacks of this storage proposal says.\n\n';
  const moved = text.replace(drawbacks, '').replace('## Design Details', `${drawbacks}## Design Details`);
  const diagnostic = expectDiagnostic(moved.replace('## Drawbacks', '## «Drawbacks»'), 'section-order', 'warning');
  assert.match(messageOf(diagnostic), /after "Implementation History"/);
  expectNo(cleanKpep(), 'section-order');
});

test('heading-level fires on the marker of a template heading at the wrong level', () => {
  const text = cleanKpep().replace('### Risks and Mitigations', '«####» Risks and Mitigations');
  assert.match(messageOf(expectDiagnostic(text, 'heading-level', 'warning')), /level-3/);
  expectNo(cleanKpep(), 'heading-level');
});

test('empty-section fires on a required section with only a template comment, by status gate', () => {
  const empty = (status: string, title: string): string =>
    frontMatter({ status }) + kpepBody({ extra: { [title]: '<!-- Describe it. -->' } }).replace(`## ${title}\n`, `## «${title}»\n`);
  expectDiagnostic(empty('provisional', 'Summary'), 'empty-section', 'warning');
  const laterEmpty = frontMatter() + kpepBody({ extra: { Drawbacks: '<!-- Describe it. -->' } });
  expectDiagnostic(mark(laterEmpty, 'KPEP-0007: Pluggable storage backends'), 'empty-section', 'information');
  expectDiagnostic(empty('implementable', 'Drawbacks'), 'empty-section', 'error');
  expectNo(cleanKpep(), 'empty-section');
});

test("empty-section: the author's own subsections count as the section's content; template children do not", () => {
  const withStory = frontMatter() + kpepBody({ extra: { Summary: '#### In short\n\nWe add a storage plugin API.' } });
  expectNo(withStory, 'empty-section');
  // A container whose template subsections are written is not empty: its answers live there.
  expectNo(frontMatter() + kpepBody({ extra: { Motivation: '<!-- why -->' } }), 'empty-section');
  const allEmpty = frontMatter() + kpepBody({ extra: { Motivation: '<!-- why -->', Goals: '<!-- goals -->', 'Non-Goals': '<!-- not -->' } });
  assert.deepEqual(
    diagnose(allEmpty).filter((d) => d.code === 'empty-section').map(messageOf),
    ['The section "Motivation" has no content of its own.', 'The section "Goals" has no content of its own.', 'The section "Non-Goals" has no content of its own.'],
  );
});

test('template-guidance fires on text and comments left unchanged from the template', () => {
  const template = parseTemplate({
    path: 'templates/README.md',
    text: '# KPEP-NNNN: Title\n\n## Summary\n\n<!-- Say what changes. -->\n\nReplace this sentence.\n\n## Motivation\n\nWhy.\n',
  });
  const kpep = (summary: string, status = 'provisional'): string =>
    `${frontMatter({ status })}# KPEP-0007: Pluggable storage backends\n\n## Summary\n\n${summary}\n\n## Motivation\n\nBecause.\n`;
  expectDiagnostic(kpep('«<!-- Say   what changes. -->»\n\nOur own words.'), 'template-guidance', 'information', { template });
  expectDiagnostic(kpep('Our own words.\n\n«Replace this sentence.»', 'implementable'), 'template-guidance', 'warning', { template });
  // A section with nothing but the guidance is reported once, as empty.
  assert.deepEqual(codesOf(diagnose(kpep('Replace this sentence.', 'implementable'), { template })), ['empty-section']);
  expectNo(kpep('Replace this sentence with ours.'), 'template-guidance', { template });
});

test('a workspace template sets its own sections and gates with required-from', () => {
  const template = parseTemplate({
    path: 'templates/README.md',
    text: '# T\n\n## Summary\n\nx\n\n## Security Review\n<!-- kpep: required-from provisional -->\n\ny\n\n## Rollout (Optional)\n\nz\n',
  });
  const text = `${frontMatter()}# KPEP-0007: Pluggable storage backends\n\n## Summary\n\nWe add plugins.\n`;
  const diagnostic = expectDiagnostic(mark(text, 'KPEP-0007: Pluggable storage backends'), 'missing-section', 'warning', { template });
  assert.match(messageOf(diagnostic), /Security Review/);
  assert.equal(diagnose(text, { template }).filter((d) => d.code === 'missing-section').length, 1);
});

test('rules settings change a severity or turn a code off', () => {
  const text = frontMatter({ '«reviwers»': '[]' }) + kpepBody();
  expectDiagnostic(text, 'field-unknown', 'error', { rules: { 'field-unknown': 'error' } });
  expectNo(text.replace(/[«»]/g, ''), 'field-unknown', { rules: { 'field-unknown': 'off' } });
});

test('the pairing kept from one check to the next follows each heading: a renamed or re-levelled heading is paired again', () => {
  const clean = cleanKpep({ status: 'implementable' });
  const nearMiss = clean.replace('### Risks and Mitigations\n', '### Risks and Mitigation\n');
  // Out of its parent (Proposal), the heading is the author's own and the section is missing.
  const outside = clean.replace('### Risks and Mitigations\n', '## Risks and Mitigations\n');
  // The same headings as the check before, then one key changed, then back, then one level changed.
  assert.deepEqual(codesOf(diagnose(clean)).filter((code) => code.startsWith('heading-')), []);
  assert.deepEqual(codesOf(diagnose(clean)).filter((code) => code.startsWith('heading-')), []);
  assert.deepEqual(codesOf(diagnose(nearMiss)).filter((code) => code.startsWith('heading-')), ['heading-text']);
  assert.deepEqual(codesOf(diagnose(clean)).filter((code) => code.startsWith('heading-')), []);
  assert.ok(codesOf(diagnose(outside)).includes('missing-section'));
  assert.ok(!codesOf(diagnose(clean)).includes('missing-section'));
});
