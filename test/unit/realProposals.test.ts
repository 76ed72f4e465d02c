/**
 * The findings real proposals used to get wrongly, each with the case where it must still fire:
 * kept template blocks, questionnaire containers, heading variants and near misses, bullet
 * answers, mdtoc tocs, author headings that share template names, placeholder titles, and a
 * fresh draft.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseKpepDocument } from '../../server/src/core/kpepDocument';
import { classifyKpepPath } from '../../server/src/core/kpepPath';
import { planNewKpep } from '../../server/src/core/lifecycle/newKpep';
import { quickFixesFor } from '../../server/src/core/lifecycle/quickFixes';
import { implementableBlockers } from '../../server/src/core/lifecycle/statusTransitions';
import { applyTextEdits } from '../../server/src/core/lifecycle/textEdit';
import { sectionKey, withoutOptional } from '../../server/src/core/sectionKey';
import { defaultTemplate, parseTemplate, type TemplateModel } from '../../server/src/core/template/templateModel';
import { refreshTocBlock } from '../../server/src/core/tocEdit';
import { cleanKpep, codesOf, diagnose, expectDiagnostic, expectNo, frontMatter, KPEP_PATH, messageOf } from '../helpers/kpepFixtures';

const H1 = '# KPEP-0007: Pluggable storage backends\n\n';

const UPSTREAM_STYLE = `# KPEP-NNNN: Your short, descriptive title

## Release Signoff Checklist

<!-- Tick each box as review goes. -->

<!-- kpep: keep -->
Items marked with (R) are required *prior to targeting to a milestone / release*.

- [ ] (R) Design details are appropriately documented
- [ ] (R) Test plan is in place

[kplane/docs]: https://example.com/kplane/docs

## Summary

<!-- Say what changes. -->

## Design Details

<!-- The mechanics. -->

## Production Readiness Review Questionnaire

<!-- Answer every question below. -->

### Feature Enablement and Rollback

<!-- How it is switched on and off. -->

###### How can this feature be enabled / disabled in a live cluster?

<!-- Name the gate. -->

###### Does enabling the feature change any default behavior?

<!-- Anything a user notices. -->

## Alternatives

Name each alternative and say why it lost.
`;

const upstream = (): TemplateModel => parseTemplate({ path: 'templates/README.md', text: UPSTREAM_STYLE });

const SIGNOFF = `## Release Signoff Checklist

Items marked with (R) are required *prior to targeting to a milestone / release*.

- [x] (R) Design details are appropriately documented
- [ ] (R) Test plan is in place

[kplane/docs]: https://example.com/kplane/docs
`;

const QUESTIONS = `## Production Readiness Review Questionnaire

### Feature Enablement and Rollback

###### How can this feature be enabled / disabled in a live cluster?

With the \`PluggableStorage\` feature gate on the apiserver.

###### Does enabling the feature change any default behavior?

No.
`;

/** An upstream-style proposal, every section written unless `parts` replaces it. */
function upstreamKpep(parts: { signoff?: string; questions?: string; alternatives?: string; status?: string } = {}): string {
  return `${frontMatter({ status: parts.status ?? 'implementable' })}${H1}${parts.signoff ?? SIGNOFF}
## Summary

We let operators choose a storage backend.

## Design Details

A plugin interface over gRPC.

${parts.questions ?? QUESTIONS}
## Alternatives

${parts.alternatives ?? 'Forking the apiserver per backend, rejected for its upkeep.'}
`;
}

test('template-guidance: link reference definitions, task lists and blocks marked kept are never guidance left unchanged', () => {
  expectNo(upstreamKpep(), 'template-guidance', { template: upstream() });
  expectNo(upstreamKpep({ signoff: SIGNOFF.replace('- [x]', '- [ ]') }), 'template-guidance', { template: upstream() });
  // Without the marker the legend is the template's text like any other.
  const unmarked = parseTemplate({ path: 'templates/README.md', text: UPSTREAM_STYLE.replace('<!-- kpep: keep -->\n', '') });
  expectDiagnostic(upstreamKpep().replace('Items marked', '«Items marked').replace('release*.', 'release*.»'), 'template-guidance', 'warning', { template: unmarked });
});

