/**
 * Section rules against the template (SPEC §4): missing-section, section-order, heading-level,
 * empty-section, template-guidance and heading-text.
 */
import { distance } from 'fastest-levenshtein';
import type { KpepDocument } from '../kpepDocument';
import type { BoldItem, ContentBlock, HeadingModel, SectionModel } from '../markdownModel';
import type { OffsetRange } from '../offsetRange';
import type { TemplateModel, TemplateSection } from '../template/templateModel';
import { fixedSeverity, sectionGateSeverity, statusSeverity } from '../ruleRegistry';
import type { Finding, RelatedFinding } from './finding';

/** A document section that stands for a template section. */
export interface SectionMatch {
  readonly section: SectionModel;
  readonly template: TemplateSection;
  /** The section's own blocks, and those of the author's own subsections under it. */
  readonly ownBlocks: readonly ContentBlock[];
  /** The heading is only near the template's wording (edit distance ≤ 2 on the key). */
  readonly nearMiss: boolean;
}

/** Keys this far apart or closer are the same section misspelt. */
const NEAR_MISS_DISTANCE = 2;
/** Shorter keys are too short to call a near miss: "Goals" is not a typo of "Notes". */
const NEAR_MISS_MIN_LENGTH = 6;

/**
 * Pairs the document's headings with the template's by position in the tree: first the heading
 * under the expected parent at the expected level, then one of the same name at another level,
 * then a near miss. A subsection counts only under its own parent; a heading left unpaired is the
 * author's own, even when it shares a template name ("##### Alternatives" inside Design Details).
 */
export function matchSections(document: KpepDocument, template: TemplateModel): SectionMatch[] {
  const sections = document.markdown.sections;
  const { templates, nearMisses } = pairing(sections, template);
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
    matches.push({ section, template: sectionTemplate, ownBlocks, nearMiss: nearMisses.has(index) });
  });
  return matches;
}

/** Which template section each heading stands for (by position), and which of them are near misses. */
interface Pairing {
  /** The heading keys and levels it was made for, in document order. */
  readonly keys: readonly string[];
  readonly levels: readonly number[];
  readonly templates: readonly (TemplateSection | undefined)[];
  readonly nearMisses: ReadonlySet<number>;
}

/**
 * The last pairing made against each template: it reads only the headings' keys and levels, which
 * a keystroke almost never changes, and pairing every heading again cost a tenth of a keystroke.
 */
const lastPairing = new WeakMap<TemplateModel, Pairing>();

function pairing(sections: readonly SectionModel[], template: TemplateModel): Pairing {
  const last = lastPairing.get(template);
  if (last && last.keys.length === sections.length && sections.every(({ heading }, index) => heading.key === last.keys[index] && heading.level === last.levels[index])) {
    return last;
  }
  const paired = pairHeadings(sections, template);
  lastPairing.set(template, paired);
  return paired;
}

function pairHeadings(sections: readonly SectionModel[], template: TemplateModel): Pairing {
  const templates: (TemplateSection | undefined)[] = sections.map(() => undefined);
  const matched = new Set<TemplateSection>();
  const nearMisses = new Set<number>();
  const byKey = new Map<string, TemplateSection[]>();
  for (const section of template.sections) {
    byKey.set(section.heading.key, [...(byKey.get(section.heading.key) ?? []), section]);
  }
  const free = (candidate: TemplateSection): boolean => !matched.has(candidate);
  // A subsection counts only inside its own parent, though perhaps at another depth.
  const underParent = (candidate: TemplateSection, ancestors: readonly TemplateSection[]): boolean =>
    candidate.parent === undefined || ancestors.includes(candidate.parent);

  assignPass(sections, templates, matched, (heading, parent) =>
    (byKey.get(heading.key) ?? []).find((candidate) => free(candidate) && candidate.parent === parent && candidate.heading.level === heading.level),
  );
  assignPass(sections, templates, matched, (heading, parent, ancestors) => {
    const candidates = (byKey.get(heading.key) ?? []).filter((candidate) => free(candidate) && underParent(candidate, ancestors));
    return candidates.find((candidate) => candidate.parent === parent) ?? candidates[0];
  });
  assignPass(sections, templates, matched, (heading, _parent, ancestors, index) => {
    const near = template.sections
      .filter((candidate) => free(candidate) && underParent(candidate, ancestors) && isNearMiss(heading.key, candidate.heading.key))
      .sort((a, b) => distance(heading.key, a.heading.key) - distance(heading.key, b.heading.key))[0];
    if (near) {
      nearMisses.add(index);
    }
    return near;
  });
  return { keys: sections.map(({ heading }) => heading.key), levels: sections.map(({ heading }) => heading.level), templates, nearMisses };
}

