/**
 * `kpep.server.initRepository`: the editor's "Create a KPEP repository", the files `kpep init`
 * writes (the process README, the template, the kpeps/ index page, .kpep.json) into a workspace folder,
 * through the same code. Nothing is overwritten: when any of them exists, it names them
 * and creates nothing (SPEC §8).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { createKpepRepository } from '../node/kpepRepository';
import type { FolderArguments, InitRepositoryResult } from '../protocol/kpepProtocol';
import { namedFolder, type NavigationServices } from './navigationContext';

export async function initRepository(services: NavigationServices, args: FolderArguments | undefined): Promise<InitRepositoryResult> {
  const location = await namedFolder(services, args?.folderUri);
  if (!location) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Open a folder to create the KPEP repository in.');
  }
  const result = await createKpepRepository({ directory: location.folder.directory });
  // The configuration and the template feed the folder's project: read them again.
  for (const file of result.kind === 'created' ? result.files : []) {
    await services.host.fileChanged(services.host.uriOf(location.folder, file));
  }
  return result;
}
