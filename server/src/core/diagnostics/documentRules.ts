/** Rules on the document as a whole: the H1 title, the toc block, UNRESOLVED markers (SPEC §5). */
import { frontMatterField, type KpepDocument } from '../kpepDocument';
import { formatKpepId } from '../kpepNumber';
import type { KpepPath } from '../kpepPath';
import { generateToc, tocLines } from '../toc';
import { stricterFromImplementable, type Finding } from './finding';

/** The H1 a KPEP should have, `KPEP-0007: Title`, when number and title are known. */
export function expectedTitle(document: KpepDocument, path: KpepPath): string | undefined {
  const numberValue = frontMatterField(document.frontMatter, 'kpep-number')?.value;
  const kpepNumber = Number.isSafeInteger(numberValue) ? (numberValue as number) : path.parsed?.kpepNumber;
  const title = frontMatterField(document.frontMatter, 'title')?.value;
  return kpepNumber !== undefined && typeof title === 'string' && title.trim() !== ''
    ? `${formatKpepId(kpepNumber)}: ${title.trim()}`
    : undefined;
}

export function checkTitle(document: KpepDocument, path: KpepPath): Finding[] {
  const expected = expectedTitle(document, path);
  const { h1 } = document.markdown;
  const shape = expected ? `\`# ${expected}\`` : '`# KPEP-NNNN: <title>`';
  if (!h1) {
    const { textDocument } = document;
    const start = document.frontMatter.bodyStart;
    const line = textDocument.positionAt(start).line;
    return [
      {
        code: 'title',
        severity: 'warning',
        message: `This KPEP has no H1: add ${shape} after the front matter.`,
        range: { start, end: textDocument.offsetAt({ line: line + 1, character: 0 }) },
      },
    ];
  }
  const text = h1.text.trim();
  const fits = expected ? text === expected : /^KPEP-\d{4,}: \S/.test(text);
  return fits
    ? []
    : [
        {
          code: 'title',
          severity: 'warning',
          message: `The H1 should read ${shape}${expected ? ': the number and the front-matter title' : ''}.`,
          range: h1.textRange,
        },
      ];
}

export function checkToc(document: KpepDocument): Finding[] {
  const { toc } = document.markdown;
  if (!toc) {
    return [];
  }
  const text = document.textDocument.getText();
  const actual = tocLines(text.slice(toc.body.start, toc.body.end));
  const expected = tocLines(generateToc(document.markdown));
  if (actual.length === expected.length && actual.every((line, index) => line === expected[index])) {
    return [];
  }
  const missing = expected.filter((line) => !actual.includes(line)).length;
  const extra = actual.filter((line) => !expected.includes(line)).length;
  const detail = missing || extra ? `${missing} entr${missing === 1 ? 'y' : 'ies'} missing, ${extra} no longer matching` : 'entries out of order';
  return [
    {
      code: 'toc-stale',
      severity: 'warning',
      message: `The table of contents no longer matches the headings (${detail}); regenerate it with \`kpep toc --write\`.`,
      range: toc.startMarker,
    },
  ];
}

export function checkUnresolved(document: KpepDocument): Finding[] {
  const severity = stricterFromImplementable(document.status, 'error');
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