/** One walk in document order: each heading not yet paired may take the section `pick` offers. */
function assignPass(
  sections: readonly SectionModel[],
  templates: (TemplateSection | undefined)[],
  matched: Set<TemplateSection>,
  pick: (heading: HeadingModel, parent: TemplateSection | undefined, ancestors: readonly TemplateSection[], index: number) => TemplateSection | undefined,
): void {
  const open: { level: number; template: TemplateSection | undefined }[] = [];
  sections.forEach(({ heading }, index) => {
    while ((open.at(-1)?.level ?? 0) >= heading.level) {
      open.pop();
    }
    const ancestors = open.flatMap((entry) => (entry.template ? [entry.template] : []));
    const choice = templates[index] ?? pick(heading, ancestors.at(-1), ancestors, index);
    if (choice && !templates[index]) {
      templates[index] = choice;
      matched.add(choice);
    }
    open.push({ level: heading.level, template: choice });
  });
}

function isNearMiss(key: string, templateKey: string): boolean {
  // The length difference bounds the distance from below: a long heading costs nothing to rule out.
  if (
    Math.min(key.length, templateKey.length) < NEAR_MISS_MIN_LENGTH ||
    Math.abs(key.length - templateKey.length) > NEAR_MISS_DISTANCE ||
    distance(key, templateKey) > NEAR_MISS_DISTANCE
  ) {
    return false;
  }
  // "Story 3" is the author's next story, not a misspelt "Story 2".
  const withoutDigits = (text: string): string => text.replace(/\d/g, '');
  return withoutDigits(key) !== withoutDigits(templateKey);
}

/** What the document holds for each template section: its heading, or a bold list item answering it. */
interface SectionPresence {
  readonly matches: readonly SectionMatch[];
  readonly byTemplate: ReadonlyMap<TemplateSection, SectionMatch>;
  readonly items: ReadonlyMap<TemplateSection, BoldItem>;
}

function readPresence(document: KpepDocument, template: TemplateModel): SectionPresence {
  const matches = matchSections(document, template);
  const byTemplate = new Map(matches.map((match) => [match.template, match]));
  // Older questionnaires answer each question as `* **Question?** answer` instead of a heading.
  const boldItems = new Map<string, BoldItem>();
  for (const block of [...document.markdown.preamble, ...document.markdown.sections.flatMap((section) => section.blocks)]) {
    for (const item of block.boldItems ?? []) {
      if (!boldItems.has(item.key)) {
        boldItems.set(item.key, item);
      }
    }
  }
  const items = new Map<TemplateSection, BoldItem>();
  for (const section of template.sections) {
    const item = section.children.length === 0 && !byTemplate.has(section) ? boldItems.get(section.heading.key) : undefined;
    if (item) {
      items.set(section, item);
    }
  }
  return { matches, byTemplate, items };
}

