/**
 * `kpep.server.initRepository`: the editor's "Create a KPEP repository", the files `kpep init`
 * writes (the process README, the template, the kpeps/ index page, .kpep.json), written through
 * the host into a workspace folder. Nothing is overwritten: when any of them exists, it names them
 * and creates nothing (SPEC §8).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { FolderArguments, InitRepositoryResult } from '../protocol/kpepProtocol';
import { createRepository } from '../repositoryFiles';
import { namedFolder, type FeatureContext } from './navigationContext';

export async function initRepository(context: FeatureContext, args: FolderArguments | undefined): Promise<InitRepositoryResult> {
  const location = await namedFolder(context, args?.folderUri);
  if (!location) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Open a folder to create the KPEP repository in.');
  }
  // The host reports each write, so the folder's project reads the new configuration and template.
  return createRepository({
    exists: async (relativePath) => (await location.folder.files.fileKind(relativePath)) !== undefined,
    create: (relativePath, text) => context.host.createFile(location.folder, relativePath, text),
  });
}
