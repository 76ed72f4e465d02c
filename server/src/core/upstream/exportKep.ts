/**
 * Lifting a KPEP into upstream's layout: kep.yaml from the front matter, the README with upstream's
 * H1 and links for KPEP references, a prod-readiness file when the KPEP asks for a review, and the
 * report of what upstream would still reject. Writing is left to the caller.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readIsoDate } from '../diagnostics/frontMatterRules';
import { parseKpepDocument } from '../kpepDocument';
import { formatKpepId, parseKpepNumber } from '../kpepNumber';
import type { SectionModel } from '../markdownModel';
import type { OffsetRange } from '../offsetRange';
import { applyTextEdits } from '../lifecycle/textEdit';
import { sectionKey } from '../sectionKey';
import { gateStage, isKpepStatus } from '../status';
import { refreshTocBlock } from '../tocEdit';
import { KEP_NUMBER_PLACEHOLDER, placeholder, prrStage, readKepNumber, writeKepYaml, writePrrApproval, type KepYaml } from './kepYaml';
import { kpepStatusFor, readUpstreamField, UPSTREAM_REFERENCE_LISTS, upstreamReferencePath, type UpstreamField } from './upstreamField';
import { checkKepYaml, checkPrrApproval, type UpstreamProblem } from './upstreamRules';

/** What the export knows of another KPEP: its title, and its upstream KEP if it has one. */
export interface KpepCounterpart {
  readonly title: string | undefined;
  readonly upstream: UpstreamField | undefined;
}

export interface KepExportOptions {
  /** The KPEP README's text. */
  readonly text: string;
  /** The KPEP's directory name, e.g. 0005-streaming-watch. */
  readonly directory: string;
  /** Overrides the KPEP's owning-sig. */
  readonly sig?: string | undefined;
  /** Overrides the KPEP's upstream kep-number. */
  readonly kepNumber?: number | undefined;
  /** The other KPEPs of the workspace, by number, for references. */
  readonly counterparts: ReadonlyMap<number, KpepCounterpart>;
}

export interface KepExportFile {
  /** Relative to the upstream repository's root. */
  readonly path: string;
  readonly text: string;
}

export type KepExport =
  | { readonly kind: 'no-sig' }
  | { readonly kind: 'bad-sig'; readonly sig: string }
  | {
      readonly kind: 'planned';
      /** keps/<sig>/<NNNN>-<slug>. */
      readonly directory: string;
      readonly files: readonly KepExportFile[];
      readonly values: KepYaml;
      /** What upstream would reject: every missing field or section and every placeholder left. */
      readonly problems: readonly UpstreamProblem[];
      /** What did not carry over, which upstream would not reject. */
      readonly notes: readonly string[];
    };

const SIG_DIRECTORY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Sections upstream's template asks for from provisional on; the rest of its sections from implementable. */
const EARLY_SECTIONS = ['Summary', 'Motivation'];
const LATER_SECTIONS = ['Release Signoff Checklist', 'Proposal', 'Design Details', 'Production Readiness Review Questionnaire', 'Implementation History', 'Drawbacks', 'Alternatives'];
const PRR_SECTION = sectionKey('Production Readiness Review Questionnaire');

/** Fields of a KPEP that have no place in kep.yaml. */
const KPEP_ONLY_FIELDS = ['kpep-number', 'repos'];