export function checkSections(document: KpepDocument, template: TemplateModel): Finding[] {
  const presence = readPresence(document, template);
  const written = writtenSections(template, presence);
  const unwritten = [...checkMissing(document, template, presence), ...checkEmpty(document, presence, written)];
  return [
    ...unwritten.filter((problem) => !problem.later).map((problem) => problem.finding),
    ...laterSections(document, unwritten.filter((problem) => problem.later)),
    ...checkOrder(presence.matches),
    ...checkLevels(presence.matches),
    ...checkHeadingText(presence.matches),
    ...checkGuidance(document, template, presence, unwritten),
  ];
}

/** A missing or empty section; `later` when it is needed only at a later status. */
interface UnwrittenSection {
  readonly finding: Finding;
  readonly template: TemplateSection;
  readonly later: boolean;
}

function checkMissing(document: KpepDocument, template: TemplateModel, presence: SectionPresence): UnwrittenSection[] {
  const present = (section: TemplateSection): boolean => presence.byTemplate.has(section) || presence.items.has(section);
  const problems: UnwrittenSection[] = [];
  for (const section of template.sections) {
    // A missing parent is reported once, naming its subsections.
    if (section.optional || present(section) || (section.parent && !present(section.parent))) {
      continue;
    }
    const severity = sectionGateSeverity(section.requiredFrom, document.status);
    if (!severity) {
      continue;
    }
    const required = section.children.filter((child) => !child.optional).map((child) => `"${child.title}"`);
    const withChildren = required.length > 0 ? ` with its subsections ${required.join(', ')}` : '';
    problems.push({
      template: section,
      later: severity === 'information',
      finding: {
        code: 'missing-section',
        severity,
        message: `The section "${section.title}"${withChildren} is missing.`,
        range: anchorForMissing(document, section.parent && presence.byTemplate.get(section.parent)?.section),
        subject: section.heading.key,
        data: { sections: [section.title] },
      },
    });
  }
  return problems;
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

/**
 * The template sections the document has written: text of their own under their heading, an
 * answered bold item, or a written template subsection (a container's answers live in its
 * subsections: "Feature Enablement and Rollback" → "###### How can this feature be enabled …").
 */
function writtenSections(template: TemplateModel, presence: SectionPresence): Set<TemplateSection> {
  const written = new Set<TemplateSection>();
  // Children come after their parent in template order, so walking backwards sees them first.
  for (const section of [...template.sections].reverse()) {
    const match = presence.byTemplate.get(section);
    const ownText = match?.ownBlocks.some((block) => block.kind === 'content' && !template.guidance.has(block.normalized)) ?? false;
    if (ownText || presence.items.get(section)?.answered || section.children.some((child) => written.has(child))) {
      written.add(section);
    }
  }
  return written;
}

/** Only sections the template gives text of their own must have text of their own. */
function expectsText(section: TemplateSection): boolean {
  return section.guidance.some((block) => block.kind !== 'directive');
}

function checkEmpty(document: KpepDocument, presence: SectionPresence, written: ReadonlySet<TemplateSection>): UnwrittenSection[] {
  const problems: UnwrittenSection[] = [];
  for (const match of presence.matches) {
    const severity = sectionGateSeverity(match.template.requiredFrom, document.status);
    if (match.template.optional || !expectsText(match.template) || written.has(match.template) || !severity) {
      continue;
    }
    problems.push({
      template: match.template,
      later: severity === 'information',
      finding: { code: 'empty-section', severity, message: `The section "${match.template.title}" has no content of its own.`, range: match.section.heading.textRange },
    });
  }
  // A question asked as a bold bullet and left without an answer.
  for (const [section, item] of presence.items) {
    const severity = sectionGateSeverity(section.requiredFrom, document.status);
    if (item.answered || section.optional || !severity || !expectsText(section)) {
      continue;
    }
    problems.push({
      template: section,
      later: severity === 'information',
      finding: { code: 'empty-section', severity, message: `The question "${section.title}" has no answer.`, range: item.range },
    });
  }
  return problems;
}

/**
 * Sections needed only at a later status, missing or empty, as one information on the H1 that
 * lists them, each pointing where it belongs: a fresh draft is not a page of problems.
 */
function laterSections(document: KpepDocument, later: readonly UnwrittenSection[]): Finding[] {
  // A section listed with its parent is named once, as "… and its subsections".
  const listed = new Set(later.map((problem) => problem.template));
  const topmost = later.filter((problem) => !hasAncestorIn(problem.template, listed));
  if (topmost.length === 0) {
    return [];
  }
  const names = topmost.map(({ finding, template }) => {
    const withChildren = later.some((other) => other.template.parent === template) ? ' with its subsections' : '';
    return `"${template.title}"${withChildren}${finding.code === 'empty-section' ? ' (empty)' : ''}`;
  });
  const related: RelatedFinding[] = topmost.map(({ finding, template }) => ({
    message: finding.code === 'empty-section' ? `"${template.title}" has no content of its own yet.` : `"${template.title}" belongs here.`,
    range: finding.range,
  }));
  return [
    {
      code: later.some(({ finding }) => finding.code === 'missing-section') ? 'missing-section' : 'empty-section',
      severity: 'information',
      message: `Needed before implementable, not written yet: ${names.join(', ')}.`,
      range: anchorForMissing(document, undefined),
      related,
      // The empty ones are written already: only the missing ones can be added.
      data: { sections: topmost.filter(({ finding }) => finding.code === 'missing-section').map(({ template }) => template.title) },
    },
  ];
}

function hasAncestorIn(section: TemplateSection, sections: ReadonlySet<TemplateSection>): boolean {
  for (let parent = section.parent; parent; parent = parent.parent) {
    if (sections.has(parent)) {
      return true;
    }
  }
  return false;
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
        severity: fixedSeverity('section-order'),
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
      severity: fixedSeverity('heading-level'),
      message: `"${match.template.title}" should be a level-${match.template.heading.level} heading (${'#'.repeat(match.template.heading.level)}), as in the template.`,
      range: match.section.heading.markerRange,
    }));
}

