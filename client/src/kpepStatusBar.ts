/**
 * The status bar item for the active KPEP (`KPEP-0007 · provisional`), hidden for any other file.
 * The server says what the document is (kpep.server.kpepStatus) and which status actions it
 * allows (its code actions of kind refactor.rewrite.kpep.status); the item only shows them.
 */
import { commands, StatusBarAlignment, window, workspace, type Disposable, type Uri } from 'vscode';
import { CodeActionRequest, CodeActionResolveRequest, type CodeAction as LspCodeAction, type LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, SERVER_COMMANDS, STATUS_ACTION_KIND, type KpepStatusResult } from '../../server/src/protocol/kpepProtocol';
import { executeServerCommand } from './serverCommands';

// Long enough to skip the keystrokes of a word.
const REFRESH_DELAY_MS = 300;

export interface ChangeStatusArguments {
  /** The action to take, by its title ("Withdraw"), without asking (scripts, tests). */
  readonly title?: string;
}

export function registerKpepStatusBar(client: LanguageClient): Disposable {
  const item = window.createStatusBarItem('kpep.status', StatusBarAlignment.Left, 100);
  item.name = 'KPEP status';
  item.command = CLIENT_COMMANDS.changeStatus;
  let timer: NodeJS.Timeout | undefined;
  // Answers can arrive out of order; only the latest request may change the item.
  let generation = 0;

  const refresh = async (): Promise<void> => {
    const document = window.activeTextEditor?.document;
    const asked = ++generation;
    const shown = document && document.languageId === 'markdown' ? await describe(client, document.uri) : null;
    if (asked !== generation) {
      return;
    }
    if (!shown) {
      item.hide();
      return;
    }
    item.text = `${shown.id} · ${shown.status ?? 'no status'}`;
    item.tooltip = `${shown.title ?? shown.id}: click to change its status`;
    item.show();
  };
  const refreshSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), REFRESH_DELAY_MS);
  };

  void refresh();
  return {
    dispose: disposeAll([
      item,
      window.onDidChangeActiveTextEditor(() => void refresh()),
      workspace.onDidChangeTextDocument((event) => {
        if (event.document === window.activeTextEditor?.document) {
          refreshSoon();
        }
      }),
      commands.registerCommand(CLIENT_COMMANDS.changeStatus, (argument?: ChangeStatusArguments) => changeStatus(client, argument).finally(refresh)),
      { dispose: () => clearTimeout(timer) },
    ]),
  };
}

async function describe(client: LanguageClient, uri: Uri): Promise<KpepStatusResult | null> {
  try {
    return await executeServerCommand(client, SERVER_COMMANDS.kpepStatus, { uri: uri.toString() });
  } catch {
    // A server that is restarting answers nothing; the next editor change asks again.
    return null;
  }
}

/**
 * Offers the status actions the server allows for the active KPEP, disabled ones with their
 * reason, and applies the one picked. It asks the server itself rather than through
 * vscode.executeCodeActionProvider, which leaves disabled actions out.
 */
async function changeStatus(client: LanguageClient, argument: ChangeStatusArguments | undefined): Promise<boolean> {
  const document = window.activeTextEditor?.document;
  if (!document) {
    return false;
  }
  const start = { line: 0, character: 0 };
  const answer = await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: document.uri.toString() },
    range: { start, end: start },
    context: { diagnostics: [], only: [STATUS_ACTION_KIND] },
  });
  const offered = (answer ?? []).filter((action): action is LspCodeAction => 'kind' in action && action.kind?.startsWith(STATUS_ACTION_KIND) === true);
  if (offered.length === 0) {
    void window.showInformationMessage('This KPEP offers no status change.');
    return false;
  }
  const picked = argument?.title
    ? offered.find((action) => action.title === argument.title)
    : (
        await window.showQuickPick(
          offered.map((action) => ({ label: action.title, description: action.disabled?.reason, action })),
          { title: 'Change the KPEP status', placeHolder: 'What happens to this KPEP?', matchOnDescription: true },
        )
      )?.action;
  if (!picked) {
    return false;
  }
  if (picked.disabled) {
    void window.showWarningMessage(picked.disabled.reason);
    return false;
  }
  const resolved = picked.edit ? picked : await client.sendRequest(CodeActionResolveRequest.type, picked);
  if (!resolved.edit) {
    void window.showWarningMessage(`${picked.title}: the KPEP changed meanwhile; try again.`);
    return false;
  }
  return workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(resolved.edit));
}

function disposeAll(disposables: readonly Disposable[]): () => void {
  return () => disposables.forEach((disposable) => disposable.dispose());
}
