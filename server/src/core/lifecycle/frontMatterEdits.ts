/**
 * Edits to front matter that touch only the value at hand: every other byte (comments, key
 * order, quoting, the other list entries) stays as the author wrote it.
 */
import type { FrontMatterField } from '../frontMatter';
import type { KpepDocument } from '../kpepDocument';
import type { KpepStatus } from '../status';
import { lineBreakOf, type TextEditSpec } from './textEdit';

function fieldsOf(document: KpepDocument): ReadonlyMap<string, FrontMatterField> | undefined {
  return document.frontMatter.kind === 'parsed' ? document.frontMatter.fields : undefined;
}

/** The end of the line an offset is on, before its line break. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * Sets a scalar field: its value is replaced in place, or a new line is added after `after`
 * (when present) or before the closing delimiter. Undefined when the front matter cannot be edited.
 */
export function setFieldEdit(document: KpepDocument, key: string, valueText: string, after?: string): TextEditSpec | undefined {
  const { frontMatter } = document;
  const fields = fieldsOf(document);
  if (frontMatter.kind !== 'parsed' || !fields) {
    return undefined;
  }
  const text = document.textDocument.getText();
  const field = fields.get(key);
  if (field) {
    // A key with no value (`last-updated:`) gets one after its colon.
    return field.value === null
      ? { range: { start: field.keyRange.end, end: lineEnd(text, field.keyRange.end) }, newText: `: ${valueText}` }
      : { range: field.valueRange, newText: valueText };
  }
  const anchor = after ? fields.get(after) : undefined;
  const breakText = lineBreakOf(text);
  if (anchor) {
    const end = lineEnd(text, anchor.valueRange.end);
    return { range: { start: end, end }, newText: `${breakText}${key}: ${valueText}` };
  }
  const start = frontMatter.closeRange.start;
  return { range: { start, end: start }, newText: `${key}: ${valueText}${breakText}` };
}

/** Adds a KPEP number to a list field (flow `[2]` or block `- 2`); undefined when it is already there. */
export function addToListEdit(document: KpepDocument, key: string, kpepNumber: number, numbers: readonly number[]): TextEditSpec | undefined {
  if (numbers.includes(kpepNumber)) {
    return undefined;
  }
  const field = fieldsOf(document)?.get(key);
  const text = document.textDocument.getText();
  if (!field || field.value === null || (Array.isArray(field.value) && field.value.length === 0 && text[field.valueRange.start] === '[')) {
    return setFieldEdit(document, key, `[${kpepNumber}]`, 'status');
  }
  const items = field.items ?? [];
  const last = items.at(-1);
  if (text[field.valueRange.start] === '[' || !last) {
    const written = items.map((item) => text.slice(item.range.start, item.range.end));
    return { range: field.valueRange, newText: `[${[...written, String(kpepNumber)].join(', ')}]` };
  }
  const lastLineStart = text.lastIndexOf('\n', last.range.start) + 1;
  const indent = /^[ \t]*-[ \t]*/.exec(text.slice(lastLineStart, last.range.start))?.[0] ?? '  - ';
  const end = lineEnd(text, last.range.end);
  return { range: { start: end, end }, newText: `${lineBreakOf(text)}${indent}${kpepNumber}` };
}

/** A status change: `status` and `last-updated` (today) in one edit set. */
export function statusChangeEdits(document: KpepDocument, options: { status: KpepStatus; today: string }): TextEditSpec[] {
  return [setFieldEdit(document, 'status', options.status), setFieldEdit(document, 'last-updated', options.today, 'creation-date')].filter(
    (edit): edit is TextEditSpec => edit !== undefined,
  );
}

/** Today as yyyy-mm-dd in the local calendar, as people write dates. */
export function isoDate(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
