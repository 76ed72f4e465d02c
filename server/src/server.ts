/**
 * The KPEP language server: `node dist/server.js --stdio` for any LSP client; the VS Code client
 * starts it over IPC. This file only wires the core and the language features to the connection.
 */
import {
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
import { DiagnosticsFeature } from './languageFeatures/diagnostics';
import { KpepWorkspaceHost } from './workspaceHost';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
const PUSH_DELAY_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new KpepDocumentCache();
let clientHasConfiguration = false;

const host = new KpepWorkspaceHost({
  openDocument: (uri) => documents.get(uri),
  settingsFor: async (folderUri) =>
    clientHasConfiguration ? connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'kpep' }) : undefined,
  log: (message) => connection.console.warn(message),
});
let diagnostics: DiagnosticsFeature | undefined;

connection.onInitialize((params): InitializeResult => {
  const { capabilities } = params;
  clientHasConfiguration = capabilities.workspace?.configuration === true;
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  host.setFolders(folders);
  const pull = capabilities.textDocument?.diagnostic !== undefined;
  diagnostics = new DiagnosticsFeature({ connection, documents, cache, host, pull, pushDelayMs: PUSH_DELAY_MS });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      ...(pull ? { diagnosticProvider: { identifier: 'kpep', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'kpep-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  const registrations = connection.client;
  void registrations.register(DidChangeWatchedFilesNotification.type, {
    watchers: [{ globPattern: '**/{.kpep.json,*.md}' }],
  }).catch(() => connection.console.info('The client cannot watch files; template changes apply when the template is open.'));
  if (clientHasConfiguration) {
    void registrations.register(DidChangeConfigurationNotification.type, { section: 'kpep' }).catch(() => undefined);
  }
  connection.workspace.onDidChangeWorkspaceFolders(async () => {
    const folders = await connection.workspace.getWorkspaceFolders();
    host.setFolders(folders?.map((folder) => folder.uri) ?? []);
    diagnostics?.refresh();
  });
});

connection.onDidChangeWatchedFiles(async (params) => {
  const changed = await Promise.all(params.changes.map((change) => host.fileChanged(change.uri)));
  if (changed.some(Boolean)) {
    diagnostics?.refresh();
  }
});

connection.onDidChangeConfiguration(() => {
  host.reloadAll();
  diagnostics?.refresh();
});

// An open template or config file edited but not saved still changes every KPEP's diagnostics.
documents.onDidChangeContent(async (event) => {
  if (await host.fileChanged(event.document.uri)) {
    diagnostics?.refresh();
  }
});

documents.onDidClose((event) => cache.delete(event.document.uri));

documents.listen(connection);
connection.listen();
