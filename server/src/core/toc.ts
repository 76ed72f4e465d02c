/**
 * The table of contents between `<!-- toc -->` and `<!-- /toc -->`, as upstream mdtoc writes it:
 * the headings after the block, down to level 5, indented two spaces a level, GitHub anchors.
 */
import { headingAnchors } from './headingAnchors';
import type { MarkdownModel } from './markdownModel';

const MAX_DEPTH = 5;

/** The toc list for the headings after the toc block, one line per heading, no trailing newline. */
export function generateToc(markdown: MarkdownModel): string {
  const { toc } = markdown;
  const headings = [...(markdown.h1 ? [markdown.h1] : []), ...markdown.sections.map((section) => section.heading)];
  const anchors = headingAnchors(headings.map((heading) => heading.text));
  const entries = headings
    .map((heading, index) => ({ heading, anchor: anchors[index] ?? '' }))
    .filter(({ heading }) => heading.level <= MAX_DEPTH && (!toc || heading.range.start > toc.endMarker.start));
  const topLevel = Math.min(...entries.map(({ heading }) => heading.level));
  return entries
    .map(({ heading, anchor }) => `${'  '.repeat(heading.level - topLevel)}- [${escapeLinkText(heading.text)}](#${anchor})`)
    .join('\n');
}

/** One line whatever the heading spans (a setext heading may span several), with brackets escaped. */
function escapeLinkText(text: string): string {
  return text
    .replace(/[ \t]*[\r\n]+[ \t]*/g, ' ')
    .replace(/[[\]\\]/g, (character) => `\\${character}`);
}

/** The lines of a toc body that carry an entry, without trailing spaces. */
export function tocLines(body: string): string[] {
  return body.split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
}
