/**
 * placeholder (SPEC §5): a section whose only content is a placeholder (TODO, TBD, "Fill out when
 * targeting beta"), and front-matter values that are one (`reviewers: [TBD]`, a title kept from
 * the template). Information while provisional, a warning from implementable, an error once
 * implemented: a placeholder is fine in a draft and wrong in a record of what shipped.
 */
import { frontMatterField, type KpepDocument } from '../kpepDocument';
import { isPlaceholderTitle, type TemplateModel } from '../template/templateModel';
import { statusSeverity } from '../ruleRegistry';
import type { Finding } from './finding';

/**
 * Text that is only a placeholder: a bare marker ("TBD."), a marker with a short note ("TODO: the
 * API", "TODO for SIG-Storage", "TBD (after alpha)"), or a promise to write it later ("Fill out
 * when targeting beta", "To be determined"). The markers are upper case, as authors write them to
 * stand out. Bounded repeats only, so matching stays linear.
 */
const PLACEHOLDER_TEXT =
  /^(?:(?:TODO|TBD|TBA|FIXME|XXX)\b(?:[\s:.!?-]{0,8}|[ \t]*[:\u2013\u2014-][ \t]*\S.{0,100}|[ \t]+for[ \t]+\S.{0,80}|[ \t]*\([^)]{0,80}\)\.?)|[Ff]ill(?:ed)? (?:this )?(?:in|out) (?:when|before|once|at|later|for)\b.{0,80}|[Tt]o be (?:determined|decided|defined|written|filled(?: in| out)?|added)\b.{0,60})$/s;

/** Fields other rules already check for form; a placeholder there gets their finding instead. */
const FORMAL_FIELDS = new Set(['kpep-number', 'status', 'creation-date', 'last-updated', 'replaces', 'superseded-by', 'see-also']);

/** Markdown around a short answer that does not change what it says: list and quote markers, emphasis, brackets, code ticks. */
function bareText(source: string): string {
  // Whitespace is collapsed first, so one space follows each marker and no two quantifiers compete for it.
  return source
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:(?:[-+*>]|\d{1,9}[.)]) )+/, '')
    .replace(/[*_`[\]]/g, '')
    .trim();
}

/** True when a section's text or a front-matter value says only "not written yet". */
export function isPlaceholderText(source: string): boolean {
  const text = bareText(source);
  return text.length > 0 && text.length <= 160 && PLACEHOLDER_TEXT.test(text);
}

export function checkPlaceholders(document: KpepDocument, template: TemplateModel): Finding[] {
  return [...checkSectionPlaceholders(document, template), ...checkFrontMatterPlaceholders(document, template)];
}

function checkSectionPlaceholders(document: KpepDocument, template: TemplateModel): Finding[] {
  const severity = statusSeverity('placeholder', document.status);
  return document.markdown.sections.flatMap((section): Finding[] => {
    // Guidance kept from the template is template-guidance's to report.
    const content = section.blocks.filter((block) => block.kind === 'content' && !template.guidance.has(block.normalized));
    const only = content.length === 1 ? content[0] : undefined;
    if (!only || !isPlaceholderText(only.normalized)) {
      return [];
    }
    return [
      {
        code: 'placeholder',
        severity,
        message: `"${section.heading.text}" holds only the placeholder "${only.normalized}": write the section${document.status === 'implemented' ? '' : ' before this KPEP moves on'}.`,
        range: only.range,
      },
    ];
  });
}

function checkFrontMatterPlaceholders(document: KpepDocument, template: TemplateModel): Finding[] {
  const { frontMatter } = document;
  if (frontMatter.kind !== 'parsed') {
    return [];
  }
  const severity = statusSeverity('placeholder', document.status);
  const findings: Finding[] = [];
  for (const field of frontMatter.fields.values()) {
    if (FORMAL_FIELDS.has(field.key)) {
      continue;
    }
    const values = field.items ?? [{ value: field.value, range: field.valueRange }];
    for (const item of values) {
      if (typeof item.value === 'string' && isPlaceholderText(item.value.replace(/^@/, ''))) {
        const advice = field.items ? 'name the real value, or leave the list empty until it is known' : 'name the real value';
        findings.push({ code: 'placeholder', severity, message: `"${field.key}" holds the placeholder "${item.value}": ${advice}.`, range: item.range });
      }
    }
  }
  const title = frontMatterField(frontMatter, 'title');
  const titleText = typeof title?.value === 'string' ? title.value.trim() : undefined;
  if (title && titleText && !isPlaceholderText(titleText) && isPlaceholderTitle(template, titleText)) {
    findings.push({ code: 'placeholder', severity, message: `The title "${titleText}" is the template's: give this KPEP a short, descriptive title of its own.`, range: title.valueRange });
  }
  return findings;
}
