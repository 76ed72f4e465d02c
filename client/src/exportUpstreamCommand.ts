/**
 * "KPEP: Export as upstream KEP…": asks for the upstream repository's folder (and a SIG when the
 * KPEP names none), lets the server run the export, and opens its report.
 *
 * Called with `{ uri, upstreamDirectory, sig?, kepNumber?, force? }` (`uri` the KPEP's document URI as a
 * string, `upstreamDirectory` a file path) it asks nothing, for scripts and tests: an existing target
 * without `force`, or a KPEP with no SIG and no `sig`, is refused with an error message instead of a
 * question. Either way it resolves with the server's answer (`{ kind: 'exported', report, written }`,
 * or the refusal `{ kind: 'target-exists', message }` / `{ kind: 'needs-sig' }`), or with undefined
 * when the user cancelled a prompt.
 */
import { Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SERVER_COMMANDS, type ExportUpstreamArguments, type ExportUpstreamResult } from '../../server/src/protocol/kpepProtocol';
import { executeServerCommand } from './serverCommands';

export async function exportUpstream(client: LanguageClient, argument?: string | Uri | ExportUpstreamArguments): Promise<ExportUpstreamResult | undefined> {
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
  let request: ExportUpstreamArguments = { uri, upstreamDirectory, sig: given?.sig, kepNumber: given?.kepNumber, force: given?.force };
  for (;;) {
    const result = await executeServerCommand(client, SERVER_COMMANDS.exportUpstream, request);
    if (result.kind === 'exported') {
      const report = await workspace.openTextDocument({ content: result.report, language: 'plaintext' });
      await window.showTextDocument(report, { preview: false });
      return result;
    }
    if (given) {
      void window.showErrorMessage(result.kind === 'needs-sig' ? 'This KPEP has no owning-sig; give a SIG.' : result.message);
      return result;
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
