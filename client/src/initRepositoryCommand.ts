/**
 * "KPEP: Create a KPEP Repository": the server writes what `kpep init` writes into a workspace
 * folder (never over an existing file), then the process README opens and New KPEP is offered.
 * Called with `{ folderUri }` it asks nothing and resolves with the server's answer (scripts, tests).
 */
import { commands, Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, SERVER_COMMANDS, type FolderArguments, type InitRepositoryResult } from '../../server/src/protocol/kpepProtocol';
import { executeServerCommand } from './serverCommands';

export const INIT_REPOSITORY_COMMAND = 'kpep.initRepository';

export async function initRepository(client: LanguageClient, given?: FolderArguments): Promise<InitRepositoryResult | undefined> {
  const folders = workspace.workspaceFolders ?? [];
  const folder = given?.folderUri ? Uri.parse(given.folderUri) : folders.length > 1 ? (await window.showWorkspaceFolderPick({ placeHolder: 'Which folder becomes the KPEP repository?' }))?.uri : folders[0]?.uri;
  if (!folder) {
    if (folders.length === 0) {
      void window.showErrorMessage('Create a KPEP repository: open a folder first.');
    }
    return undefined;
  }
  try {
    const result = await executeServerCommand(client, SERVER_COMMANDS.initRepository, { folderUri: folder.toString() });
    if (result.kind === 'in-the-way') {
      void window.showWarningMessage(`${result.existing.join(', ')} already exist${result.existing.length === 1 ? 's' : ''}; nothing was created.`);
    } else if (!given) {
      await window.showTextDocument(Uri.joinPath(folder, 'README.md'));
      const start = 'New KPEP';
      if ((await window.showInformationMessage('The KPEP repository is ready: the process README, the template, the kpeps/ index and .kpep.json.', start)) === start) {
        await commands.executeCommand(CLIENT_COMMANDS.newKpep);
      }
    }
    return result;
  } catch (error) {
    void window.showErrorMessage(`Create a KPEP repository: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
