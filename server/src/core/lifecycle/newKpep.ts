/**
 * Planning a new KPEP (the "New KPEP" command and `kpep new`): the number, the directory, and the
 * text from the workspace template with front matter, H1 and toc filled in. Writing is left to
 * the caller, which must never overwrite.
 */
import { parseDocument, type Document } from 'yaml';
import { parseFrontMatter } from '../frontMatter';
import type { KpepIndex } from '../index/kpepIndex';
import { formatKpepId } from '../kpepNumber';
import { parseMarkdown } from '../markdownModel';
import type { TemplateModel } from '../template/templateModel';
import { refreshTocBlock } from '../tocEdit';

const MAX_TITLE_LENGTH = 120;
const MAX_SLUG_LENGTH = 60;

/** `Pluggable storage backends!` → `pluggable-storage-backends` (a-z, 0-9 and -, SPEC §1). */
export function kpepSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length <= MAX_SLUG_LENGTH ? slug : slug.slice(0, MAX_SLUG_LENGTH).replace(/-[^-]*$/, '');
}

/** Why a title cannot name a KPEP, or undefined when it can. */
export function titleProblem(title: string): string | undefined {
  const trimmed = title.trim();
  if (trimmed === '') {
    return 'A KPEP needs a title.';
  }
  if (trimmed.length > MAX_TITLE_LENGTH) {
    return `Keep the title under ${MAX_TITLE_LENGTH} characters; the Summary is for the rest.`;
  }
  if (/[\r\n]/.test(title)) {
    return 'The title must fit on one line.';
  }
  return kpepSlug(trimmed) === '' ? 'The title needs at least one letter or digit for the directory name.' : undefined;
}

/**
 * One more than the highest number ever used: the index (every kpep-number and directory) and
 * every directory name under the root, README or not, malformed or not. Numbers are never reused.
 */
export function nextKpepNumber(options: { index: KpepIndex; directoryNames: readonly string[] }): number {
  // A number past the safe integers stands for the largest: nothing comes after it.
  const fromDirectories = options.directoryNames.map((name) => Math.min(Number(/^\d+/.exec(name)?.[0] ?? 0), Number.MAX_SAFE_INTEGER));
  return Math.max(options.index.nextKpepNumber(), ...fromDirectories.map((n) => n + 1));
}

/** Why a number cannot be given to a new KPEP, or undefined: past the safe integers, n + 1 is n again. */
export function kpepNumberProblem(kpepNumber: number): string | undefined {
  return Number.isSafeInteger(kpepNumber)
    ? undefined
    : `KPEP numbers have run past ${Number.MAX_SAFE_INTEGER}, the largest kpep can count to exactly; no new number can be allocated. Rename the directory holding the largest number.`;
}

export interface NewKpepPlan {
  readonly kpepNumber: number;
  readonly directory: string;
  /** Workspace-relative path of the README. */
  readonly path: string;
  readonly text: string;
  /** Where the author starts writing: the first line of the Summary. */
  readonly summaryOffset: number;
}

export interface NewKpepOptions {
  readonly template: TemplateModel;
  readonly root: string;
  readonly kpepNumber: number;
  readonly title: string;
  readonly authors: readonly string[];
  readonly today: string;
  readonly replaces?: number | undefined;
}

export function planNewKpep(options: NewKpepOptions): NewKpepPlan {
  const title = options.title.trim();
  const directory = `${String(options.kpepNumber).padStart(4, '0')}-${kpepSlug(title)}`;
  const templateText = options.template.text.replace(/\r\n/g, '\n');
  const templateFrontMatter = parseFrontMatter(templateText);
  const body = templateText.slice(templateFrontMatter.bodyStart);
  const yaml =
    templateFrontMatter.kind === 'parsed'
      ? parseDocument(templateText.slice(templateFrontMatter.openRange.end, templateFrontMatter.closeRange.start).replace(/^\n/, ''))
      : parseDocument('{}');
  fillFrontMatter(yaml, { ...options, title });
  const heading = `# ${formatKpepId(options.kpepNumber)}: ${title}`;
  const withTitle = /^# .*$/m.test(body) ? body.replace(/^# .*$/m, () => heading) : `${heading}\n\n${body}`;
  const filled = refreshTocBlock({ text: `---\n${yaml.toString({ lineWidth: 0 })}---\n${withTitle}` }).text;
  const text = withoutTemplateNotes(filled);
  const markdown = parseMarkdown(text, parseFrontMatter(text).bodyStart);
  const summary = markdown.sections.find((section) => section.heading.key === 'summary');
  const summaryOffset = summary ? (summary.blocks[0]?.range.start ?? summary.heading.range.end + 1) : markdown.h1?.range.end ?? 0;
  return { kpepNumber: options.kpepNumber, directory, path: `${options.root}/${directory}/README.md`, text, summaryOffset: Math.min(summaryOffset, text.length) };
}

function fillFrontMatter(yaml: Document, options: NewKpepOptions & { title: string }): void {
  if (yaml.contents === null || typeof yaml.toJS() !== 'object') {
    yaml.contents = yaml.createNode({});
  }
  yaml.set('kpep-number', options.kpepNumber);
  yaml.set('title', options.title);
  yaml.set('status', 'provisional');
  yaml.set('authors', yaml.createNode([...options.authors], { flow: true }));
  yaml.set('creation-date', options.today);
  yaml.delete('last-updated');
  yaml.delete('superseded-by');
  if (options.replaces !== undefined) {
    yaml.set('replaces', yaml.createNode([options.replaces], { flow: true }));
  }
}

/**
 * Drops the comments between the H1 and the first section ("Copy this file to kpeps/…"): they
 * speak to whoever copies the template, not to the author of this KPEP. The toc markers and the
 * sections' own guidance stay.
 */
function withoutTemplateNotes(text: string): string {
  const markdown = parseMarkdown(text, parseFrontMatter(text).bodyStart);
  const toc = markdown.toc;
  const notes = markdown.preamble.filter(
    (block) => block.kind === 'comment' && !(toc && block.range.start <= toc.endMarker.end && block.range.end >= toc.startMarker.start),
  );
  let kept = text;
  for (const note of [...notes].reverse()) {
    // The note's line and the blank line after it go; the text around closes up.
    const end = /^[ \t]*\n?(?:[ \t]*\n)?/.exec(kept.slice(note.range.end))?.[0].length ?? 0;
    kept = kept.slice(0, note.range.start) + kept.slice(note.range.end + end);
  }
  return kept;
}
