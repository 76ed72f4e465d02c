/** textDocument/definition: from any reference to the referenced KPEP's H1. */
import type { CancellationToken, Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeIn, type KpepEntry } from '../core/index/kpepEntry';
import { kpepAt } from './kpepAtPosition';
import { openKpep, type FeatureContext } from './navigationContext';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definitionLocation(entry: KpepEntry, uriOf: (entry: KpepEntry) => string): Location {
  return { uri: uriOf(entry), range: entry.titleRange ? rangeIn(entry, entry.titleRange) : START };
}

export async function provideDefinition(textDocument: TextDocument, position: Position, context: FeatureContext, token: CancellationToken): Promise<Location[] | null> {
  const open = await openKpep(context, textDocument, { now: true });
  const target = open && kpepAt(open.document, open.indexed, position);
  if (!open || target?.kind !== 'reference' || token.isCancellationRequested) {
    return null;
  }
  // A duplicated number leads to every KPEP that claims it.
  const targets = open.indexed.index.resolve(target.site);
  return targets.length > 0 ? targets.map((entry) => definitionLocation(entry, open.uriOf)) : null;
}
