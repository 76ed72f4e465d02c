/** Rules on the document as a whole: the H1 title, the toc block, UNRESOLVED markers (SPEC §5). */
import { frontMatterField, type KpepDocument } from '../kpepDocument';
import { formatKpepId, kpepNumberOf } from '../kpepNumber';
import { oneLine } from '../markdownModel';
import type { KpepPath } from '../kpepPath';
import { isPlaceholderTitle, type TemplateModel } from '../template/templateModel';
import { staleToc, type TocDifference } from '../toc';
import { fixedSeverity, statusSeverity } from '../ruleRegistry';
import type { Finding } from './finding';

/**
 * The H1 a KPEP should have, `KPEP-0007: Title`, when number and title are known and the title is
 * not a placeholder ("KEP Template", "TBD", the template's own): a placeholder is never copied.
 */
export function expectedTitle(document: KpepDocument, path: KpepPath, template: TemplateModel): string | undefined {
  const kpepNumber = kpepNumberOf({ declared: frontMatterField(document.frontMatter, 'kpep-number')?.value, directory: path.parsed });
  const title = frontMatterField(document.frontMatter, 'title')?.value;
  return kpepNumber !== undefined && typeof title === 'string' && !isPlaceholderTitle(template, title)
    ? `${formatKpepId(kpepNumber)}: ${oneLine(title)}`
    : undefined;
}

export function checkTitle(document: KpepDocument, path: KpepPath, template: TemplateModel): Finding[] {
  const expected = expectedTitle(document, path, template);
  const { h1 } = document.markdown;
  const shape = expected ? `\`# ${expected}\`` : '`# KPEP-NNNN: <title>`';
  if (!h1) {
    const { textDocument } = document;
    const start = document.frontMatter.bodyStart;
    const line = textDocument.positionAt(start).line;
    return [
      {
        code: 'title',
        severity: fixedSeverity('title'),
        message: `This KPEP has no H1: add ${shape} after the front matter.`,
        range: { start, end: textDocument.offsetAt({ line: line + 1, character: 0 }) },
      },
    ];
  }
  const text = h1.text.trim();
  if (expected ? text === expected : /^KPEP-\d{4,}: \S/.test(text)) {
    return [];
  }
  if (expected && text.toLowerCase() === expected.toLowerCase()) {
    return [{ code: 'title', severity: fixedSeverity('title', { otherwise: true }), message: `The H1 differs from the front-matter title only in case: ${shape}.`, range: h1.textRange }];
  }
  return [
    {
      code: 'title',
      severity: fixedSeverity('title'),
      message: `The H1 should read ${shape}${expected ? ': the number and the front-matter title' : ''}.`,
      range: h1.textRange,
    },
  ];
}

export function checkToc(document: KpepDocument): Finding[] {
  const stale = staleToc(document.markdown);
  if (!stale) {
    return [];
  }
  const { toc, first, missing, extra } = stale;
  const counts = [missing > 0 ? `${missing} heading${missing === 1 ? '' : 's'} without an entry` : '', extra > 0 ? `${extra} entr${extra === 1 ? 'y' : 'ies'} matching no heading` : '']
    .filter((part) => part !== '')
    .join(', ');
  return [
    {
      code: 'toc-stale',
      severity: fixedSeverity('toc-stale'),
      message: `The table of contents no longer matches the headings: ${describeDifference(first)}${counts ? ` (${counts})` : ''}; regenerate it with \`kpep toc --write\`.`,
      range: toc.startMarker,
    },
  ];
}

function describeDifference(difference: TocDifference): string {
  switch (difference.kind) {
    case 'missing':
      return `"${difference.entry.text}" has no entry`;
    case 'extra':
      return `the entry "${difference.entry.text}" matches no heading`;
    case 'text':
      return `the entry "${difference.entry.text}" should read "${difference.expected.text}"`;
    case 'anchor':
      return `the entry "${difference.entry.text}" links #${difference.entry.anchor}, the heading's anchor is #${difference.expected.anchor}`;
    case 'order':
      return `the entry "${difference.entry.text}" is out of order`;
  }
}

export function checkUnresolved(document: KpepDocument): Finding[] {
  const severity = statusSeverity('unresolved', document.status);
  return document.markdown.unresolved.map((range) => ({
    code: 'unresolved',
    severity,
    message:
      severity === 'error'
        ? 'An UNRESOLVED block remains in an implementable KPEP: settle it, or move the KPEP back to provisional.'
        : 'An UNRESOLVED block remains: settle it before the KPEP becomes implementable.',
    range,
  }));
}
