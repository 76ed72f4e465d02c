/**
 * The expected section tree, read from the workspace's own template or the built-in one (SPEC §4).
 */
import { parseFrontMatter } from '../frontMatter';
import { frontMatterField } from '../kpepDocument';
import { parseMarkdown, type ContentBlock, type HeadingModel } from '../markdownModel';
import { isOptionalHeading, withoutOptional } from '../sectionKey';
import type { SectionGate } from '../status';
import defaultTemplateText from './default-template.md';

export interface TemplateSection {
  readonly heading: HeadingModel;
  /** The heading without `(Optional)`, as messages name it. */
  readonly title: string;
  /** Marked `(Optional)` or `[optional]`, or under a section that is. */
  readonly optional: boolean;
  /** The status from which the section is required. */
  readonly requiredFrom: SectionGate;
  readonly parent: TemplateSection | undefined;
  readonly children: TemplateSection[];
  /** Position in the template, in document order. */
  readonly order: number;
  /** The template's own text and comments under this heading (not its subsections'). */
  readonly guidance: readonly ContentBlock[];
}

export interface TemplateModel {
  /** Every section in template order. */
  readonly sections: readonly TemplateSection[];
  /**
   * Normalized guidance blocks of the whole template, to recognise text left unchanged. Link
   * reference definitions, task lists and blocks after `<!-- kpep: keep -->` are not guidance:
   * authors keep them.
   */
  readonly guidance: ReadonlySet<string>;
  /** Lower-cased titles that only hold a place: the template's own, "KEP Template", "TBD" … */
  readonly placeholderTitles: ReadonlySet<string>;
  readonly text: string;
  /** Workspace-relative path of the template file, or undefined for the built-in template. */
  readonly path: string | undefined;
}

/** Sections required while a KPEP is still provisional, with their subsections (SPEC §4). */
const PROVISIONAL_SECTIONS = new Set(['summary', 'motivation']);

const REQUIRED_FROM = /^<!--\s*kpep:\s*required-from\s+(provisional|implementable)\s*-->$/;
const KEEP = /^<!--\s*kpep:\s*keep\s*-->$/;

/** Titles that hold a place in any template, lower-cased; the template's own title is added. */
const PLACEHOLDER_TITLES = ['', 'kep template', 'kpep template', 'tbd', 'todo', 'title', 'your title here'];

export function parseTemplate(options: { text: string; path: string | undefined }): TemplateModel {
  const { text } = options;
  const frontMatter = parseFrontMatter(text);
  const markdown = parseMarkdown(text, frontMatter.bodyStart);
  const sections: TemplateSection[] = [];
  const open: TemplateSection[] = [];
  for (const { heading, blocks } of markdown.sections) {
    while ((open.at(-1)?.heading.level ?? 0) >= heading.level) {
      open.pop();
    }
    const parent = open.at(-1);
    const section: TemplateSection = {
      heading,
      title: withoutOptional(heading.text),
      optional: isOptionalHeading(heading.text) || (parent?.optional ?? false),
      requiredFrom: declaredGate(blocks) ?? parent?.requiredFrom ?? defaultGate(heading),
      parent,
      children: [],
      order: sections.length,
      guidance: blocks.filter((block) => block.kind !== 'directive'),
    };
    parent?.children.push(section);
    sections.push(section);
    open.push(section);
  }
  const guidance = new Set(
    [markdown.preamble, ...markdown.sections.map((section) => section.blocks)].flatMap(unkeptBlocks).map((block) => block.normalized),
  );
  return { sections, guidance, placeholderTitles: placeholderTitles(frontMatter, markdown.h1?.text), text, path: options.path };
}

/**
 * A template read on first use of its sections: `kpep lint --cache` with every KPEP unchanged needs
 * only its text (the cache key), and its parse was a tenth of such a run.
 */
export function templateOnDemand(options: { text: string; path: string | undefined }): TemplateModel {
  let parsed: TemplateModel | undefined;
  const model = (): TemplateModel => (parsed ??= parseTemplate(options));
  return {
    text: options.text,
    path: options.path,
    get sections() {
      return model().sections;
    },
    get guidance() {
      return model().guidance;
    },
    get placeholderTitles() {
      return model().placeholderTitles;
    },
  };
}

/** The blocks of one section that are guidance: not directives, not kept by authors, not marked kept. */
function unkeptBlocks(blocks: readonly ContentBlock[]): ContentBlock[] {
  return blocks.filter((block, index) => {
    const previous = blocks[index - 1];
    const markedKept = previous?.kind === 'directive' && KEEP.test(previous.normalized);
    return block.kind !== 'directive' && !block.keptByAuthors && !markedKept;
  });
}

function placeholderTitles(frontMatter: ReturnType<typeof parseFrontMatter>, h1: string | undefined): Set<string> {
  const title = frontMatterField(frontMatter, 'title')?.value;
  const fromH1 = h1?.replace(/^KPEP-[^:]*:/, '');
  return new Set([...PLACEHOLDER_TITLES, ...[title, fromH1].filter((value) => typeof value === 'string').map((value) => value.trim().toLowerCase())]);
}

/** Whether a front-matter title only holds a place (SPEC §5 `placeholder`), lower case and trimmed. */
export function isPlaceholderTitle(template: TemplateModel, title: string): boolean {
  return template.placeholderTitles.has(title.trim().toLowerCase());
}

function declaredGate(blocks: readonly ContentBlock[]): SectionGate | undefined {
  const first = blocks[0];
  const match = first?.kind === 'directive' ? REQUIRED_FROM.exec(first.normalized) : null;
  return match?.[1] as SectionGate | undefined;
}

function defaultGate(heading: HeadingModel): SectionGate {
  return PROVISIONAL_SECTIONS.has(heading.key) ? 'provisional' : 'implementable';
}

let builtInTemplate: TemplateModel | undefined;

/** The built-in template, mirroring the upstream KEP headings; parsed once. */
export function defaultTemplate(): TemplateModel {
  builtInTemplate ??= parseTemplate({ text: defaultTemplateText, path: undefined });
  return builtInTemplate;
}

export { defaultTemplateText };
