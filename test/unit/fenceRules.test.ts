import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codesOf, diagnose, expectDiagnostic, expectNo, frontMatter, kpepBody, messageOf } from '../helpers/kpepFixtures';

/** A clean KPEP whose Proposal holds a list item with a code block, closed by `closing`. */
function withListFence(closing: string, status = 'implementable'): string {
  const step = '1. Enable the plugin:\n\n   «```yaml»\n   storage: plugin\n' + closing + '\n';
  return frontMatter({ status }) + kpepBody({ extra: { Proposal: step } });
}

test('unclosed-fence fires on a fence closed less indented than its list item, and the sections it swallows are not each missing', () => {
  // The closing fence at column 0 ends the list item, then opens a block that runs to the end.
  const marked = withListFence('```').replace('«```yaml»', '```yaml').replace('\n```\n', '\n«```»\n');
  const diagnostic = expectDiagnostic(marked, 'unclosed-fence', 'warning');
  assert.match(messageOf(diagnostic), /never closed.*It swallows \d+ headings "User Stories \(Optional\)", "Notes\/Constraints\/Caveats \(Optional\)", "Risks and Mitigations", …/);
  const text = marked.replace('«', '').replace('»', '');
  const codes = codesOf(diagnose(text));
  assert.deepEqual(codes.filter((code) => code === 'missing-section'), [], codes.join(', '));
  assert.equal(codes.filter((code) => code === 'unclosed-fence').length, 1);
});

test('unclosed-fence does not fire on a fence closed at the list item indentation, nor on one that ends with its list item', () => {
  expectNo(withListFence('   ```'), 'unclosed-fence');
  // Unclosed but inside a list item that ends before the next heading: CommonMark ends the block with the item.
  expectNo(frontMatter() + kpepBody({ extra: { Proposal: '- Enable it:\n\n  ```yaml\n  storage: plugin\n' } }), 'unclosed-fence');
  expectNo(frontMatter() + kpepBody({ extra: { Alternatives: '````\n```\nnot the end\n````' } }), 'unclosed-fence');
});

test('an unclosed fence at the end of the document, with no heading after it, is still reported', () => {
  const text = frontMatter() + kpepBody() + '\n«~~~»\nkpep lint\n';
  const diagnostic = expectDiagnostic(text, 'unclosed-fence', 'warning');
  assert.doesNotMatch(messageOf(diagnostic), /swallows/);
  // A missing section that is not in the fence is still missing.
  const missing = frontMatter() + kpepBody({ omit: ['Summary'] }) + '\n~~~\n## Goals\n';
  assert.ok(codesOf(diagnose(missing)).includes('missing-section'));
});
