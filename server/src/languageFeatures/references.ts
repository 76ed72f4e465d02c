/** textDocument/references: every reference to a KPEP, asked from its H1, its kpep-number, or any reference to it. */
import type { CancellationToken, Location, Position, ReferenceContext } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeIn } from '../core/index/kpepEntry';
import { definitionLocation } from './definition';
import { kpepAt } from './kpepAtPosition';
import { openKpep, type FeatureContext } from './navigationContext';

export async function provideReferences(
  textDocument: TextDocument,
  position: Position,
  context: FeatureContext & { readonly reference: ReferenceContext },
  token: CancellationToken,
): Promise<Location[] | null> {
  const open = await openKpep(context, textDocument);
  const target = open && kpepAt(open.document, open.indexed, position);
  if (!open || !target || token.isCancellationRequested) {
    return null;
  }
  const { index, entry } = open.indexed;
  // A link to a README that is not there leads nowhere, whatever KPEP has its number.
  const kpepNumber = target.kind === 'reference' ? (target.site.target === undefined ? target.site.kpepNumber : index.resolve(target.site)[0]?.kpepNumber) : target.kind === 'self' ? entry.kpepNumber : undefined;
  if (kpepNumber === undefined) {
    return null;
  }
  const declarations = context.reference.includeDeclaration ? index.withNumber(kpepNumber).map((kpep) => definitionLocation(kpep, open.uriOf)) : [];
  const uses = index.referencesTo(kpepNumber).map(({ entry: from, site }) => ({ uri: open.uriOf(from), range: rangeIn(from, site.range) }));
  return [...declarations, ...uses];
}
