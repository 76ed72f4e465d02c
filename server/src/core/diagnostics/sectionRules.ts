/**
 * Section rules against the template (SPEC §4): missing-section, section-order, heading-level,
 * empty-section and template-guidance.
 */
import type { KpepDocument } from '../kpepDocument';
import type { ContentBlock, SectionModel } from '../markdownModel';
import type { OffsetRange } from '../offsetRange';
import type { TemplateModel, TemplateSection } from '../template/templateModel';
import { gatedSeverity, stricterFromImplementable, type Finding } from './finding';

/** A document section that stands for a template section. */
export interface SectionMatch {
  readonly section: SectionModel;
  readonly template: TemplateSection;
  /** The section's own blocks, and those of the author's own subsections under it. */
  readonly ownBlocks: readonly ContentBlock[];
}

/**
 * Pairs the document's headings with the template's, in document order. A heading name used twice
 * in the template (say "Notes" under two parents) goes to the one under the same parent.
 */
export function matchSections(document: KpepDocument, template: TemplateModel): SectionMatch[] {
  const byKey = new Map<string, TemplateSection[]>();
  for (const section of template.sections) {
    byKey.set(section.heading.key, [...(byKey.get(section.heading.key) ?? []), section]);
  }
  const matched = new Set<TemplateSection>();
  const sections = document.markdown.sections;
  const templates: (TemplateSection | undefined)[] = [];
  const open: { level: number; template: TemplateSection | undefined }[] = [];
  for (const { heading } of sections) {
    while ((open.at(-1)?.level ?? 0) >= heading.level) {
      open.pop();
    }
    const parent = open.findLast((entry) => entry.template)?.template;
    const candidates = (byKey.get(heading.key) ?? []).filter((candidate) => !matched.has(candidate));
    const choice = candidates.find((candidate) => candidate.parent === parent) ?? candidates[0];
    if (choice) {
      matched.add(choice);
    }
    templates.push(choice);
    open.push({ level: heading.level, template: choice });
  }

  const matches: SectionMatch[] = [];
  sections.forEach((section, index) => {
    const sectionTemplate = templates[index];
    if (!sectionTemplate) {
      return;
    }
    const ownBlocks = [...section.blocks];
    for (let next = index + 1; next < sections.length; next++) {
      const subsection = sections[next];
      if (!subsection || templates[next] || subsection.heading.level <= section.heading.level) {
        break;
      }
      // The author's own subsection, e.g. "#### Story 1": its heading and text belong to this section.
      ownBlocks.push({ kind: 'content', normalized: subsection.heading.text, range: subsection.heading.range }, ...subsection.blocks);
    }
    matches.push({ section, template: sectionTemplate, ownBlocks });
  });
  return matches;
}

export function checkSections(document: KpepDocument, template: TemplateModel): Finding[] {
  const matches = matchSections(document, template);
  return [
    ...checkMissing(document, template, matches),
    ...checkOrder(matches),
    ...checkLevels(matches),
    ...checkEmpty(document, template, matches),
    ...checkGuidance(document, template),
  ];
}

function checkMissing(document: KpepDocument, template: TemplateModel, matches: readonly SectionMatch[]): Finding[] {
  const present = new Map(matches.map((match) => [match.template, match.section]));
  const findings: Finding[] = [];
  for (const section of template.sections) {
    // A missing parent is reported once, naming its subsections.
    if (section.optional || present.has(section) || (section.parent && !present.has(section.parent))) {
      continue;
    }
    const severity = gatedSeverity(section.requiredFrom, document.status);
    if (!severity) {
      continue;
    }
    const required = section.children.filter((child) => !child.optional).map((child) => `"${child.title}"`);
    const withChildren = required.length > 0 ? ` with its subsections ${required.join(', ')}` : '';
    findings.push({
      code: 'missing-section',
      severity,
      message:
        severity === 'information'
          ? `The section "${section.title}"${withChildren} is needed before implementable.`
          : `The section "${section.title}"${withChildren} is missing.`,
      range: anchorForMissing(document, section.parent && present.get(section.parent)),
      subject: section.heading.key,
    });
  }
  return findings;
}

