/**
 * The thin VS Code client: start the KPEP language server over IPC for markdown files, show the
 * active KPEP in the status bar, and stop the server on deactivate. Every language feature lives
 * in the server, which also decides which markdown files are KPEPs.
 */
import * as path from 'node:path';
import { commands, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { exportUpstream } from './exportUpstreamCommand';
import { registerKpepStatusBar } from './kpepStatusBar';
import { newKpep } from './newKpepCommand';
import { CLIENT_COMMANDS } from '../../server/src/protocol/kpepProtocol';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every markdown file on disk: where KPEPs and the template live is the workspace's
    // configuration (.kpep.json, kpep.root), which only the server reads (docs/spec.md, Entry points).
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // The workspace index is kept here between sessions, so a restart reads only what changed.
    initializationOptions: { cacheDirectory: (context.storageUri ?? context.globalStorageUri).fsPath },
  };
  // The id "kpep" makes the client read the kpep.trace.server setting.
  const languageClient = new LanguageClient('kpep', 'KPEP Language Server', serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(commands.registerCommand(CLIENT_COMMANDS.newKpep, (argument) => newKpep(languageClient, argument)));
  context.subscriptions.push(commands.registerCommand(CLIENT_COMMANDS.exportUpstream, (argument) => exportUpstream(languageClient, argument)));
  await languageClient.start();
  context.subscriptions.push(registerKpepStatusBar(languageClient));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
