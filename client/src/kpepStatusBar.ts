/**
 * The status bar item for the active KPEP (`KPEP-0007 · provisional`), hidden for any other file.
 * The server says what the document is (kpep.server.kpepStatus) and which status actions it
 * allows (its code actions of kind refactor.rewrite.kpep.status); the item only shows them.
 */
import { commands, StatusBarAlignment, window, workspace, type Disposable, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, SERVER_COMMANDS, type KpepStatusResult } from '../../server/src/protocol/kpepProtocol';
import { executeServerCommand } from './serverCommands';
import { changeKpepStatus, type ChangeStatusArguments } from './statusActions';

// Long enough to skip the keystrokes of a word.
const REFRESH_DELAY_MS = 300;

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

/** The status actions of the active KPEP. */
async function changeStatus(client: LanguageClient, argument: ChangeStatusArguments | undefined): Promise<boolean> {
  const document = window.activeTextEditor?.document;
  return document ? changeKpepStatus(client, { uri: document.uri, title: argument?.title }) : false;
}

function disposeAll(disposables: readonly Disposable[]): () => void {
  return () => disposables.forEach((disposable) => disposable.dispose());
}
