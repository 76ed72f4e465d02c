/** textDocument/definition: from any reference to the referenced KPEP's H1. */
import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import type { KpepEntry } from '../core/index/kpepEntry';
import { kpepAt } from './kpepAtPosition';
import { openKpep, type NavigationServices } from './navigationContext';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function definitionLocation(entry: KpepEntry, uriOf: (entry: KpepEntry) => string): Location {
  return { uri: uriOf(entry), range: entry.titleRange ?? START };
}

export async function provideDefinition(services: NavigationServices, params: DefinitionParams): Promise<Location[] | null> {
  const open = await openKpep(services, params.textDocument.uri, { now: true });
  const target = open && kpepAt(open.document, open.indexed, params.position);
  if (!open || target?.kind !== 'reference') {
    return null;
  }
  // A duplicated number leads to every KPEP that claims it.
  const targets = open.indexed.index.resolve(target.site);
  return targets.length > 0 ? targets.map((entry) => definitionLocation(entry, open.uriOf)) : null;
}
