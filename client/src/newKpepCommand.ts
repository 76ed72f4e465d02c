/**
 * "KPEP: New KPEP": asks for a title, optionally the KPEP it replaces, and the folder in a
 * multi-root workspace; the server allocates the number and writes the file; then it opens with
 * the cursor in Summary. Called with `{ title, replaces }` it skips the prompts (scripts, tests).
 */
import { Position, Selection, Uri, window, workspace, type WorkspaceFolder } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

interface KpepListItem {
  readonly kpepNumber: number;
  readonly title: string;
  readonly status: string | null;
}

interface CreateKpepResult {
  readonly uri: string;
  readonly kpepNumber: number;
  readonly position: { line: number; character: number };
  readonly notice?: string;
  readonly templateMissing: boolean;
}

export interface NewKpepArguments {
  readonly title?: string;
  readonly replaces?: number;
}

const padded = (kpepNumber: number): string => `KPEP-${String(kpepNumber).padStart(4, '0')}`;

export async function newKpep(client: LanguageClient, argument?: Uri | NewKpepArguments): Promise<string | undefined> {
  const execute = <T>(command: string, args: object): Promise<T> => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] }) as Promise<T>;
  const given = argument instanceof Uri ? undefined : argument;
  const folder = await pickFolder(argument instanceof Uri ? argument : undefined);
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
      validateInput: async (value) => (await execute<string | null>('kpep.server.checkTitle', { title: value })) ?? undefined,
    }));
  if (title === undefined) {
    return undefined;
  }
  let replaces = given?.replaces;
  if (!given) {
    const kpeps = await execute<KpepListItem[]>('kpep.server.listKpeps', { folderUri });
    const none = { label: 'None', description: 'a new proposal', kpepNumber: undefined };
    const choices = kpeps
      .filter((kpep) => kpep.status !== 'withdrawn' && kpep.status !== 'replaced')
      .map((kpep) => ({ label: padded(kpep.kpepNumber), description: kpep.title, detail: kpep.status ?? undefined, kpepNumber: kpep.kpepNumber }));
    const choice = await window.showQuickPick([none, ...choices], { title: 'New KPEP', placeHolder: 'Does it replace an existing KPEP?', matchOnDescription: true });
    if (!choice) {
      return undefined;
    }
    replaces = choice.kpepNumber;
  }
  const author = workspace.getConfiguration('kpep', folder.uri).get<string>('author') ?? '';
  try {
    const created = await execute<CreateKpepResult>('kpep.server.createKpep', { folderUri, title, replaces, author });
    const editor = await window.showTextDocument(await workspace.openTextDocument(Uri.parse(created.uri)));
    const cursor = new Position(created.position.line, created.position.character);
    editor.selection = new Selection(cursor, cursor);
    editor.revealRange(editor.selection);
    if (created.notice) {
      void window.showInformationMessage(created.notice);
    }
    if (created.templateMissing && !given) {
      void offerTemplate(execute, folderUri);
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

async function offerTemplate(execute: <T>(command: string, args: object) => Promise<T>, folderUri: string): Promise<void> {
  const write = 'Write templates/README.md';
  const answer = await window.showInformationMessage('This workspace has no KPEP template, so the built-in one was used. Write it to templates/README.md for the team to adapt?', write);
  if (answer === write) {
    await execute<string>('kpep.server.writeTemplate', { folderUri }).catch((error: unknown) => window.showWarningMessage(String(error)));
  }
}
