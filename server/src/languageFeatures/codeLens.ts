/** textDocument/codeLens: on the H1, the status, replaces / replaced-by, and how many KPEPs reference this one. */
import type { CancellationToken, CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeIn } from '../core/index/kpepEntry';
import { formatKpepId } from '../core/kpepNumber';
import { openKpep, type FeatureContext } from './navigationContext';

export async function provideCodeLenses(textDocument: TextDocument, context: FeatureContext, token: CancellationToken): Promise<CodeLens[]> {
  const open = await openKpep(context, textDocument);
  const { entry, index } = open?.indexed ?? {};
  if (!entry?.titleRange || !index || entry.kpepNumber === undefined || token.isCancellationRequested) {
    return [];
  }
  const own = entry.kpepNumber;
  const referrers = new Set(index.referencesTo(own).map((incoming) => incoming.entry.path).filter((path) => path !== entry.path));
  const parts = [
    entry.status ?? 'no valid status',
    ...(entry.replaces.length > 0 ? [`replaces ${entry.replaces.map(formatKpepId).join(', ')}`] : []),
    ...(entry.supersededBy.length > 0 ? [`replaced by ${entry.supersededBy.map(formatKpepId).join(', ')}`] : []),
    `referenced by ${referrers.size} KPEP${referrers.size === 1 ? '' : 's'}`,
  ];
  // A lens with an empty command is a label: the information is the point, not an action.
  return [{ range: rangeIn(entry, entry.titleRange), command: { title: parts.join(' · '), command: '' } }];
}
