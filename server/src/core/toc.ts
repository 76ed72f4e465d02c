/**
 * The table of contents between `<!-- toc -->` and `<!-- /toc -->`, as upstream mdtoc writes it:
 * the headings after the block, down to level 5, indented two spaces a level, GitHub anchors.
 */
import GithubSlugger from 'github-slugger';
import type { MarkdownModel } from './markdownModel';

const MAX_DEPTH = 5;

/** The toc list for the headings after the toc block, one line per heading, no trailing newline. */
export function generateToc(markdown: MarkdownModel): string {
  const { toc } = markdown;
  const headings = [...(markdown.h1 ? [markdown.h1] : []), ...markdown.sections.map((section) => section.heading)];
  // Anchors are numbered over the whole document, as GitHub numbers repeated headings.
  const slugger = new GithubSlugger();
  const entries = headings
    .map((heading) => ({ heading, anchor: slugger.slug(heading.text) }))
    .filter(({ heading }) => heading.level <= MAX_DEPTH && (!toc || heading.range.start > toc.endMarker.start));
  const topLevel = Math.min(...entries.map(({ heading }) => heading.level));
  return entries
    .map(({ heading, anchor }) => `${'  '.repeat(heading.level - topLevel)}- [${escapeLinkText(heading.text)}](#${anchor})`)
    .join('\n');
}

/** One line whatever the heading spans (a setext heading may span several), with brackets escaped. */
function escapeLinkText(text: string): string {
  return text
    // The lookbehind starts a match only at the first of a run of spaces, so the expression stays linear.
    .replace(/(?<![ \t])[ \t]*[\r\n]+[ \t]*/g, ' ')
    .replace(/[[\]\\]/g, (character) => `\\${character}`);
}

/** The lines of a toc body that carry an entry, without trailing spaces. */
export function tocLines(body: string): string[] {
  return body.split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
}
