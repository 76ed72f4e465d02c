/**
 * textDocument/inlayHint: after each number in `replaces`, `superseded-by` and `see-also`, the
 * target's title and status (`3 ▸ Tenant quotas · replaced`); after prose references and links
 * too when `kpep.inlayHints.prose` is on. A number that leads to no KPEP gets no hint.
 */
import { InlayHintKind, type CancellationToken, type InlayHint, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LIST_FIELDS, rangeIn, referenceSites, type KpepEntry, type ReferenceKind } from '../core/index/kpepEntry';
import type { KpepIndex } from '../core/index/kpepIndex';
import type { KpepFolderSummary } from '../protocol/kpepProtocol';
import { openKpep, type FeatureContext } from './navigationContext';

const LIST_KINDS: ReadonlySet<ReferenceKind> = new Set(LIST_FIELDS);

/** The part after the number: `▸ Tenant quotas · replaced`. */
function inlayLabel(target: KpepEntry): string {
  return `▸ ${target.title ?? '(untitled)'}${target.status ? ` · ${target.status}` : ''}`;
}

function overlaps(range: Range, within: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
  return !before(range.end, within.start) && !before(within.end, range.start);
}

/** The hints of one KPEP's references inside `range`. */
function kpepInlayHints(options: { entry: KpepEntry; index: KpepIndex; range: Range; prose: boolean }): InlayHint[] {
  return referenceSites(options.entry).flatMap((site) => {
    const range = rangeIn(options.entry, site.range);
    const target = (LIST_KINDS.has(site.kind) || options.prose) && overlaps(range, options.range) ? options.index.resolve(site)[0] : undefined;
    return target ? [{ position: range.end, label: inlayLabel(target), kind: InlayHintKind.Type, paddingLeft: true }] : [];
  });
}

export async function provideInlayHints(textDocument: TextDocument, range: Range, context: FeatureContext, token: CancellationToken): Promise<InlayHint[] | null> {
  const open = await openKpep(context, textDocument, { now: true });
  if (!open || token.isCancellationRequested) {
    return null;
  }
  const { entry, index, location } = open.indexed;
  return kpepInlayHints({ entry, index, range, prose: location.project.editor.proseInlayHints });
}

/**
 * Decides when the hints shown are stale: they read every KPEP's title and status, so a change to
 * those (not to dates or lists) asks the client to refresh them. (A completed index refreshes them
 * too: hints answered while indexing lacked the KPEPs not read yet.)
 */
export class InlayHintLabels {
  private readonly labels = new Map<string, string>();

  /** True when the folder's titles or statuses differ from the last ones seen. */
  changed(summary: KpepFolderSummary): boolean {
    const labels = JSON.stringify(summary.kpeps.map((kpep) => [kpep.uri, kpep.kpepNumber, kpep.title, kpep.status]));
    const previous = this.labels.get(summary.folderUri);
    this.labels.set(summary.folderUri, labels);
    return previous !== undefined && previous !== labels;
  }
}
