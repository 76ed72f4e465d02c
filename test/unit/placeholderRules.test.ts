import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlaceholderText } from '../../server/src/core/diagnostics/placeholderRules';
import { cleanKpep, expectDiagnostic, expectNo, frontMatter, kpepBody, messageOf } from '../helpers/kpepFixtures';

const withDesign = (text: string, status = 'provisional'): string => frontMatter({ status }) + kpepBody({ extra: { 'Design Details': text } });

test('placeholder fires on a section whose only content is a placeholder, sharper as the KPEP advances', () => {
  const marked = '«TBD»';
  expectDiagnostic(withDesign(marked), 'placeholder', 'information');
  expectDiagnostic(withDesign(marked, 'implementable'), 'placeholder', 'warning');
  const diagnostic = expectDiagnostic(withDesign(marked, 'implemented'), 'placeholder', 'error');
  assert.match(messageOf(diagnostic), /"Design Details" holds only the placeholder "TBD"/);
  expectDiagnostic(withDesign('«TODO for SIG-Storage»', 'implementable'), 'placeholder', 'warning');
  expectDiagnostic(withDesign('«Fill out when targeting beta to a release.»', 'implementable'), 'placeholder', 'warning');
  expectDiagnostic(withDesign('«- **TBD**»', 'implementable'), 'placeholder', 'warning');
});

test('placeholder does not fire on prose that mentions TODO among real content', () => {
  expectNo(withDesign('The controller keeps a TODO list of objects still to migrate, and drains it in batches.'), 'placeholder');
  expectNo(withDesign('TODO lists are how operators track the migration; we reuse that word in the CLI.'), 'placeholder');
  expectNo(withDesign('TBD\n\nThe storage plugin API is a gRPC service with three calls.'), 'placeholder');
  expectNo(withDesign('STODO and TBDX are the names of the two test clusters.'), 'placeholder');
  expectNo(cleanKpep(), 'placeholder');
});

test('the placeholder text covers the shapes authors leave, word-bounded', () => {
  for (const text of ['TBD', 'TBD.', 'TODO:', 'TODO: describe the rollback', 'FIXME', 'XXX', 'TBD (after alpha)', '`TODO`', '> TBD', 'To be determined.', 'TODO for SIG-Auth']) {
    assert.equal(isPlaceholderText(text), true, text);
  }
  for (const text of ['TODOs are kept in the tracker', 'N/A', 'None.', 'tbd later maybe', `TODO: ${'x'.repeat(200)}`, 'XXXL sizes']) {
    assert.equal(isPlaceholderText(text), false, text);
  }
});

test('placeholder fires on front-matter values that are placeholders, and on a title kept from a template', () => {
  expectDiagnostic(frontMatter({ reviewers: '[«TBD»]', status: 'implementable' }) + kpepBody(), 'placeholder', 'warning');
  expectDiagnostic(frontMatter({ approvers: '\n  - «TBD»' }) + kpepBody(), 'placeholder', 'information');
  expectDiagnostic(frontMatter({ title: '«KEP Template»' }) + kpepBody({ title: 'KEP Template' }), 'placeholder', 'information');
  expectDiagnostic(frontMatter({ title: '«Your short, descriptive title»' }) + kpepBody({ title: 'Your short, descriptive title' }), 'placeholder', 'information');
  expectDiagnostic(frontMatter({ title: '«TBD»', status: 'implemented' }) + kpepBody({ title: 'TBD' }), 'placeholder', 'error');
});

test('placeholder does not fire on real front-matter values', () => {
  expectNo(frontMatter({ reviewers: '["@tbd-bot", "@carol"]', approvers: '[]' }) + kpepBody(), 'placeholder');
  expectNo(frontMatter({ title: 'Template rendering for KEP imports' }) + kpepBody({ title: 'Template rendering for KEP imports' }), 'placeholder');
});
