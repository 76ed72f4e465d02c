/**
 * Documents in the shape real KPEPs have (front matter, ATX headings, wrapped paragraphs with
 * references and links, code, comments, lists), for properties that compare two readers of the
 * same text. The hostile generator in kpepProperties.ts is for "never throws"; this one stays
 * inside what both readers are meant to read alike.
 */
import fc from 'fast-check';

const word = fc.constantFrom('storage', 'plugin', 'the', 'API', 'watch', 'Goals', 'rollout', 'v2', 'tenants', 'quota', '**bold**', '_soft_', '`lint`', 'x/y');

const url = fc.constantFrom('../0002-long-polling/README.md', '../0003-audit/', 'kpeps/0005-streaming/README.md', '../2290-some-slug/README.md', 'https://example.com/kpeps/0002-x/', './design.md', '#goals', '../0002-long-polling/README.md#goals');

const reference = fc.constantFrom('KPEP-2', 'KPEP-0003', 'KPEP-12', '`KPEP-4`', '<!-- KPEP-9 -->');

/** A link whose text or destination may wrap onto the next line, as an editor's hard wrap leaves it. */
const link = fc
  .tuple(fc.boolean(), word, word, fc.constantFrom(' ', '\n', ' '), fc.constantFrom('', '', '\n'), url)
  .map(([image, first, second, textBreak, urlBreak, target]) => `${image ? '!' : ''}[${first}${textBreak}${second}](${urlBreak}${target})`);

const piece = fc.oneof({ weight: 4, arbitrary: word }, { weight: 2, arbitrary: reference }, { weight: 2, arbitrary: link });

/** A paragraph: pieces joined by spaces, some by line breaks (never one that would start a block). */
const paragraph = fc
  .array(fc.tuple(piece, fc.constantFrom(' ', ' ', ' ', '\n')), { minLength: 1, maxLength: 12 })
  .map((pieces) => pieces.map(([text, separator], index) => (index === 0 ? text : `${separator}${text}`)).join(''))
  // A line that opens with `<!--` is an HTML block, not a paragraph; the model keeps such a block whole as the Summary's text, the scan does not.
  .map((text) => text.replace(/^(?=<!--)/gm, 'see '));

const headingText = fc.oneof(
  fc.constantFrom('Summary', 'Motivation', 'Goals', 'Non-Goals', 'Design Details', 'Use `kpep lint`', 'Risks **and** Mitigations', 'KPEP-0007: Pluggable storage', 'Notes (Optional)', 'Summary'),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')),
);

const block = fc.oneof(
  // A Summary opens with prose: the model would take a code block there as the Summary's text, the scan skips code.
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 4 }), headingText, paragraph)
      .map(([level, text, prose]) => `${'#'.repeat(level)} ${text}${text === 'Summary' ? `\n\n${prose}` : ''}`),
  },
  { weight: 5, arbitrary: paragraph },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('```', '~~~'), paragraph).map(([fence, text]) => `${fence}\n${text.replace(/^(?=[`~])/gm, ' ')}\n${fence}`) },
  { weight: 1, arbitrary: paragraph.map((text) => `<!--\n${text.replace(/-->/g, '')}\n-->`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(word, link), { minLength: 1, maxLength: 3 }).map((items) => items.map(([text, target]) => `- ${text} ${target.replace(/\n/g, ' ')}`).join('\n')) },
);

const frontMatter = fc
  .tuple(fc.constantFrom('provisional', 'implementable', 'replaced'), fc.subarray([2, 3, 5]), fc.subarray([1, 4]))
  .map(([status, seeAlso, replaces]) =>
    ['---', 'kpep-number: 7', 'title: Pluggable storage', `status: ${status}`, 'authors: ["@alice"]', 'creation-date: 2026-11-24', `see-also: [${seeAlso.join(', ')}]`, `replaces: [${replaces.join(', ')}]`, '---'].join('\n'),
  );

/** A KPEP-shaped document, with LF or CRLF line breaks. */
export const kpepShapedDocument = fc
  .tuple(frontMatter, fc.array(block, { maxLength: 14 }), fc.constantFrom('\n', '\r\n'))
  .map(([matter, blocks, lineBreak]) => `${matter}\n${blocks.join('\n\n')}\n`.replace(/\n/g, lineBreak));
