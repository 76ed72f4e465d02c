/**
 * "KPEP: Export as upstream KEP…": asks for the upstream repository's folder (and a SIG when the
 * KPEP names none), lets the server run the export, and opens its report. Called with
 * `{ uri, upstreamDirectory, sig }` it skips the prompts (scripts, tests).
 */
import { Uri, window, workspace } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

type ExportResult =
  | { readonly kind: 'exported'; readonly report: string; readonly valid: boolean }
  | { readonly kind: 'needs-sig' }
  | { readonly kind: 'target-exists'; readonly message: string };

export interface ExportUpstreamArguments {
  readonly uri: string;
  readonly upstreamDirectory: string;
  readonly sig?: string;
  readonly force?: boolean;
}

export async function exportUpstream(client: LanguageClient, argument?: string | Uri | ExportUpstreamArguments): Promise<string | undefined> {
  const given = typeof argument === 'object' && !(argument instanceof Uri) ? argument : undefined;
  const uri = given?.uri ?? (argument instanceof Uri ? argument.toString() : typeof argument === 'string' ? argument : window.activeTextEditor?.document.uri.toString());
  if (!uri) {
    void window.showErrorMessage('Open the KPEP to export first.');
    return undefined;
  }
  const upstreamDirectory = given?.upstreamDirectory ?? (await pickUpstreamFolder());
  if (!upstreamDirectory) {
    return undefined;
  }
  let request = { uri, upstreamDirectory, sig: given?.sig, force: given?.force };
  for (;;) {
    const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: 'kpep.server.exportUpstream', arguments: [request] })) as ExportResult;
    if (result.kind === 'exported') {
      const report = await workspace.openTextDocument({ content: result.report, language: 'plaintext' });
      await window.showTextDocument(report, { preview: false });
      return result.report;
    }
    if (given) {
      void window.showErrorMessage(result.kind === 'needs-sig' ? 'This KPEP has no owning-sig; give a SIG.' : result.message);
      return undefined;
    }
    if (result.kind === 'needs-sig') {
      const sig = await window.showInputBox({ title: 'Export as upstream KEP', prompt: 'The owning SIG (the KPEP has no owning-sig)', placeHolder: 'sig-api-machinery' });
      if (!sig) {
        return undefined;
      }
      request = { ...request, sig };
    } else {
      const replace = await window.showWarningMessage(result.message, { modal: true }, 'Replace generated files');
      if (!replace) {
        return undefined;
      }
      request = { ...request, force: true };
    }
  }
}

async function pickUpstreamFolder(): Promise<string | undefined> {
  const [folder] =
    (await window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', title: 'The upstream repository (kubernetes/enhancements)' })) ?? [];
  return folder?.fsPath;
}
