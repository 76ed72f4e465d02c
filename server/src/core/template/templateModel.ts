/**
 * The expected section tree, read from the workspace's own template or the built-in one (SPEC §4).
 */
import { parseFrontMatter } from '../frontMatter';
import { parseMarkdown, type ContentBlock, type HeadingModel } from '../markdownModel';
import { isOptionalHeading, withoutOptional } from '../sectionKey';
import type { SectionGate } from '../status';
import defaultTemplateText from './default-template.md';

export interface TemplateSection {
  readonly heading: HeadingModel;
  /** The heading without `(Optional)`, as messages name it. */
  readonly title: string;
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
  /** Normalized guidance blocks of the whole template, to recognise text left unchanged. */
  readonly guidance: ReadonlySet<string>;
  readonly text: string;
  /** The template's own front-matter title (a placeholder when a KPEP keeps it). */
  readonly title: string | undefined;
  /** Workspace-relative path of the template file, or undefined for the built-in template. */
  readonly path: string | undefined;
}

/** Sections required while a KPEP is still provisional, with their subsections (SPEC §4). */
const PROVISIONAL_SECTIONS = new Set(['summary', 'motivation']);

const REQUIRED_FROM = /^<!--\s*kpep:\s*required-from\s+(provisional|implementable)\s*-->$/;

export function parseTemplate(options: { text: string; path: string | undefined }): TemplateModel {
  const { text } = options;
  const frontMatter = parseFrontMatter(text);
  const markdown = parseMarkdown(text, frontMatter.bodyStart);
  const title = frontMatter.kind === 'parsed' ? frontMatter.fields.get('title')?.value : undefined;
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
      optional: isOptionalHeading(heading.text),
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
  const guidance = new Set([...markdown.preamble, ...sections.flatMap((section) => section.guidance)]
    .filter((block) => block.kind !== 'directive')
    .map((block) => block.normalized));
  return { sections, guidance, text, title: typeof title === 'string' ? title : undefined, path: options.path };
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