test('template-guidance: comments and guidance prose left unchanged are still reported', () => {
  const withComment = upstreamKpep({ signoff: SIGNOFF.replace('\nItems', '\n«<!-- Tick each box as review goes. -->»\n\nItems') });
  expectDiagnostic(withComment, 'template-guidance', 'warning', { template: upstream() });
  const withProse = upstreamKpep({ alternatives: 'Forking the apiserver, rejected.\n\n«Name each alternative and say why it lost.»' });
  expectDiagnostic(withProse, 'template-guidance', 'warning', { template: upstream() });
});

test('the built-in template marks what it keeps: its checklist and the line above it are not guidance', () => {
  const template = defaultTemplate();
  const section = template.sections.find((candidate) => candidate.title === 'Release Signoff Checklist');
  assert.ok(section);
  const kept = section.guidance.filter((block) => block.kind === 'content');
  assert.equal(kept.length, 2);
  for (const block of kept) {
    assert.ok(!template.guidance.has(block.normalized), block.normalized);
  }
});

test('empty-section: a container whose questions are answered is not empty; an unanswered question is', () => {
  expectNo(upstreamKpep(), 'empty-section', { template: upstream() });
  const unanswered = upstreamKpep({ questions: QUESTIONS.replace('No.\n', '<!-- Anything a user notices. -->\n') });
  const found = diagnose(unanswered, { template: upstream() }).filter((d) => d.code === 'empty-section');
  assert.deepEqual(found.map(messageOf), ['The section "Does enabling the feature change any default behavior?" has no content of its own.']);
  const noneAnswered = upstreamKpep({ questions: '## Production Readiness Review Questionnaire\n\n<!-- Answer every question below. -->\n\n### Feature Enablement and Rollback\n\n###### How can this feature be enabled / disabled in a live cluster?\n\n###### Does enabling the feature change any default behavior?\n' });
  assert.ok(diagnose(noneAnswered, { template: upstream() }).some((d) => d.code === 'empty-section' && /"Production Readiness Review Questionnaire"/.test(messageOf(d))));
});

