/**
 * The thin VS Code client: start the KPEP language server over IPC for KPEP markdown, and stop it
 * on deactivate. Every language feature lives in the server.
 */
import * as path from 'node:path';
import { commands, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { exportUpstream } from './exportUpstreamCommand';
import { newKpep } from './newKpepCommand';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // KPEPs and their template; the server decides which files are KPEPs (SPEC §1).
    documentSelector: [
      { scheme: 'file', language: 'markdown', pattern: '**/kpeps/**/*.md' },
      { scheme: 'file', language: 'markdown', pattern: '**/templates/*.md' },
    ],
  };
  // The id "kpep" makes the client read the kpep.trace.server setting.
  const languageClient = new LanguageClient('kpep', 'KPEP Language Server', serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(commands.registerCommand('kpep.newKpep', (argument) => newKpep(languageClient, argument)));
  context.subscriptions.push(commands.registerCommand('kpep.exportUpstream', (argument) => exportUpstream(languageClient, argument)));
  await languageClient.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
