/**
 * The status bar item for the active KPEP (`KPEP-0007 · provisional`), hidden for any other file.
 * The server says what the document is (kpep.server.kpepStatus) and which status actions it
 * allows (its code actions of kind refactor.rewrite.kpep.status); the item only shows them.
 */
import { CodeActionKind, commands, Range, StatusBarAlignment, window, workspace, type CodeAction, type Disposable, type TextDocument, type Uri } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

export const CHANGE_STATUS_COMMAND = 'kpep.changeStatus';
const STATUS_ACTIONS = CodeActionKind.RefactorRewrite.append('kpep').append('status');
// Status actions leave their edit to codeAction/resolve; VS Code resolves this many of them.
const RESOLVE_COUNT = 20;
// Long enough to skip the keystrokes of a word.
const REFRESH_DELAY_MS = 300;

interface KpepStatusResult {
  readonly id: string;
  readonly title: string | null;
  readonly status: string | null;
}

export interface ChangeStatusArguments {
  /** The action to take, by its title ("Withdraw"), without asking (scripts, tests). */
  readonly title?: string;
}

export function registerKpepStatusBar(client: LanguageClient): Disposable {
  const item = window.createStatusBarItem('kpep.status', StatusBarAlignment.Left, 100);
  item.name = 'KPEP status';
  item.command = CHANGE_STATUS_COMMAND;
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
      commands.registerCommand(CHANGE_STATUS_COMMAND, (argument?: ChangeStatusArguments) => changeStatus(argument).finally(refresh)),
      { dispose: () => clearTimeout(timer) },
    ]),
  };
}

async function describe(client: LanguageClient, uri: Uri): Promise<KpepStatusResult | null> {
  try {
    return (await client.sendRequest(ExecuteCommandRequest.type, { command: 'kpep.server.kpepStatus', arguments: [{ uri: uri.toString() }] })) as KpepStatusResult | null;
  } catch {
    // A server that is restarting answers nothing; the next editor change asks again.
    return null;
  }
}

/** Offers the status actions the server allows for the active KPEP, disabled ones with their reason, and applies the one picked. */
async function changeStatus(argument: ChangeStatusArguments | undefined): Promise<boolean> {
  const document: TextDocument | undefined = window.activeTextEditor?.document;
  if (!document) {
    return false;
  }
  const start = new Range(0, 0, 0, 0);
  const actions = (await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', document.uri, start, STATUS_ACTIONS.value, RESOLVE_COUNT)) ?? [];
  const offered = actions.filter((action) => action.kind && STATUS_ACTIONS.contains(action.kind));
  if (offered.length === 0) {
    void window.showInformationMessage('This KPEP offers no status change.');
    return false;
  }
  const picked = argument?.title
    ? offered.find((action) => action.title === argument.title)
    : (
        await window.showQuickPick(
          offered.map((action) => ({ label: action.title, description: action.disabled?.reason, action })),
          { title: 'Change the KPEP status', placeHolder: 'What happens to this KPEP?' },
        )
      )?.action;
  if (!picked) {
    return false;
  }
  if (picked.disabled) {
    void window.showWarningMessage(picked.disabled.reason);
    return false;
  }
  const applied = picked.edit ? await workspace.applyEdit(picked.edit) : true;
  if (picked.command) {
    await commands.executeCommand(picked.command.command, ...(picked.command.arguments ?? []));
  }
  return applied;
}

function disposeAll(disposables: readonly Disposable[]): () => void {
  return () => disposables.forEach((disposable) => disposable.dispose());
}
