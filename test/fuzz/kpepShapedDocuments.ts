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

/** Lines indented by four columns: indented code after a blank line, a continuation after a list item or a paragraph line. */
const indented = (text: string, indent: string): string => text.replace(/^/gm, indent);

const indent = fc.constantFrom('    ', '\t', '     ', '  \t', '        ');

/** The shapes one reader once read apart from the other: indented code, HTML blocks, setext headings, `---`. */
const oddBlock = fc.oneof(
  fc.tuple(paragraph, indent).map(([text, prefix]) => indented(text, prefix)),
  fc.tuple(fc.constantFrom('- ', '* ', '1. ', '10) ', '-   '), word, paragraph, indent, fc.constantFrom('\n\n', '\n')).map(([marker, first, text, prefix, gap]) => `${marker}${first}${gap}${indented(text, prefix)}`),
  fc.tuple(paragraph, paragraph, indent).map(([first, text, prefix]) => `${first}\n${indented(text, prefix)}`),
  fc.tuple(fc.constantFrom('- a', '1. b', '- [x] c'), paragraph, fc.constantFrom('\n\n', '\n')).map(([item, text, gap]) => `${item}${gap}${indented(text, '  ')}`),
  fc
    .tuple(
      fc.constantFrom('<div>', '<details>', '<DIV class="note">', '</section>', '<pre>', '<script type="x">', '<style>', '<textarea>', '<?php', '<!DOCTYPE html', '<![CDATA[', '<span class="x" data-a=b>', '</span>', '<a href="x"title>', '<hr/>', '<del>', '<!-->', '<table><tr>'),
      paragraph,
      fc.constantFrom('', '\n</div>', '\n</pre> KPEP-13', '\n?>', '\n>', '\n]]>', '\n\n', '\n</script>'),
      paragraph,
    )
    .map(([open, text, close, after]) => `${open}\n${text}${close}\n${after}`),
  fc.tuple(paragraph, fc.constantFrom('<div>', '<span>', '<pre>', '<!-- c -->', '<p/>')).map(([text, tag]) => `${text}\n${tag}\nKPEP-14 after`),
  fc.tuple(paragraph, fc.constantFrom('===', '---', '  ---  ', '=', '- - -', '***', '    ===', '= =')).map(([text, underline]) => `${text}\n${underline}`),
  fc.tuple(headingText, fc.constantFrom('=====', '-----')).map(([text, underline]) => `${text}\n${underline}`),
  fc.constantFrom('---', '***', '___', '- - -'),
  fc.tuple(fc.constantFrom('- a\n---', '- a\n  ---', '- a\n===', '-\n\n  KPEP-15', '-\n  KPEP-16', '[a]: /u\n===', '> quoted\n>     KPEP-17', '> a\n---'), paragraph).map(([shape, text]) => `${shape}\n\n${text}`),
);

/** A KPEP-shaped document with odd blocks among the usual ones, with LF or CRLF line breaks. */
export const oddlyShapedKpepDocument = fc
  .tuple(frontMatter, fc.array(fc.oneof({ weight: 2, arbitrary: block }, { weight: 3, arbitrary: oddBlock }), { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([matter, blocks, lineBreak, setextTitle]) => `${matter}\n${setextTitle ? 'Pluggable storage KPEP-7\n===\n\n' : ''}${blocks.join('\n\n')}\n`.replace(/\n/g, lineBreak));
