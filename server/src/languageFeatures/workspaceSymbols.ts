/** workspace/symbol: every KPEP as `KPEP-0007 Pluggable storage backends · provisional`, filtered by the query. */
import { SymbolKind, type CancellationToken, type SymbolInformation } from 'vscode-languageserver';
import { kpepIdOf } from '../core/kpepNumber';
import { definitionLocation } from './definition';
import type { FeatureContext } from './navigationContext';

export async function provideWorkspaceSymbols(query: string, context: FeatureContext, token: CancellationToken): Promise<SymbolInformation[]> {
  const wanted = String(query).toLowerCase().replace(/\s+/g, '');
  const symbols: SymbolInformation[] = [];
  for (const folder of await context.host.folders()) {
    const index = await context.indexer.indexOf(folder);
    if (token.isCancellationRequested) {
      return [];
    }
    for (const entry of index.all()) {
      const id = kpepIdOf(entry);
      const name = `${id} ${entry.title ?? ''}${entry.status ? ` · ${entry.status}` : ''}`.trim();
      if (wanted === '' || name.toLowerCase().replace(/\s+/g, '').includes(wanted)) {
        symbols.push({
          name,
          kind: SymbolKind.File,
          location: definitionLocation(entry, (kpep) => context.host.uriOf(folder.folder, kpep.path)),
          containerName: folder.folder.directory,
        });
      }
    }
  }
  return symbols;
}
