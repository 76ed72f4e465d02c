/**
 * The status actions the server allows for a KPEP (its code actions of kind
 * refactor.rewrite.kpep.status), offered in a pick with disabled ones and their reason, and the
 * one chosen applied. The status bar and the KPEPs view both change a status through here. It asks
 * the server itself rather than through vscode.executeCodeActionProvider, which leaves disabled
 * actions out, and the point of the pick is to show "Mark implementable" with what blocks it.
 */
import { window, workspace, type Uri } from 'vscode';
import { CodeActionRequest, CodeActionResolveRequest, type CodeAction as LspCodeAction, type LanguageClient } from 'vscode-languageclient/node';
import { STATUS_ACTION_KIND } from '../../server/src/protocol/kpepProtocol';

export interface ChangeStatusArguments {
  /** The action to take, by its title ("Withdraw"), without asking (scripts, tests). */
  readonly title?: string;
}

/** Resolves with true when the chosen action was applied. */
export async function changeKpepStatus(client: LanguageClient, options: { readonly uri: Uri; readonly title?: string }): Promise<boolean> {
  // The server answers code actions for open documents; opening one does not show it.
  const document = await workspace.openTextDocument(options.uri);
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
  const picked = options.title
    ? offered.find((action) => action.title === options.title)
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