function checkHeadingText(matches: readonly SectionMatch[]): Finding[] {
  return matches
    .filter((match) => match.nearMiss)
    .map((match) => ({
      code: 'heading-text',
      severity: fixedSeverity('heading-text'),
      message: `"${match.section.heading.text}" stands for the template's "${match.template.heading.text}": use the template's wording so readers and tools find it.`,
      range: match.section.heading.textRange,
    }));
}

/**
 * Guidance left unchanged, except in a section needed only at a later status (not reported until
 * it is) and in a section already reported as missing its text (one finding per section).
 */
function checkGuidance(document: KpepDocument, template: TemplateModel, presence: SectionPresence, unwritten: readonly UnwrittenSection[]): Finding[] {
  const { preamble, sections } = document.markdown;
  const severity = statusSeverity('template-guidance', document.status);
  const quiet = new Set(unwritten.filter((problem) => problem.finding.code === 'empty-section').map((problem) => problem.template));
  const byHeading = new Map(presence.matches.map((match) => [match.section, match.template]));
  const open: { level: number; template: TemplateSection | undefined }[] = [];
  const checked: ContentBlock[] = [...preamble];
  for (const section of sections) {
    while ((open.at(-1)?.level ?? 0) >= section.heading.level) {
      open.pop();
    }
    // The author's own subsection is governed by the template section it stands under.
    const governing = byHeading.get(section) ?? open.findLast((entry) => entry.template)?.template;
    open.push({ level: section.heading.level, template: byHeading.get(section) });
    // Not required at this status (needed later, or never for a withdrawn KPEP): not reported yet.
    const severityNow = governing && sectionGateSeverity(governing.requiredFrom, document.status);
    const notYet = governing !== undefined && severityNow !== 'warning' && severityNow !== 'error';
    if (!notYet && !(governing && quiet.has(governing))) {
      checked.push(...section.blocks);
    }
  }
  return checked
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