export function planKepExport(options: KepExportOptions): KepExport {
  const document = parseKpepDocument(TextDocument.create('kpep:export', 'markdown', 0, options.text));
  const fields = new Map<string, unknown>();
  if (document.frontMatter.kind === 'parsed') {
    for (const field of document.frontMatter.fields.values()) {
      fields.set(field.key, field.value);
    }
  }
  const upstream = readUpstreamField(fields.get('upstream'));
  const sig = options.sig ?? textOf(fields.get('owning-sig')) ?? upstream?.path?.split('/')[1];
  if (sig === undefined) {
    return { kind: 'no-sig' };
  }
  if (!SIG_DIRECTORY.test(sig)) {
    return { kind: 'bad-sig', sig };
  }
  const kepNumber = options.kepNumber ?? readKepNumber(upstream?.kepNumber);
  const kepId = kepNumber === undefined ? KEP_NUMBER_PLACEHOLDER : String(kepNumber);
  const slug = options.directory.replace(/^\d+-/, '');
  const directory = `keps/${sig}/${kepId}-${slug}`;
  const notes: string[] = [];
  const title = textOf(fields.get('title')) ?? document.markdown.h1?.text.replace(/^KPEP-\d+:\s*/, '');
  const sections = document.markdown.sections;
  const asksForPrr = fields.has('prr-approvers') || sections.some((section, index) => section.heading.key === PRR_SECTION && sectionHasContent(sections, index));

  const reference = (kpepNumber: number): string => {
    const counterpart = options.counterparts.get(kpepNumber);
    return counterpart?.upstream?.path ? upstreamReferencePath(counterpart.upstream.path) : placeholder(`upstream path of ${formatKpepId(kpepNumber)}${counterpart?.title ? ` (${counterpart.title})` : ''}`);
  };
  const references = (key: (typeof UPSTREAM_REFERENCE_LISTS)[number]): string[] | undefined => {
    const own = listOf(fields.get(key)).map(parseKpepNumber).filter((n): n is number => n !== undefined).map(reference);
    const kept = upstream?.[key] ?? [];
    return own.length + kept.length > 0 ? [...own, ...kept] : undefined;
  };
  const status = textOf(fields.get('status'));
  const values: KepYaml = {
    title: title ?? placeholder('title'),
    'kep-number': kepNumber ?? KEP_NUMBER_PLACEHOLDER,
    authors: nonEmptyList(fields.get('authors'), 'author, e.g. "@jane.doe"'),
    'owning-sig': sig,
    'participating-sigs': listOrUndefined(fields.get('participating-sigs')),
    status: upstream?.status !== undefined && kpepStatusFor(upstream.status) === status ? upstream.status : (status ?? placeholder('status')),
    'creation-date': readIsoDate(fields.get('creation-date')) ?? placeholder('creation date, yyyy-mm-dd'),
    'last-updated': readIsoDate(fields.get('last-updated')),
    reviewers: nonEmptyList(fields.get('reviewers'), 'reviewer, e.g. "@alice.doe"'),
    approvers: nonEmptyList(fields.get('approvers'), 'approver, e.g. "@oscar.doe"'),
    'prr-approvers': asksForPrr ? nonEmptyList(fields.get('prr-approvers'), 'PRR approver') : undefined,
    editor: upstream?.editor,
    'see-also': references('see-also'),
    replaces: references('replaces'),
    'superseded-by': references('superseded-by'),
    stage: fields.get('stage') ?? (asksForPrr ? placeholder('stage: alpha, beta or stable') : undefined),
    'latest-milestone': fields.get('latest-milestone') ?? (asksForPrr ? placeholder('latest milestone, e.g. "v1.31"') : undefined),
    milestone: fields.get('milestone'),
    'feature-gates': fields.get('feature-gates'),
    'disable-supported': fields.get('disable-supported'),
    metrics: fields.get('metrics'),
  };
  for (const key of KPEP_ONLY_FIELDS.filter((name) => fields.has(name))) {
    notes.push(`${key} has no place in kep.yaml and is left out.`);
  }

  const kepYamlPath = `${directory}/kep.yaml`;
  const readmePath = `${directory}/README.md`;
  const problems: UpstreamProblem[] = [...checkKepYaml({ values, file: kepYamlPath })];
  const files: KepExportFile[] = [
    { path: readmePath, text: exportReadme({ text: options.text, document, kepId, title: title ?? '', reference, notes }) },
    { path: kepYamlPath, text: writeKepYaml(values) },
  ];
  if (asksForPrr) {
    const stage = prrStage(values);
    const first = listOf(values['prr-approvers'])[0];
    const approver = typeof first === 'string' ? first : placeholder('PRR approver');
    const prrPath = `keps/prod-readiness/${sig}/${kepId}.yaml`;
    const prrValues = { 'kep-number': kepNumber ?? KEP_NUMBER_PLACEHOLDER, [stage]: { approver } };
    files.push({ path: prrPath, text: writePrrApproval({ kepNumber, stage, approver }) });
    problems.push(...checkPrrApproval({ values: prrValues, file: prrPath, kepNumber: values['kep-number'], stage }));
  }
  problems.push(...missingSections({ sections, status, file: readmePath }));
  return { kind: 'planned', directory, files, values, problems, notes: [...new Set(notes)] };
}

