/**
 * "KPEP: New KPEP": asks for a title, optionally the KPEP it replaces, and the folder in a
 * multi-root workspace; the server allocates the number and writes the file; then it opens with
 * the cursor in Summary. Called with `{ title, replaces }` it skips the prompts (scripts, tests);
 * with `{ replaces }` alone it asks only the title (the KPEPs view's "New KPEP replacing this…").
 */
import { Position, Selection, Uri, window, workspace, type WorkspaceFolder } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { formatKpepId, SERVER_COMMANDS } from '../../server/src/protocol/kpepProtocol';
import { executeServerCommand } from './serverCommands';

export interface NewKpepArguments {
  readonly title?: string;
  readonly replaces?: number;
  /** The workspace folder's URI, so a multi-root workspace asks no folder. */
  readonly folderUri?: string;
}

export async function newKpep(client: LanguageClient, argument?: Uri | NewKpepArguments): Promise<string | undefined> {
  const given = argument instanceof Uri ? undefined : argument;
  const folder = await pickFolder(argument instanceof Uri ? argument : given?.folderUri ? Uri.parse(given.folderUri) : undefined);
  if (!folder) {
    return undefined;
  }
  const folderUri = folder.uri.toString();
  const title =
    given?.title ??
    (await window.showInputBox({
      title: 'New KPEP',
      prompt: 'The title of the new KPEP',
      placeHolder: 'Pluggable storage backends',
      validateInput: async (value) => (await executeServerCommand(client, SERVER_COMMANDS.checkTitle, { title: value })) ?? undefined,
    }));
  if (title === undefined) {
    return undefined;
  }
  let replaces = given?.replaces;
  if (!given) {
    const kpeps = await executeServerCommand(client, SERVER_COMMANDS.listKpeps, { folderUri });
    const none = { label: 'None', description: 'a new proposal', kpepNumber: undefined };
    const choices = kpeps
      .filter((kpep) => kpep.status !== 'withdrawn' && kpep.status !== 'replaced')
      .map((kpep) => ({ label: formatKpepId(kpep.kpepNumber), description: kpep.title, detail: kpep.status ?? undefined, kpepNumber: kpep.kpepNumber }));
    const choice = await window.showQuickPick([none, ...choices], { title: 'New KPEP', placeHolder: 'Does it replace an existing KPEP?', matchOnDescription: true });
    if (!choice) {
      return undefined;
    }
    replaces = choice.kpepNumber;
  }
  const author = workspace.getConfiguration('kpep', folder.uri).get<string>('author') ?? '';
  try {
    const created = await executeServerCommand(client, SERVER_COMMANDS.createKpep, { folderUri, title, replaces, author });
    const editor = await window.showTextDocument(await workspace.openTextDocument(Uri.parse(created.uri)));
    const cursor = new Position(created.position.line, created.position.character);
    editor.selection = new Selection(cursor, cursor);
    editor.revealRange(editor.selection);
    if (created.notice) {
      void window.showInformationMessage(created.notice);
    }
    if (created.templateMissing && !given) {
      void offerTemplate(client, folderUri);
    }
    return created.uri;
  } catch (error) {
    void window.showErrorMessage(`New KPEP: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function pickFolder(clicked: Uri | undefined): Promise<WorkspaceFolder | undefined> {
  const folders = workspace.workspaceFolders ?? [];
  if (clicked) {
    return workspace.getWorkspaceFolder(clicked);
  }
  if (folders.length <= 1) {
    if (folders.length === 0) {
      void window.showErrorMessage('New KPEP: open the enhancements repository as a folder first.');
    }
    return folders[0];
  }
  return window.showWorkspaceFolderPick({ placeHolder: 'Which repository gets the new KPEP?' });
}

async function offerTemplate(client: LanguageClient, folderUri: string): Promise<void> {
  const write = 'Write templates/README.md';
  const answer = await window.showInformationMessage('This workspace has no KPEP template, so the built-in one was used. Write it to templates/README.md for the team to adapt?', write);
  if (answer === write) {
    await executeServerCommand(client, SERVER_COMMANDS.writeTemplate, { folderUri }).catch((error: unknown) => window.showWarningMessage(String(error)));
  }
}