/** A missing section is shown on its parent's heading, else on the H1, else where the body starts. */
function anchorForMissing(document: KpepDocument, parent: SectionModel | undefined): OffsetRange {
  const anchor = parent?.heading.textRange ?? document.markdown.h1?.textRange;
  if (anchor) {
    return anchor;
  }
  const { textDocument } = document;
  const line = textDocument.positionAt(document.frontMatter.bodyStart).line;
  return { start: textDocument.offsetAt({ line, character: 0 }), end: textDocument.offsetAt({ line: line + 1, character: 0 }) };
}

function checkOrder(matches: readonly SectionMatch[]): Finding[] {
  const inOrder = longestIncreasingRun(matches.map((match) => match.template.order));
  return matches
    .filter((_, index) => !inOrder.has(index))
    .map((match) => {
      const before = matches
        .filter((other, index) => inOrder.has(index) && other.template.order < match.template.order)
        .at(-1);
      const where = before ? `after "${before.template.title}"` : 'before the other template sections';
      return {
        code: 'section-order',
        severity: 'warning',
        message: `The section "${match.template.title}" is out of the template's order: the template puts it ${where}.`,
        range: match.section.heading.textRange,
      };
    });
}

/** Indexes of one longest strictly increasing subsequence: the sections that are in order. */
function longestIncreasingRun(orders: readonly number[]): Set<number> {
  const length: number[] = [];
  const previous: number[] = [];
  orders.forEach((order, index) => {
    length[index] = 1;
    previous[index] = -1;
    for (let earlier = 0; earlier < index; earlier++) {
      if ((orders[earlier] ?? 0) < order && (length[earlier] ?? 0) + 1 > (length[index] ?? 0)) {
        length[index] = (length[earlier] ?? 0) + 1;
        previous[index] = earlier;
      }
    }
  });
  const run = new Set<number>();
  let index = length.indexOf(Math.max(0, ...length));
  while (index >= 0) {
    run.add(index);
    index = previous[index] ?? -1;
  }
  return run;
}

function checkLevels(matches: readonly SectionMatch[]): Finding[] {
  return matches
    .filter((match) => match.section.heading.level !== match.template.heading.level)
    .map((match) => ({
      code: 'heading-level',
      severity: 'warning',
      message: `"${match.template.title}" should be a level-${match.template.heading.level} heading (${'#'.repeat(match.template.heading.level)}), as in the template.`,
      range: match.section.heading.markerRange,
    }));
}

function checkEmpty(document: KpepDocument, template: TemplateModel, matches: readonly SectionMatch[]): Finding[] {
  const findings: Finding[] = [];
  for (const match of matches) {
    // Only sections the template gives text of their own must have text of their own.
    const expectsText = match.template.guidance.some((block) => block.kind !== 'directive');
    const hasText = match.ownBlocks.some((block) => block.kind === 'content' && !template.guidance.has(block.normalized));
    const severity = gatedSeverity(match.template.requiredFrom, document.status);
    if (match.template.optional || !expectsText || hasText || !severity) {
      continue;
    }
    findings.push({
      code: 'empty-section',
      severity,
      message:
        severity === 'information'
          ? `The section "${match.template.title}" has no content of its own yet; it is needed before implementable.`
          : `The section "${match.template.title}" has no content of its own.`,
      range: match.section.heading.textRange,
    });
  }
  return findings;
}

function checkGuidance(document: KpepDocument, template: TemplateModel): Finding[] {
  const { preamble, sections } = document.markdown;
  const severity = stricterFromImplementable(document.status, 'warning');
  return [...preamble, ...sections.flatMap((section) => section.blocks)]
    .filter((block) => block.kind !== 'directive' && template.guidance.has(block.normalized))
    .map((block) => ({
      code: 'template-guidance',
      severity,
      message:
        block.kind === 'comment'
          ? 'This comment is the template\'s guidance, left unchanged: delete it once the section is written.'
          : 'This text is unchanged from the template: replace it with this KPEP\'s own words.',
      range: block.range,
    }));
}
