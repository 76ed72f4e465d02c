/**
 * Superseding is one change across two files: the older KPEP becomes replaced and points forward
 * (superseded-by), the newer one lists it in replaces, and both get today's last-updated.
 */
import { readKpep, type KpepEntry } from '../index/kpepEntry';
import type { KpepDocument } from '../kpepDocument';
import { addToListEdit, setFieldEdit, statusChangeEdits } from './frontMatterEdits';
import type { TextEditSpec } from './textEdit';

export interface SupersedeSide {
  readonly document: KpepDocument;
  readonly entry: KpepEntry;
}

export interface SupersedeEdits {
  readonly replaced: readonly TextEditSpec[];
  readonly successor: readonly TextEditSpec[];
}

export function supersedeEdits(options: { replaced: SupersedeSide; successor: SupersedeSide; today: string }): SupersedeEdits | undefined {
  const { replaced, successor, today } = options;
  const oldNumber = replaced.entry.kpepNumber;
  const newNumber = successor.entry.kpepNumber;
  if (oldNumber === undefined || newNumber === undefined || oldNumber === newNumber) {
    return undefined;
  }
  const replacedEdits =
    replaced.document.status === 'replaced'
      ? [setFieldEdit(replaced.document, 'last-updated', today, 'creation-date')]
      : statusChangeEdits(replaced.document, { status: 'replaced', today });
  return {
    replaced: [...replacedEdits, addToListEdit(replaced.document, 'superseded-by', newNumber, replaced.entry.supersededBy)].filter(defined),
    successor: [
      addToListEdit(successor.document, 'replaces', oldNumber, successor.entry.replaces),
      setFieldEdit(successor.document, 'last-updated', today, 'creation-date'),
    ].filter(defined),
  };
}

/**
 * The replaced KPEP's side of creating its successor (the editor's New KPEP and `kpep new` alike):
 * marked replaced and pointed forward to the new KPEP, read from its planned text.
 */
export function markReplacedEdits(options: {
  replaced: SupersedeSide;
  successor: { readonly path: string; readonly text: string };
  root: string;
  today: string;
}): readonly TextEditSpec[] | undefined {
  const successor = readKpep({ path: options.successor.path, text: options.successor.text, root: options.root });
  return successor && supersedeEdits({ replaced: options.replaced, successor, today: options.today })?.replaced;
}

function defined(edit: TextEditSpec | undefined): edit is TextEditSpec {
  return edit !== undefined;
}
