/** textDocument/documentLink: prose references (`KPEP-7`) become links to the KPEP's README. */
import type { CancellationToken, DocumentLink } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { positionIn, rangeIn, referenceSites } from '../core/index/kpepEntry';
import { formatKpepId } from '../core/kpepNumber';
import { openKpep, type FeatureContext } from './navigationContext';

export async function provideDocumentLinks(textDocument: TextDocument, context: FeatureContext, token: CancellationToken): Promise<DocumentLink[]> {
  const open = await openKpep(context, textDocument);
  if (!open || token.isCancellationRequested) {
    return [];
  }
  const { index, entry } = open.indexed;
  // Markdown links already navigate on their own; front-matter numbers get definition instead.
  return referenceSites(entry).flatMap((site) => {
    const target = site.kind === 'prose' ? index.find(site.kpepNumber) : undefined;
    if (!target) {
      return [];
    }
    const line = (target.titleRange ? positionIn(target, target.titleRange.start).line : 0) + 1;
    return [{ range: rangeIn(entry, site.range), target: `${open.uriOf(target)}#L${line}`, tooltip: `Open ${formatKpepId(site.kpepNumber)}${target.title ? `: ${target.title}` : ''}` }];
  });
}
