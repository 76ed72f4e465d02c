/**
 * The thin VS Code client: start the KPEP language server over IPC for markdown files, and add
 * what needs VS Code's own UI: the status bar item, the KPEPs view, the replacement graph and the
 * markdown preview's plugin, all drawn from the server's answers. Every language feature lives in
 * the server, which also decides which markdown files are KPEPs.
 */
import * as path from 'node:path';
import { commands, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { exportUpstream } from './exportUpstreamCommand';
import { initRepository, INIT_REPOSITORY_COMMAND } from './initRepositoryCommand';
import { KpepSet } from './kpepSet';
import { registerKpepStatusBar } from './kpepStatusBar';
import { registerKpepsView, type KpepsTreeProvider } from './kpepsView';
import { markdownPreviewPlugin } from './markdownPreview';
import { newKpep } from './newKpepCommand';
import { ReplacementGraphPanel, SHOW_GRAPH_COMMAND } from './replacementGraphView';
import { CLIENT_COMMANDS } from '../../server/src/protocol/kpepProtocol';

let client: LanguageClient | undefined;

/** What activate returns: the preview's plugin for VS Code, and the KPEPs tree for the extension-host tests. */
export interface KpepExtensionApi {
  readonly extendMarkdownIt: ReturnType<typeof markdownPreviewPlugin>['extendMarkdownIt'];
  readonly kpepsView: KpepsTreeProvider;
}

export async function activate(context: ExtensionContext): Promise<KpepExtensionApi> {
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
  const kpeps = new KpepSet(languageClient);
  const view = registerKpepsView(languageClient, kpeps);
  const graph = new ReplacementGraphPanel(languageClient, kpeps);
  const preview = markdownPreviewPlugin(kpeps);
  context.subscriptions.push(
    kpeps,
    view.disposable,
    graph,
    preview.disposable,
    commands.registerCommand(CLIENT_COMMANDS.newKpep, (argument) => newKpep(languageClient, argument)),
    commands.registerCommand(CLIENT_COMMANDS.exportUpstream, (argument) => exportUpstream(languageClient, argument)),
    commands.registerCommand(SHOW_GRAPH_COMMAND, () => graph.show()),
    commands.registerCommand(INIT_REPOSITORY_COMMAND, (argument) => initRepository(languageClient, argument)),
  );
  // Shows the KPEP activity-bar container (package.json `views` when-clause) once the extension runs.
  void commands.executeCommand('setContext', 'kpep.active', true);
  await languageClient.start();
  context.subscriptions.push(registerKpepStatusBar(languageClient));
  // The notification only reports changes; the first set is asked for.
  void kpeps.refresh();
  return { extendMarkdownIt: preview.extendMarkdownIt, kpepsView: view.provider };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
