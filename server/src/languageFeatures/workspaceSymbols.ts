/** workspace/symbol: every KPEP as `KPEP-0007 Pluggable storage backends · provisional`, filtered by the query. */
import { SymbolKind, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { formatKpepId } from '../core/kpepNumber';
import type { KpepWorkspaceHost } from '../workspaceHost';
import type { WorkspaceIndexer } from '../workspaceIndexer';
import { definitionLocation } from './definition';

export async function provideWorkspaceSymbols(
  services: { readonly host: KpepWorkspaceHost; readonly indexer: WorkspaceIndexer },
  params: WorkspaceSymbolParams,
): Promise<SymbolInformation[]> {
  const query = params.query.toLowerCase().replace(/\s+/g, '');
  const symbols: SymbolInformation[] = [];
  for (const folder of await services.host.folders()) {
    const index = await services.indexer.indexOf(folder);
    for (const entry of index.all()) {
      const id = entry.kpepNumber === undefined ? entry.directory : formatKpepId(entry.kpepNumber);
      const name = `${id} ${entry.title ?? ''}${entry.status ? ` · ${entry.status}` : ''}`.trim();
      if (query === '' || name.toLowerCase().replace(/\s+/g, '').includes(query)) {
        symbols.push({
          name,
          kind: SymbolKind.File,
          location: definitionLocation(entry, (kpep) => services.host.uriOf(folder.folder, kpep.path)),
          containerName: folder.folder.directory,
        });
      }
    }
  }
  return symbols;
}
