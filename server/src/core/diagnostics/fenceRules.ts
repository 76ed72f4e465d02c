/**
 * unclosed-fence (SPEC §5): a fenced code block that runs to the end of the document. CommonMark
 * allows it; authors never mean it. The usual cause is a closing fence indented less than the list
 * item it belongs to: it ends the item, and then opens a new block that swallows the rest.
 */
import type { KpepDocument } from '../kpepDocument';
import { sectionKey } from '../sectionKey';
import { splitLines } from '../lifecycle/textEdit';
import { fixedSeverity } from '../ruleRegistry';
import type { Finding } from './finding';

const HEADING_LINE = /^ {0,3}(#{1,6})(?=[ \t]|$)/;

/** The headings (text as written) that stand inside the document's unclosed fence, in order. */
export function swallowedHeadings(document: KpepDocument): string[] {
  const fence = document.markdown.unclosedFence;
  if (!fence) {
    return [];
  }
  const code = document.textDocument.getText().slice(fence.opening.end, fence.range.end);
  return splitLines(code).flatMap((line) => {
    const marker = HEADING_LINE.exec(line);
    const text = marker ? withoutClosingSequence(line.slice(marker[0].length).trim()) : '';
    return text ? [text] : [];
  });
}

/** `Goals ##` → `Goals`: an ATX heading's optional closing run of `#`. */
function withoutClosingSequence(text: string): string {
  let end = text.length;
  while (end > 0 && text.charAt(end - 1) === '#') {
    end--;
  }
  return end === 0 ? '' : end === text.length || /[ \t]/.test(text.charAt(end - 1)) ? text.slice(0, end).trim() : text;
}

/** The section keys of the swallowed headings: their sections are there, only unreadable. */
export function swallowedSectionKeys(document: KpepDocument): Set<string> {
  return new Set(swallowedHeadings(document).map(sectionKey));
}

export function checkUnclosedFence(document: KpepDocument): Finding[] {
  const fence = document.markdown.unclosedFence;
  if (!fence) {
    return [];
  }
  const headings = swallowedHeadings(document);
  const named = headings.slice(0, 3).map((heading) => `"${heading}"`).join(', ') + (headings.length > 3 ? ', …' : '');
  const swallowed =
    headings.length === 0 ? '' : ` It swallows ${headings.length === 1 ? 'the heading' : `${headings.length} headings`} ${named}, which read as code.`;
  return [
    {
      code: 'unclosed-fence',
      severity: fixedSeverity('unclosed-fence'),
      message: `This code block is never closed, so it runs to the end of the document.${swallowed} Close it with a fence like the opening one, indented as far (inside a list item, as far as the item's text).`,
      range: fence.opening,
    },
  ];
}
