/**
 * Properties over documents made from the templates: a proposal that writes every section has no
 * finding at any status, however its headings are spelt within the rules; and regenerating the
 * toc (what `kpep toc --write` does) settles at once and leaves no toc-stale.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseTemplate, defaultTemplate, templateOnDemand, type TemplateModel, type TemplateSection } from '../../server/src/core/template/templateModel';
import { refreshTocBlock } from '../../server/src/core/tocEdit';
import { codesOf, diagnose, frontMatter, messageOf } from '../helpers/kpepFixtures';

const RUNS = Number(process.env['KPEP_PROPERTY_RUNS'] ?? 40);

const TEMPLATES: readonly TemplateModel[] = [
  defaultTemplate(),
  parseTemplate({ path: 'templates/README.md', text: readFileSync(resolve(__dirname, '../../../test/fixtures/real-style/templates/README.md'), 'utf8') }),
];

test('a template read on demand is the parsed template, parsed once, its text at hand before', () => {
  const source = { path: 'templates/README.md', text: readFileSync(resolve(__dirname, '../../../test/fixtures/real-style/templates/README.md'), 'utf8') };
  const onDemand = templateOnDemand(source);
  assert.equal(onDemand.text, source.text);
  assert.equal(onDemand.path, source.path);
  const parsed = parseTemplate(source);
  assert.deepEqual({ sections: onDemand.sections, guidance: onDemand.guidance, placeholderTitles: onDemand.placeholderTitles }, { sections: parsed.sections, guidance: parsed.guidance, placeholderTitles: parsed.placeholderTitles });
  assert.equal(onDemand.sections, onDemand.sections, 'the same sections on every read: rules key maps by them');
  assert.deepEqual(diagnose(`${frontMatter()}\n# KPEP-0007: Title\n`, { template: onDemand }), diagnose(`${frontMatter()}\n# KPEP-0007: Title\n`, { template: parsed }));
});

const WORDS = ['storage', 'plugin', 'operators', 'tenant', 'quota', 'latency', 'gate', 'backend', 'apiserver', 'rollout', 'metrics', 'shard'];

const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 9 }).map((words) => `${words.join(' ')}.`.replace(/^./, (first) => first.toUpperCase()));
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((sentences) => sentences.join(' '));

/** The ways authors spell a template heading that must still match it. */
const spelling = fc.constantFrom('as-is', 'lower', 'upper', 'bracket-optional', 'colon', 'bold');

function spell(section: TemplateSection, how: string): string {
  const { text } = section.heading;
  switch (how) {
    case 'lower':
      return text.toLowerCase();
    case 'upper':
      return text.toUpperCase();
    case 'bracket-optional':
      return section.optional && text.endsWith('(Optional)') ? `${section.title} [optional]` : text;
    case 'colon':
      return /[?:.]$/.test(text) || section.optional ? text : `${text}:`;
    case 'bold':
      return `**${text}**`;
    default:
      return text;
  }
}

const STATUSES = ['provisional', 'implementable', 'implemented', 'withdrawn', 'replaced'];

const writtenKpep = fc.record({
  template: fc.nat({ max: TEMPLATES.length - 1 }),
  status: fc.constantFrom(...STATUSES),
  spellings: fc.array(spelling, { minLength: 80, maxLength: 80 }),
  bullets: fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
  texts: fc.array(paragraph, { minLength: 80, maxLength: 80 }),
  toc: fc.boolean(),
});

type WrittenKpep = typeof writtenKpep extends fc.Arbitrary<infer T> ? T : never;

function writtenText(input: WrittenKpep): { text: string; template: TemplateModel } {
  const template = TEMPLATES[input.template] ?? defaultTemplate();
  const body = template.sections
    .map((section, index) => {
      const text = input.texts[index % input.texts.length] ?? 'Our own words.';
      // A question may be answered as a bold bullet under its parent, as older proposals do.
      if (section.heading.level === 6 && input.bullets[index]) {
        return `* **${section.heading.text}**\n\n  ${text}\n`;
      }
      return `${'#'.repeat(section.heading.level)} ${spell(section, input.spellings[index] ?? 'as-is')}\n\n${text}\n`;
    })
    .join('\n');
  const superseded = input.status === 'replaced' ? { 'superseded-by': '[9]' } : {};
  const draft = `${frontMatter({ status: input.status, ...superseded })}# KPEP-0007: Pluggable storage backends\n\n${input.toc ? '<!-- toc -->\n<!-- /toc -->\n\n' : ''}${body}`;
  return { text: refreshTocBlock({ text: draft }).text, template };
}

test('property: a KPEP that writes every template section has no finding, at any status', () => {
  fc.assert(
    fc.property(writtenKpep, (input) => {
      const { text, template } = writtenText(input);
      const diagnostics = diagnose(text, { template });
      assert.deepEqual(
        diagnostics.map((d) => `${String(d.code)} line ${d.range.start.line + 1}: ${messageOf(d)}`),
        [],
        text,
      );
    }),
    { numRuns: RUNS },
  );
});

const fragment = fc.constantFrom('Storage', 'plugin', '`kpep lint`', '->', '[optional]', '&', '"quoted"', 'Story 1', '_emphasis_', '**bold**');
const headingText = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));
const authorHeading = fc.record({ level: fc.integer({ min: 2, max: 6 }), text: headingText, after: fc.nat({ max: 40 }) });

const tocInput = fc.record({
  base: writtenKpep,
  omit: fc.array(fc.nat({ max: 60 }), { maxLength: 8 }),
  headings: fc.array(authorHeading, { maxLength: 6 }),
  /** The toc the document starts with: empty, current, or written in mdtoc's style for other headings. */
  start: fc.constantFrom('empty', 'current', 'stale-mdtoc', 'stale-plain'),
});

test('property: kpep toc --write settles in one run and leaves no toc-stale, whatever the toc held', () => {
  fc.assert(
    fc.property(tocInput, (input) => {
      const { text: written, template } = writtenText({ ...input.base, toc: true });
      const lines = written.split('\n');
      const omitted = new Set(input.omit);
      let headingIndex = 0;
      const kept = lines.filter((line) => !(line.startsWith('#') && !line.startsWith('# ') && omitted.has(headingIndex++)));
      const withHeadings = [...kept];
      for (const heading of input.headings) {
        const at = Math.min(withHeadings.length, withHeadings.indexOf('<!-- /toc -->') + 2 + heading.after);
        withHeadings.splice(at, 0, '', `${'#'.repeat(heading.level)} ${heading.text}`, '', 'Text of the heading.', '');
      }
      let text = withHeadings.join('\n');
      const tocBody = /<!-- toc -->\n([\s\S]*?)<!-- \/toc -->/;
      if (input.start === 'empty') {
        text = text.replace(tocBody, '<!-- toc -->\n<!-- /toc -->');
      } else if (input.start === 'stale-mdtoc') {
        text = text.replace(tocBody, '<!-- toc -->\n- [The <code>old</code> name](#the-old-name)\n- [A -&gt; B](#a---b)\n<!-- /toc -->');
      } else if (input.start === 'stale-plain') {
        text = text.replace(tocBody, '<!-- toc -->\n- [Summary](#summary)\n  - [Gone \\[optional\\]](#gone-optional)\n<!-- /toc -->');
      }
      const once = refreshTocBlock({ text }).text;
      assert.equal(refreshTocBlock({ text: once }).text, once, 'a second run changes nothing');
      assert.ok(!codesOf(diagnose(once, { template })).includes('toc-stale'), once);
    }),
    { numRuns: RUNS },
  );
});
