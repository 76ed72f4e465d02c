/**
 * GitHub's heading anchors (`## Design Details` → `#design-details`, a repeat → `-1`), the one
 * place they are computed: the toc, the index and link checks all read them from here.
 */
import GithubSlugger from 'github-slugger';

/**
 * The last texts slugged and their anchors: an open KPEP's toc check and index entry ask again on
 * every keystroke with the same headings, and slugging them all was a twentieth of a keystroke.
 */
let last: { readonly texts: readonly string[]; readonly anchors: readonly string[] } | undefined;

/** The anchor of each heading, given their rendered texts in document order. */
export function headingAnchors(headingTexts: readonly string[]): readonly string[] {
  if (last && last.texts.length === headingTexts.length && headingTexts.every((text, index) => text === last?.texts[index])) {
    return last.anchors;
  }
  // Anchors are numbered over the whole document, as GitHub numbers repeated headings.
  const slugger = new GithubSlugger();
  const anchors = headingTexts.map((text) => slugger.slug(text));
  last = { texts: headingTexts, anchors };
  return anchors;
}
