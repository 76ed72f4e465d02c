/**
 * GitHub's heading anchors (`## Design Details` → `#design-details`, a repeat → `-1`), the one
 * place they are computed: the toc, the index and link checks all read them from here.
 */
import GithubSlugger from 'github-slugger';

/** The anchor of each heading, given their rendered texts in document order. */
export function headingAnchors(headingTexts: readonly string[]): string[] {
  // Anchors are numbered over the whole document, as GitHub numbers repeated headings.
  const slugger = new GithubSlugger();
  return headingTexts.map((text) => slugger.slug(text));
}
