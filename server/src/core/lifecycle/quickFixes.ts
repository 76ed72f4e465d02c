/**
 * Quick fixes for the per-document codes, where the fix is unambiguous. Each is a list of edits
 * to the one document; `safe` fixes only restore what the KPEP already says elsewhere (its number,
 * its title, its headings) or correct a clear typo, so `source.fixAll.kpep` may apply them unasked.
 */
import { expectedTitle } from '../diagnostics/documentRules';
import { FRONT_MATTER_FIELDS, suggestion } from '../diagnostics/frontMatterRules';
import { matchSections } from '../diagnostics/sectionRules';
import { frontMatterField, type KpepDocument } from '../kpepDocument';
import type { KpepPath } from '../kpepPath';
import type { FindingData } from '../diagnostics/finding';
import type { OffsetRange } from '../offsetRange';
import { KPEP_STATUSES } from '../status';
import type { TemplateModel, TemplateSection } from '../template/templateModel';
import { setFieldEdit, statusChangeEdits } from './frontMatterEdits';
import { tocBlockEdit } from '../tocEdit';
import { lineBreakOf, type TextEditSpec } from './textEdit';

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEditSpec[];
  readonly safe: boolean;
}

export interface QuickFixContext {
  readonly document: KpepDocument;
  readonly path: KpepPath;
  readonly template: TemplateModel;
  readonly today: string;
}

/** The fixes for one diagnostic, found by its code and where it starts. */
export function quickFixesFor(context: QuickFixContext, diagnostic: { code: string; range: OffsetRange; data?: unknown }): QuickFix[] {
  const { document } = context;
  const text = document.textDocument.getText();
  const fix = (title: string, edits: readonly (TextEditSpec | undefined)[], safe: boolean): QuickFix[] => {
    const defined = edits.filter((edit): edit is TextEditSpec => edit !== undefined);
    return defined.length > 0 ? [{ title, edits: defined, safe }] : [];
  };
  switch (diagnostic.code) {
    case 'invalid-status': {
      const value = frontMatterField(document.frontMatter, 'status')?.value;
      const near = typeof value === 'string' ? suggestion(value, KPEP_STATUSES) : undefined;
      return near ? fix(`Change status to "${near}"`, [setFieldEdit(document, 'status', near)], true) : [];
    }
    case 'field-unknown': {
      const key = text.slice(diagnostic.range.start, diagnostic.range.end);
      const near = suggestion(key, Object.keys(FRONT_MATTER_FIELDS));
      const taken = near !== undefined && frontMatterField(document.frontMatter, near) !== undefined;
      return near && !taken ? fix(`Rename "${key}" to "${near}"`, [{ range: diagnostic.range, newText: near }], true) : [];
    }
    case 'number-mismatch': {
      const kpepNumber = context.path.parsed?.kpepNumber;
      return kpepNumber === undefined ? [] : fix(`Set kpep-number to ${kpepNumber}, as the directory says`, [setFieldEdit(document, 'kpep-number', String(kpepNumber))], true);
    }
    case 'title': {
      const expected = expectedTitle(document, context.path, context.template);
      if (!expected) {
        return [];
      }
      const { h1 } = document.markdown;
      const edit: TextEditSpec = h1
        ? { range: h1.textRange, newText: expected }
        : {
            range: { start: document.frontMatter.bodyStart, end: document.frontMatter.bodyStart },
            // A closing `---` at the very end of the file needs a line break before the H1, or it stops closing the block.
            newText: `${document.frontMatter.bodyStart > 0 && !/[\r\n]$/.test(text.slice(0, document.frontMatter.bodyStart)) ? lineBreakOf(text) : ''}# ${expected}${lineBreakOf(text)}${lineBreakOf(text)}`,
          };
      return fix(`${h1 ? 'Change' : 'Add'} the H1 to "${expected}"`, [edit], true);
    }
    case 'toc-stale':
      return fix('Regenerate the table of contents', [tocBlockEdit({ document })], true);
    case 'status-not-replaced':
      return fix('Set status to replaced', statusChangeEdits(document, { status: 'replaced', today: context.today }), false);
    case 'heading-text': {
      const match = matchSections(document, context.template).find((candidate) => candidate.nearMiss && candidate.section.heading.textRange.start === diagnostic.range.start);
      return match ? fix(`Reword the heading as the template does: "${match.template.heading.text}"`, [{ range: match.section.heading.textRange, newText: match.template.heading.text }], false) : [];
    }
    case 'missing-section':
      // One section per finding, or each missing one of the sections needed later, listed in one.
      return missingSectionTitles(diagnostic.data).flatMap((title) => {
        const section = context.template.sections.find((candidate) => candidate.title === title);
        return section ? fix(`Add the section "${section.title}" from the template`, [insertSectionEdit(context, section)], false) : [];
      });
    default:
      return [];
  }
}

/**
 * The section with its required subsections and the template's guidance, placed before the next
 * template section the document has (or at its end).
 */
export function insertSectionEdit(context: QuickFixContext, section: TemplateSection): TextEditSpec {
  const { document, template } = context;
  const text = document.textDocument.getText();
  const lineBreak = lineBreakOf(text);
  const subtree = [section, ...descendants(section).filter((child) => !child.optional)];
  const newText = subtree
    .map((part) => {
      const guidance = part.guidance.map((block) => template.text.slice(block.range.start, block.range.end).replace(/\r?\n/g, lineBreak));
      return [`${'#'.repeat(part.heading.level)} ${part.heading.text}`, ...guidance].join(`${lineBreak}${lineBreak}`) + `${lineBreak}${lineBreak}`;
    })
    .join('');
  const inSubtree = new Set(subtree);
  const next = matchSections(document, template)
    .filter((match) => match.template.order > section.order && !inSubtree.has(match.template))
    .sort((a, b) => a.template.order - b.template.order)[0];
  if (next) {
    const start = next.section.heading.range.start;
    return { range: { start, end: start }, newText };
  }
  const ending = text.endsWith('\n') ? (text.endsWith(`${lineBreak}${lineBreak}`) ? '' : lineBreak) : `${lineBreak}${lineBreak}`;
  return { range: { start: text.length, end: text.length }, newText: `${ending}${newText.replace(/(?<!\n|\r(?=\n))(\r?\n)+$/, lineBreak)}` };
}

/** The sections a missing-section diagnostic names in its data; none when a client dropped or mangled it. */
function missingSectionTitles(data: unknown): string[] {
  const sections = (data as Partial<FindingData> | undefined)?.sections;
  return Array.isArray(sections) ? sections.filter((title): title is string => typeof title === 'string') : [];
}

function descendants(section: TemplateSection): TemplateSection[] {
  return section.children.flatMap((child) => [child, ...descendants(child)]);
}