function exportReadme(options: {
  text: string;
  document: ReturnType<typeof parseKpepDocument>;
  kepId: string;
  title: string;
  reference: (kpepNumber: number) => string;
  notes: string[];
}): string {
  const { text, document } = options;
  const { markdown, frontMatter } = document;
  const edits: { range: OffsetRange; newText: string }[] = [];
  if (markdown.h1) {
    edits.push({ range: markdown.h1.range, newText: `# KEP-${options.kepId}: ${options.title}` });
  }
  const insideLink = (range: OffsetRange) => markdown.links.some((link) => link.range.start <= range.start && range.end <= link.range.end);
  for (const found of markdown.references) {
    if (!found.inTitle && !insideLink(found.range)) {
      const target = options.reference(found.kpepNumber);
      edits.push({ range: found.range, newText: `[${text.slice(found.range.start, found.range.end)}](${target.startsWith('/') ? target : '#TBD'})` });
      if (!target.startsWith('/')) {
        options.notes.push(`README: the link for ${formatKpepId(found.kpepNumber)} points nowhere yet (#TBD): it has no upstream KEP.`);
      }
    }
  }
  for (const link of markdown.links) {
    if (!/^(?:[a-z]+:|#|\/)/i.test(link.url)) {
      options.notes.push(`README: the relative link ${link.url} may not resolve in the upstream repository.`);
    }
  }
  return refreshTocBlock({ text: applyTextEdits(text, edits).slice(frontMatter.bodyStart) }).text;
}

/** Sections upstream's template asks for at this status that are absent or hold nothing. */
function missingSections(options: { sections: readonly SectionModel[]; status: string | undefined; file: string }): UpstreamProblem[] {
  const wanted = gateStage(isKpepStatus(options.status) ? options.status : undefined) === 'implementable' ? [...EARLY_SECTIONS, ...LATER_SECTIONS] : EARLY_SECTIONS;
  return wanted.flatMap((heading) => {
    const index = options.sections.findIndex((section) => section.heading.level === 2 && section.heading.key === sectionKey(heading));
    if (index === -1) {
      return [{ file: options.file, field: heading, message: `the section "${heading}" is missing.` }];
    }
    return sectionHasContent(options.sections, index) ? [] : [{ file: options.file, field: heading, message: `the section "${heading}" is empty.` }];
  });
}

/** Whether a section, or one of its subsections, holds something a reader sees. */
function sectionHasContent(sections: readonly SectionModel[], index: number): boolean {
  const level = sections[index]?.heading.level ?? 0;
  for (let at = index; at < sections.length; at++) {
    const section = sections[at];
    if (!section || (at > index && section.heading.level <= level)) {
      break;
    }
    if (section.blocks.some((block) => block.kind === 'content')) {
      return true;
    }
  }
  return false;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function listOrUndefined(value: unknown): unknown[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

function nonEmptyList(value: unknown, hint: string): unknown[] {
  return listOrUndefined(value) ?? [placeholder(hint)];
}