test('missing-section: questions answered as bold bullets count as the sections they name', () => {
  const bullets = QUESTIONS.replace(/###### (.*)\n\n(.*)\n/g, '* **$1**\n\n  $2\n');
  assert.ok(bullets.includes('* **How can this feature be enabled / disabled in a live cluster?**'));
  const text = upstreamKpep({ questions: bullets });
  assert.deepEqual(codesOf(diagnose(text, { template: upstream() })), []);
  // A bullet that asks nothing the template asks, and one left unanswered.
  const other = upstreamKpep({ questions: bullets.replace('live cluster?**', 'test cluster?**') });
  assert.match(messageOf(expectDiagnostic(other.replace('### Feature Enablement and Rollback', '### «Feature Enablement and Rollback»'), 'missing-section', 'error', { template: upstream() })), /enabled \/ disabled in a live cluster/);
  const bare = upstreamKpep({ questions: bullets.replace('\n\n  No.\n', '\n') });
  expectDiagnostic(bare.replace('**Does enabling the feature change any default behavior?**', '«**Does enabling the feature change any default behavior?**»'), 'empty-section', 'error', { template: upstream() });
});

test('section keys ignore optional marks, case, markup, trailing punctuation and hyphen against space', () => {
  for (const variant of ['User Stories (Optional)', 'user stories (optional)', 'User Stories [optional]', '**User Stories**', '`User` _Stories_:', 'User-Stories?', 'User Stories.']) {
    assert.equal(sectionKey(variant), 'userstories', variant);
  }
  assert.equal(withoutOptional('Story 1 [optional]'), 'Story 1');
  const text = cleanKpep({ status: 'implementable' })
    .replace('## Summary\n', '## Summary:\n')
    .replace('### Non-Goals\n', '### Non Goals\n')
    .replace('### User Stories (Optional)\n', '### User Stories [optional]\n')
    .replace('## Design Details\n', '## **design details**\n');
  for (const code of ['missing-section', 'heading-text', 'heading-level', 'section-order'] as const) {
    expectNo(text, code);
  }
});

test('heading-text: a near miss counts as the section, and the quick fix uses the template wording', () => {
  const text = cleanKpep({ status: 'implementable' }).replace('### Risks and Mitigations\n', '### «Risks and Mitigation»\n');
  const diagnostic = expectDiagnostic(text, 'heading-text', 'information');
  assert.match(messageOf(diagnostic), /"Risks and Mitigations"/);
  const plain = text.replace(/[«»]/g, '');
  expectNo(plain, 'missing-section');
  const document = parseKpepDocument(TextDocument.create('file:///w/x.md', 'markdown', 1, plain));
  const kpepPath = classifyKpepPath(KPEP_PATH, 'kpeps');
  assert.ok(kpepPath);
  const range = { start: document.textDocument.offsetAt(diagnostic.range.start), end: document.textDocument.offsetAt(diagnostic.range.end) };
  const [fix] = quickFixesFor({ document, path: kpepPath, template: defaultTemplate(), today: '2026-12-01' }, { code: 'heading-text', range });
  assert.ok(fix);
  assert.ok(applyTextEdits(plain, fix.edits).includes('### Risks and Mitigations\n'));
});

test('heading-text: no near miss for a short key or a renumbered story; a misspelt short heading is missing', () => {
  const stories = parseTemplate({ path: 't.md', text: '# T\n\n## Summary\n\nx\n\n## User Stories (Optional)\n\n### Story 1\n\n### Story 2\n\n## Goals\n\ny\n' });
  const text = `${frontMatter()}${H1}## Summary\n\nWe add plugins.\n\n## User Stories\n\n### Story 1\n\nOne.\n\n### Story 3\n\nThree.\n\n## «Gaols»\n\nFast.\n`;
  expectNo(text.replace(/[«»]/g, ''), 'heading-text', { template: stories });
  expectDiagnostic(text.replace('## «Gaols»', '## Gaols').replace('# KPEP-0007: Pluggable storage backends', '# «KPEP-0007: Pluggable storage backends»'), 'missing-section', 'warning', {
    template: parseTemplate({ path: 't.md', text: '# T\n\n## Summary\n\nx\n\n## User Stories (Optional)\n\n### Story 1\n\n### Story 2\n\n## Goals\n<!-- kpep: required-from provisional -->\n\ny\n' }),
  });
});

test("heading-level and section-order: the author's own heading that shares a template name gets no finding", () => {
  const ownAlternatives = cleanKpep({ status: 'implementable' }).replace('### Version Skew Strategy\n\n', '### Version Skew Strategy\n\n##### Alternatives\n\nInside the skew design we weighed a proxy.\n\n');
  for (const code of ['heading-level', 'section-order', 'missing-section'] as const) {
    expectNo(ownAlternatives, code);
  }
  // With no Alternatives of its own level, the one inside Design Details is the section, one level off.
  const onlyInside = ownAlternatives.replace(/\n## Alternatives\n\n.*\n/, '\n').replace('##### Alternatives', '«#####» Alternatives');
  expectDiagnostic(onlyInside, 'heading-level', 'warning');
});

test('title: a placeholder front-matter title is never copied into the H1; a difference in case is information', () => {
  for (const title of ['KEP Template', 'KPEP Template', 'TBD', '""', 'Your short, descriptive title']) {
    expectNo(cleanKpep({ title }), 'title');
  }
  const lower = cleanKpep({ title: 'Pluggable Storage Backends' }).replace('# KPEP-0007: Pluggable storage backends', '# «KPEP-0007: Pluggable storage backends»');
  assert.match(messageOf(expectDiagnostic(lower, 'title', 'information')), /only in case/);
  expectDiagnostic(cleanKpep({ title: 'Pluggable storage' }).replace('# KPEP-0007: Pluggable storage backends', '# «KPEP-0007: Pluggable storage backends»'), 'title', 'warning');
});

test('a fresh draft from the built-in template shows what is needed now, and one line for the rest', () => {
  const plan = planNewKpep({ template: defaultTemplate(), root: 'kpeps', kpepNumber: 7, title: 'Pluggable storage backends', authors: ['@alice'], today: '2026-12-01' });
  const diagnostics = diagnose(plan.text, { path: plan.path });
  const summary = diagnostics.map((d) => `${String(d.code)} ${messageOf(d).slice(0, 40)}`);
  assert.deepEqual(codesOf(diagnostics).sort(), ['empty-section', 'empty-section', 'empty-section', 'empty-section', 'empty-section'], summary.join('\n'));
  const later = diagnostics.find((d) => d.severity === 3 && d.code === 'empty-section');
  assert.ok(later);
  assert.match(messageOf(later), /^Needed before implementable, not written yet: "Proposal" with its subsections \(empty\), "Design Details"/);
  assert.ok((later.relatedInformation?.length ?? 0) >= 5, 'each later section points where it belongs');
  assert.equal(later.range.start.line, plan.text.split('\n').findIndex((line) => line.startsWith('# KPEP-0007')));
});

test('toc-stale: an mdtoc toc is compared as it renders, and kpep toc --write leaves a current one alone', () => {
  const body = (toc: string): string =>
    `${frontMatter()}${H1}<!-- toc -->\n${toc}\n<!-- /toc -->\n\n## The \`quota\` object\n\nx\n\n## Admission -> controller\n\ny\n\n## Story 1 [optional]\n\nz\n`;
  const mdtoc = '- [The <code>quota</code> object](#the-quota-object)\n- [Admission -&gt; controller](#admission---controller)\n- [Story 1 \\[optional\\]](#story-1-optional)';
  const current = body(mdtoc);
  expectNo(current, 'toc-stale');
  assert.equal(refreshTocBlock({ text: current }).text, current);
  // Indentation alone is not a difference.
  expectNo(body(mdtoc.replace('- [Admission', '    - [Admission')), 'toc-stale');
  const added = `${current}\n## Use \`kpep\` -> lint\n\nw\n`;
  const stale = expectDiagnostic(added.replace('<!-- toc -->', '«<!-- toc -->»'), 'toc-stale', 'warning');
  assert.match(messageOf(stale), /"Use kpep -> lint" has no entry \(1 heading without an entry\)/);
  const rewritten = refreshTocBlock({ text: added }).text;
  assert.ok(rewritten.includes(`${mdtoc}\n- [Use <code>kpep</code> -&gt; lint](#use-kpep---lint)\n<!-- /toc -->`), rewritten);
});

test('toc-stale names the first entry that differs: out of order, matching no heading, or a changed anchor', () => {
  const toc = (text: string): string => messageOf(expectDiagnostic(text.replace('<!-- toc -->', '«<!-- toc -->»'), 'toc-stale', 'warning'));
  const clean = cleanKpep();
  assert.match(toc(clean.replace('  - [Goals](#goals)\n  - [Non-Goals](#non-goals)', '  - [Non-Goals](#non-goals)\n  - [Goals](#goals)')), /the entry "Non-Goals" is out of order;/);
  assert.match(toc(clean.replace('- [Summary](#summary)', '- [Summary](#summary)\n- [Scope](#scope)')), /the entry "Scope" matches no heading \(1 entry matching no heading\)/);
  assert.match(toc(clean.replace('- [Summary](#summary)', '- [Summary](#summary-1)')), /the entry "Summary" links #summary-1, the heading's anchor is #summary/);
  assert.match(toc(clean.replace('- [Summary](#summary)', '- [Overview](#summary)')), /the entry "Overview" should read "Summary"/);
  expectNo(clean, 'toc-stale');
});

test('Mark implementable still names guidance left in a written section as a blocker', () => {
  const text = cleanKpep().replace('What the drawbacks of this storage proposal says.', 'What the drawbacks of this storage proposal says.\n\n<!--\nThe honest case against doing this: added complexity, maintenance cost, migration pain, or\nanything users lose.\n-->');
  const document = parseKpepDocument(TextDocument.create('file:///w/x.md', 'markdown', 1, text));
  assert.ok(implementableBlockers(document, defaultTemplate()).includes('1 piece of template guidance left unchanged'));
  assert.deepEqual(implementableBlockers(parseKpepDocument(TextDocument.create('file:///w/y.md', 'markdown', 1, cleanKpep())), defaultTemplate()), []);
});
