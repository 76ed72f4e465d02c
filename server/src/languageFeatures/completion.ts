/**
 * textDocument/completion: KPEP numbers after `KPEP-` and in replaces / superseded-by / see-also,
 * status values, front-matter field names (the optional upstream ones too) and upstream stages,
 * and the template sections still missing when a heading is being typed.
 */
import { CompletionItemKind, type CancellationToken, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KpepEntry } from '../core/index/kpepEntry';
import { LIST_FIELDS } from '../core/index/kpepEntry';
import { splitLines } from '../core/lifecycle/textEdit';
import { formatKpepId } from '../core/kpepNumber';
import { FRONT_MATTER_FIELDS } from '../core/diagnostics/frontMatterRules';
import { matchSections } from '../core/diagnostics/sectionRules';
import { UPSTREAM_STAGES } from '../core/upstream/kepYaml';
import { KPEP_STATUSES, STATUS_MEANINGS, STATUS_TRANSITIONS } from '../core/status';
import { openKpep, type FeatureContext, type OpenKpep } from './navigationContext';

export const COMPLETION_TRIGGERS = ['-', '#', ' ', '['];

export async function provideCompletion(document: TextDocument, position: Position, context: FeatureContext, token: CancellationToken): Promise<CompletionItem[] | CompletionList> {
  const open = await openKpep(context, document, { now: true });
  if (!open || token.isCancellationRequested) {
    return [];
  }
  const { textDocument, frontMatter } = open.document;
  const { line, character } = position;
  const before = textDocument.getText({ start: { line, character: 0 }, end: position });
  const offset = textDocument.offsetAt(position);
  const replace = (length: number): Range => ({ start: { line, character: character - length }, end: position });

  if (frontMatter.kind !== 'missing' && offset > frontMatter.openRange.end && offset < frontMatter.bodyStart) {
    const field = fieldAt(textDocument.getText(), offset, before);
    const key = /^([\w-]*)$/.exec(before);
    if (key) {
      return fieldNameItems(open, replace(key[0].length));
    }
    const choices = field === 'stage' ? UPSTREAM_STAGES : field === 'disable-supported' ? ['true', 'false'] : undefined;
    if (choices && /:\s*[\w-]*$/.test(before)) {
      const typed = /(?<![\w-])[\w-]*$/.exec(before)?.[0] ?? '';
      return choices.map((choice) => ({ label: choice, kind: CompletionItemKind.EnumMember, detail: `upstream kep.yaml ${field}`, textEdit: { range: replace(typed.length), newText: choice } }));
    }
    if (field === 'status') {
      const typed = /(?<![\w-])[\w-]*$/.exec(before)?.[0] ?? '';
      return statusItems(open, replace(typed.length));
    }
    if (field && (LIST_FIELDS as readonly string[]).includes(field)) {
      const typed = /(?<!\d)(?:KPEP-)?\d*$/.exec(before)?.[0] ?? '';
      return whileIndexing(open, typed, kpepItems(open, replace(typed.length), (entry) => String(entry.kpepNumber)));
    }
    return [];
  }
  const heading = /^(#{2,6})[ \t]*([^#]*)$/.exec(before);
  if (heading?.[1]) {
    return missingSectionItems(open, { start: { line, character: 0 }, end: position });
  }
  const reference = /\bKPEP-(\d*)$/.exec(before);
  if (reference) {
    return whileIndexing(open, reference[0], kpepItems(open, replace(reference[0].length), (entry) => formatKpepId(entry.kpepNumber as number)));
  }
  return [];
}

/** The front-matter key the cursor's value belongs to, also inside a block list under it. */
function fieldAt(text: string, offset: number, before: string): string | undefined {
  const inline = /^([\w-]+)\s*:/.exec(before);
  if (inline) {
    return inline[1];
  }
  const lines = splitLines(text.slice(0, offset)).reverse();
  for (const line of lines.slice(1)) {
    const key = /^([\w-]+)\s*:/.exec(line);
    if (key) {
      return key[1];
    }
    if (!/^\s+-|^\s*$/.test(line)) {
      return undefined;
    }
  }
  return undefined;
}

/** While indexing, the most KPEPs one list offers: thousands took longer to send than the index lets a request wait. */
const ITEMS_WHILE_INDEXING = 200;

/** KPEPs offered while the folder is still being indexed are the ones read so far: the client asks again as one types. */
function whileIndexing(open: OpenKpep, typed: string, items: CompletionItem[]): CompletionItem[] | CompletionList {
  return open.indexed.complete ? items : kpepListWhileIndexing(typed, items);
}

/**
 * An incomplete list, so it holds only the KPEPs whose number contains the digits typed (`KPEP-12`,
 * `12`), lowest first, at most ITEMS_WHILE_INDEXING.
 */
export function kpepListWhileIndexing(typed: string, items: readonly CompletionItem[]): CompletionList {
  let digitsFrom = typed.length;
  while (digitsFrom > 0 && typed.charCodeAt(digitsFrom - 1) >= 0x30 && typed.charCodeAt(digitsFrom - 1) <= 0x39) {
    digitsFrom--;
  }
  const digits = typed.slice(digitsFrom);
  const matching = items.filter((item) => item.label.includes(digits)).sort((a, b) => ((a.sortText ?? '') < (b.sortText ?? '') ? -1 : 1));
  return { isIncomplete: true, items: matching.slice(0, ITEMS_WHILE_INDEXING) };
}

function kpepItems(open: OpenKpep, range: Range, insert: (entry: KpepEntry) => string): CompletionItem[] {
  const { index, entry: self } = open.indexed;
  return index.all().flatMap((entry) => {
    if (entry.kpepNumber === undefined || entry.kpepNumber === self.kpepNumber) {
      return [];
    }
    const id = formatKpepId(entry.kpepNumber);
    const text = insert(entry);
    return [
      {
        label: id,
        kind: CompletionItemKind.Reference,
        detail: `${entry.title ?? '(untitled)'}${entry.status ? ` · ${entry.status}` : ''}`,
        // Typing a number, an id or words of the title all find it.
        filterText: `${text} ${id} ${entry.title ?? ''}`,
        sortText: String(entry.kpepNumber).padStart(8, '0'),
        textEdit: { range, newText: text },
        ...(entry.status === 'replaced' ? { tags: [1 as const] } : {}),
      },
    ];
  });
}

/** The fields not yet in the front matter; the upstream ones are for a KPEP that will be lifted into a KEP. */
function fieldNameItems(open: OpenKpep, range: Range): CompletionItem[] {
  const { frontMatter, textDocument } = open.document;
  // Read from the lines: while a key is being typed the YAML does not parse.
  const block = textDocument.getText().slice(frontMatter.kind === 'missing' ? 0 : frontMatter.openRange.end, frontMatter.bodyStart);
  const present = new Set([...block.matchAll(/^([\w-]+)[ \t]*:/gm)].map((match) => match[1]));
  return Object.entries(FRONT_MATTER_FIELDS)
    .filter(([name]) => !present.has(name))
    .map(([name, spec], order) => ({
      label: name,
      kind: CompletionItemKind.Field,
      detail: spec.required ? 'required KPEP field' : spec.type === 'upstream' ? 'optional: for lifting into an upstream KEP (kep.yaml)' : 'optional KPEP field',
      sortText: `${spec.required ? 0 : spec.type === 'upstream' ? 2 : 1}${String(order).padStart(3, '0')}`,
      textEdit: { range, newText: `${name}: ` },
    }));
}

function statusItems(open: OpenKpep, range: Range): CompletionItem[] {
  const current = open.indexed.entry.status;
  const allowed = current ? new Set([current, ...STATUS_TRANSITIONS[current]]) : new Set(KPEP_STATUSES);
  return KPEP_STATUSES.map((status, order) => ({
    label: status,
    kind: CompletionItemKind.EnumMember,
    detail: allowed.has(status) ? (status === current ? 'current status' : 'allowed next') : `not reachable from ${current}`,
    documentation: STATUS_MEANINGS[status],
    sortText: `${allowed.has(status) ? 0 : 1}${order}`,
    textEdit: { range, newText: status },
  }));
}

function missingSectionItems(open: OpenKpep, range: Range): CompletionItem[] {
  const { template } = open.indexed.location.project;
  const present = new Set(matchSections(open.document, template).map((match) => match.template));
  return template.sections
    .filter((section) => !present.has(section))
    .map((section) => ({
      label: section.heading.text,
      kind: CompletionItemKind.Module,
      detail: section.optional ? 'optional template section' : `template section, required from ${section.requiredFrom}`,
      sortText: String(section.order).padStart(4, '0'),
      filterText: `${'#'.repeat(section.heading.level)} ${section.heading.text}`,
      textEdit: { range, newText: `${'#'.repeat(section.heading.level)} ${section.heading.text}` },
    }));
}

