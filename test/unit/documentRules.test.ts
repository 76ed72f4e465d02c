import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMarkdown } from '../../server/src/core/markdownModel';
import { generateToc } from '../../server/src/core/toc';
import { cleanKpep, expectDiagnostic, expectNo, frontMatter, kpepBody, messageOf } from '../helpers/kpepFixtures';

test('title fires when the H1 does not match the number and front-matter title', () => {
  const diagnostic = expectDiagnostic(frontMatter() + kpepBody().replace('# KPEP-0007: Pluggable storage backends', '# «KPEP-0007: Pluggable storage»'), 'title', 'warning');
  assert.match(messageOf(diagnostic), /KPEP-0007: Pluggable storage backends/);
  expectDiagnostic(frontMatter() + kpepBody().replace('# KPEP-0007:', '# «KPEP-7:') .replace('backends\n', 'backends»\n'), 'title', 'warning');
  expectNo(cleanKpep(), 'title');
});

test('title fires where the body starts when there is no H1', () => {
  const body = kpepBody().split('\n').slice(1).join('\n');
  expectDiagnostic(`${frontMatter()}«${body.split('\n')[0]}\n»${body.split('\n').slice(1).join('\n')}`, 'title', 'warning');
});

test('the toc generator follows mdtoc: headings after the block, two spaces a level, GitHub anchors', () => {
  const markdown = parseMarkdown(
    '# KPEP-0001: T\n## Before\n<!-- toc -->\n<!-- /toc -->\n## Upgrade / Downgrade Strategy\n### User Stories (Optional)\n#### `kpep` [flags]\n###### Too deep\n## Summary\n## Summary\n',
    0,
  );
  assert.equal(
    generateToc(markdown),
    [
      '- [Upgrade / Downgrade Strategy](#upgrade--downgrade-strategy)',
      '  - [User Stories (Optional)](#user-stories-optional)',
      '    - [kpep \\[flags\\]](#kpep-flags)',
      '- [Summary](#summary)',
      '- [Summary](#summary-1)',
    ].join('\n'),
  );
});

test('a heading over several lines (setext) is one toc entry, so regenerating the toc is stable (found by the fuzzer)', () => {
  const text = '# KPEP-0001: T\n<!-- toc -->\n<!-- /toc -->\n\nN\n    ## not a heading\n---\n## Summary\n';
  const toc = generateToc(parseMarkdown(text, 0));
  assert.equal(toc, '- [N ## not a heading](#n-not-a-heading)\n- [Summary](#summary)');
  const regenerated = text.replace('<!-- toc -->\n', `<!-- toc -->\n${toc}\n`);
  assert.equal(generateToc(parseMarkdown(regenerated, 0)), toc);
});

test('toc-stale fires on the toc marker when an entry is missing, and not when it is current', () => {
  const stale = cleanKpep().replace('  - [Goals](#goals)\n', '');
  expectDiagnostic(stale.replace('<!-- toc -->', '«<!-- toc -->»'), 'toc-stale', 'warning');
  expectNo(cleanKpep(), 'toc-stale');
  expectNo(cleanKpep().replace(/<!-- toc -->[\s\S]*<!-- \/toc -->\n/, ''), 'toc-stale');
});

test('unresolved is information while provisional and an error from implementable', () => {
  const block = (status: string): string =>
    frontMatter({ status }) + kpepBody({ extra: { Proposal: 'Text.\n\n«<<[UNRESOLVED quota units ]>>»\nBytes or objects?\n<<[/UNRESOLVED]>>' } });
  expectDiagnostic(block('provisional'), 'unresolved', 'information');
  expectDiagnostic(block('implementable'), 'unresolved', 'error');
  expectNo(frontMatter() + kpepBody({ extra: { Proposal: 'We once had an `<<[UNRESOLVED x ]>>` block here.\n\n```\n<<[UNRESOLVED y ]>>\n```' } }), 'unresolved');
});
