/** `kpep/replacementGraph`: the replaces and see-also graph of one folder, from its complete index. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { buildReplacementGraph } from '../core/replacementGraph';
import type { ReplacementGraph, ReplacementGraphParams } from '../protocol/kpepProtocol';
import { namedFolder, type NavigationServices } from './navigationContext';

export async function provideReplacementGraph(services: NavigationServices, params: ReplacementGraphParams | null | undefined): Promise<ReplacementGraph> {
  const folderUri: unknown = params?.folderUri;
  const statuses: unknown = params?.statuses;
  if (folderUri !== undefined && typeof folderUri !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'folderUri must be a workspace folder URI.');
  }
  if (statuses !== undefined && !(Array.isArray(statuses) && statuses.every((status) => typeof status === 'string'))) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'statuses must be a list of KPEP statuses.');
  }
  const location = await namedFolder(services, folderUri);
  if (!location) {
    throw new ResponseError(ErrorCodes.InvalidParams, folderUri === undefined ? 'No workspace folder is open.' : `${folderUri} is not a workspace folder.`);
  }
  const index = await services.indexer.indexOf(location);
  return buildReplacementGraph({
    index,
    ...(statuses === undefined ? {} : { statuses: statuses as string[] }),
    uriOf: (entry) => services.host.uriOf(location.folder, entry.path),
  });
}
