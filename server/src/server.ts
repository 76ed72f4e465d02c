/**
 * The KPEP language server: `node dist/server.js --stdio` for any LSP client; the VS Code client
 * starts it over IPC. This file only wires the core and the language features to the connection.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { KpepDocumentCache } from './documentCache';
import { CodeActionsFeature, FIX_ALL_KIND } from './languageFeatures/codeActions';
import { provideCodeLenses } from './languageFeatures/codeLens';
import { CommandsFeature, SERVER_COMMANDS } from './languageFeatures/commands';
import { COMPLETION_TRIGGERS, provideCompletion } from './languageFeatures/completion';
import { provideDefinition } from './languageFeatures/definition';
import { DiagnosticsFeature } from './languageFeatures/diagnostics';
import { provideDocumentLinks } from './languageFeatures/documentLinks';
import { provideHover } from './languageFeatures/hover';
import type { NavigationServices } from './languageFeatures/navigationContext';
import { provideReferences } from './languageFeatures/references';
import { provideWorkspaceSymbols } from './languageFeatures/workspaceSymbols';
import { createIndexProgress } from './indexProgress';
import { cacheDirectoryFrom, FileIndexStore } from './node/indexStore';
import { KpepWorkspaceHost } from './workspaceHost';
import { WorkspaceIndexer } from './workspaceIndexer';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
const PUSH_DELAY_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new KpepDocumentCache();
let clientHasConfiguration = false;
let clientHasProgress = false;
/** Where the index is kept between runs; null: not kept. */
let cacheDirectory: string | null = null;

const host = new KpepWorkspaceHost({
  openDocument: (uri) => documents.get(uri),
  settingsFor: async (folderUri) =>
    clientHasConfiguration ? connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'kpep' }) : undefined,
  log: (message) => connection.console.warn(message),
});
const indexer = new WorkspaceIndexer({
  host,
  cache,
  openDocument: (uri) => documents.get(uri),
  openDocuments: () => documents.all(),
  beginProgress: (title) => createIndexProgress(connection, { title, enabled: clientHasProgress }),
  // Another KPEP's number, status or replacement lists changed: re-check the other open ones.
  onCrossChange: (uri) => diagnostics?.refresh(uri),
  // Open documents were checked without the cross-KPEP rules while indexing: check them again.
  onIndexed: () => diagnostics?.refresh(),
  openStore: async ({ folder, project }) =>
    cacheDirectory === null ? undefined : FileIndexStore.open({ directory: cacheDirectory, folderUri: folder.uri, root: project.config.root }),
});
const services: NavigationServices = { documents, cache, host, indexer };
const commands = new CommandsFeature(services, connection);
let diagnostics: DiagnosticsFeature | undefined;
let codeActions: CodeActionsFeature | undefined;

connection.onInitialize((params): InitializeResult => {
  const { capabilities } = params;
  clientHasConfiguration = capabilities.workspace?.configuration === true;
  clientHasProgress = capabilities.window?.workDoneProgress === true;
  cacheDirectory = cacheDirectoryFrom(params.initializationOptions);
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  host.setFolders(folders);
  const pull = capabilities.textDocument?.diagnostic !== undefined;
  diagnostics = new DiagnosticsFeature({ connection, documents, cache, indexer, pull, pushDelayMs: PUSH_DELAY_MS });
  const codeActionCapabilities = capabilities.textDocument?.codeAction;
  codeActions = new CodeActionsFeature(services, {
    disabledSupport: codeActionCapabilities?.disabledSupport === true,
    resolveEdits: codeActionCapabilities?.resolveSupport?.properties.includes('edit') === true,
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...(pull ? { diagnosticProvider: { identifier: 'kpep', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentLinkProvider: { resolveProvider: false },
      workspaceSymbolProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: true },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'kpep-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  const registrations = connection.client;
  // READMEs and the config by name; KPEP directories themselves, so a renamed one is seen.
  void registrations.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{.kpep.json,*.md}' }, { globPattern: '**/kpeps/*' }] })
    .catch(() => connection.console.info('The client cannot watch files; template changes apply when the template is open.'));
  if (clientHasConfiguration) {
    void registrations.register(DidChangeConfigurationNotification.type, { section: 'kpep' }).catch(() => undefined);
  }
  connection.workspace.onDidChangeWorkspaceFolders(async () => {
    const folders = await connection.workspace.getWorkspaceFolders();
    host.setFolders(folders?.map((folder) => folder.uri) ?? []);
    diagnostics?.refresh();
  });
  // Index every folder at start-up, so the first hover or reference is instant.
  for (const folder of await host.folders()) {
    void indexer.indexOf(folder);
  }
});

connection.onDidChangeWatchedFiles(async (params) => {
  let changed = false;
  for (const change of params.changes) {
    const projectChanged = await host.fileChanged(change.uri);
    if (projectChanged) {
      indexer.rebuildAll();
    }
    changed = (await indexer.fileChanged(change.uri)) || projectChanged || changed;
  }
  if (changed) {
    diagnostics?.refresh();
  }
});

connection.onDidChangeConfiguration(() => {
  host.reloadAll();
  indexer.rebuildAll();
  diagnostics?.refresh();
});

// An open template or config file edited but not saved still changes every KPEP's diagnostics.
documents.onDidChangeContent(async (event) => {
  indexer.documentChanged(event.document.uri);
  if (await host.fileChanged(event.document.uri)) {
    diagnostics?.refresh();
  }
});

documents.onDidClose(async (event) => {
  cache.delete(event.document.uri);
  await indexer.documentClosed(event.document.uri);
  diagnostics?.refresh(event.document.uri);
});

connection.onHover((params) => provideHover(services, params));
connection.onDefinition((params) => provideDefinition(services, params));
connection.onReferences((params) => provideReferences(services, params));
connection.onDocumentLinks((params) => provideDocumentLinks(services, params));
connection.onWorkspaceSymbol((params) => provideWorkspaceSymbols(services, params));
connection.onCompletion((params) => provideCompletion(services, params));
connection.onCodeAction((params) => codeActions?.provide(params) ?? []);
connection.onCodeActionResolve((action) => codeActions?.resolve(action) ?? action);
connection.onCodeLens((params) => provideCodeLenses(services, params));
connection.onExecuteCommand((params) => commands.execute(params.command, params.arguments ?? []));

documents.listen(connection);
connection.listen();
