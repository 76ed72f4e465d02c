/**
 * `kpep.server.initRepository`: the editor's "Create a KPEP repository", the files `kpep init`
 * writes (the process README, the template, the kpeps/ index page, .kpep.json), written through
 * the host into a workspace folder. Nothing is overwritten: when any of them exists, it names them
 * and creates nothing (SPEC §8).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { FolderArguments, InitRepositoryResult } from '../protocol/kpepProtocol';
import { REPOSITORY_PATHS, repositoryFiles } from '../repositoryFiles';
import { namedFolder, type FeatureContext } from './navigationContext';

export async function initRepository(context: FeatureContext, args: FolderArguments | undefined): Promise<InitRepositoryResult> {
  const location = await namedFolder(context, args?.folderUri);
  if (!location) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Open a folder to create the KPEP repository in.');
  }
  // Everything is checked before anything is created, so a refusal leaves no half-made repository.
  const existing: string[] = [];
  for (const target of REPOSITORY_PATHS) {
    if ((await location.folder.files.fileKind(target)) !== undefined) {
      existing.push(target);
    }
  }
  if (existing.length > 0) {
    return { kind: 'in-the-way', existing };
  }
  const planned = repositoryFiles();
  for (const [file, text] of planned) {
    // The host reports each write, so the folder's project reads the new configuration and template.
    if ((await context.host.createFile(location.folder, file, text)) === 'exists') {
      return { kind: 'in-the-way', existing: [file] };
    }
  }
  return { kind: 'created', files: [...planned.keys()] };
}
