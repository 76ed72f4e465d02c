/**
 * The KPEP language server: `node dist/server.js --stdio` for any LSP client; the VS Code client
 * starts it over IPC. This file only wires the core and the language features to the connection.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type DidChangeWatchedFilesParams,
  type InitializeResult,
  type TextDocumentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BranchClaimsTracker } from './branchClaimsTracker';
import { KpepDocumentCache } from './documentCache';
import { OpenDocumentsByUri } from './documentUri';
import { CodeActionsFeature, FIX_ALL_KIND } from './languageFeatures/codeActions';
import { provideCodeLenses } from './languageFeatures/codeLens';
import { CommandsFeature } from './languageFeatures/commands';
import { COMPLETION_TRIGGERS, provideCompletion } from './languageFeatures/completion';
import { provideDefinition } from './languageFeatures/definition';
import { DiagnosticsFeature } from './languageFeatures/diagnostics';
import { provideDocumentLinks } from './languageFeatures/documentLinks';
import { provideHover } from './languageFeatures/hover';
import { InlayHintLabels, provideInlayHints } from './languageFeatures/inlayHints';
import { KpepsChanges, provideKpeps } from './languageFeatures/kpeps';
import type { NavigationServices } from './languageFeatures/navigationContext';
import { provideReferences } from './languageFeatures/references';
import { provideReplacementGraph } from './languageFeatures/replacementGraph';
import { prepareTypeHierarchy, provideSubtypes, provideSupertypes } from './languageFeatures/typeHierarchy';
import { provideWorkspaceSymbols } from './languageFeatures/workspaceSymbols';
import { createIndexProgress } from './indexProgress';
import { cacheDirectoryFrom, FileIndexStore } from './node/indexStore';
import { KPEPS_CHANGED_NOTIFICATION, KPEPS_REQUEST, REPLACEMENT_GRAPH_REQUEST, SERVER_COMMANDS, type KpepsChangedParams } from './protocol/kpepProtocol';
import { KpepWorkspaceHost } from './workspaceHost';
import { WorkspaceIndexer } from './workspaceIndexer';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
const PUSH_DELAY_MS = 150;
/** The views follow edits within a moment; a burst of keystrokes or file events is one notification. */
const KPEPS_CHANGED_DELAY_MS = 300;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const openDocuments = new OpenDocumentsByUri(documents);
const cache = new KpepDocumentCache();

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Every handler is wired through here, so a message that throws or rejects (a crafted URI, a
 * missing field) fails alone: a notification is logged, a request gets an error response.
 */
function guarded<A extends unknown[], R>(name: string, handler: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    const failed = (error: unknown): never => {
      if (error instanceof ResponseError) {
        throw error;
      }
      connection.console.error(`${name} failed: ${describe(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    };
    try {
      const result = handler(...args);
      return (result instanceof Promise ? result.catch(failed) : result) as R;
    } catch (error) {
      return failed(error);
    }
  };
}

/** The same for events nobody answers: the failure is logged and the event is over. */
function guardedEvent<A extends unknown[]>(name: string, handler: (...args: A) => unknown): (...args: A) => void {
  const inner = guarded(name, handler);
  return (...args) => {
    try {
      const result = inner(...args);
      if (result instanceof Promise) {
        result.catch(() => undefined);
      }
    } catch {
      // Logged by guarded.
    }
  };
}

// A promise some feature left unawaited must not end the process either; it is logged.
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled failure: ${describe(reason)}`));
let clientHasConfiguration = false;
let clientHasProgress = false;
let clientHasWorkspaceFolders = false;
let clientRefreshesInlayHints = false;
/** Where the index is kept between runs; null: not kept. */
let cacheDirectory: string | null = null;

const host = new KpepWorkspaceHost({
  openDocument: (uri) => openDocuments.get(uri),
  settingsFor: async (folderUri) =>
    clientHasConfiguration ? connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'kpep' }) : undefined,
  log: (message) => connection.console.warn(message),
});
const indexer = new WorkspaceIndexer({
  host,
  cache,
  openDocument: (uri) => openDocuments.get(uri),
  openDocuments: () => documents.all(),
  beginProgress: (title) => createIndexProgress(connection, { title, enabled: clientHasProgress }),
  // Another KPEP's number, status or replacement lists changed: re-check the other open ones.
  onCrossChange: (uri) => {
    diagnostics?.refresh(uri);
    kpepsChanges.mayHaveChanged();
  },
  // Open documents were checked without the cross-KPEP rules while indexing: check them again.
  onIndexed: () => {
    diagnostics?.refresh();
    kpepsChanges.mayHaveChanged();
    refreshInlayHints();
  },
  openStore: async ({ folder, project }) =>
    cacheDirectory === null ? undefined : FileIndexStore.open({ directory: cacheDirectory, folderUri: folder.uri, root: project.config.root }),
});
// Claims on other branches arrived or moved: re-check the open KPEPs' numbers.
const branches = new BranchClaimsTracker({ onChange: () => diagnostics?.refresh() });
const services: NavigationServices = { documents, cache, host, indexer, branches };
const commands = new CommandsFeature(services, connection);
const inlayHintLabels = new InlayHintLabels();
function refreshInlayHints(): void {
  if (clientRefreshesInlayHints) {
    connection.languages.inlayHint.refresh().catch(() => undefined);
  }
}
const kpepsChanges = new KpepsChanges({
  services,
  delayMs: KPEPS_CHANGED_DELAY_MS,
  onChange: (summary) => {
    void connection.sendNotification(KPEPS_CHANGED_NOTIFICATION, { folderUri: summary.folderUri } satisfies KpepsChangedParams);
    if (inlayHintLabels.changed(summary)) {
      refreshInlayHints();
    }
  },
  onError: (error) => connection.console.error(`Checking the KPEP set failed: ${describe(error)}`),
});
let diagnostics: DiagnosticsFeature | undefined;
let codeActions: CodeActionsFeature | undefined;

connection.onInitialize(guarded('initialize', (params): InitializeResult => {
  const { capabilities } = params;
  clientHasConfiguration = capabilities.workspace?.configuration === true;
  clientHasProgress = capabilities.window?.workDoneProgress === true;
  clientHasWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
  clientRefreshesInlayHints = capabilities.workspace?.inlayHint?.refreshSupport === true;
  cacheDirectory = cacheDirectoryFrom(params.initializationOptions);
  const folders = params.workspaceFolders?.map((folder) => folder?.uri) ?? (params.rootUri ? [params.rootUri] : []);
  host.setFolders(folders);
  const pull = capabilities.textDocument?.diagnostic !== undefined;
  diagnostics = new DiagnosticsFeature({ connection, documents, cache, indexer, branches, pull, pushDelayMs: PUSH_DELAY_MS });
  const codeActionCapabilities = capabilities.textDocument?.codeAction;
  codeActions = new CodeActionsFeature(services, {
    disabledSupport: codeActionCapabilities?.disabledSupport === true,
    resolveEdits: codeActionCapabilities?.resolveSupport?.properties.includes('edit') === true,
    renameFiles: capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('rename') === true,
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
      typeHierarchyProvider: true,
      inlayHintProvider: { resolveProvider: false },
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'kpep-language-server', version: '0.1.0' },
  };
}));

connection.onInitialized(guardedEvent('initialized', async () => {
  const registrations = connection.client;
  // READMEs by name; JSON for .kpep.json and a baseline; everything under kpeps/, so a renamed
  // KPEP or a link target (an image, a file beside a KPEP) that appears or goes is seen; git's
  // refs, so a commit, fetch or checkout updates the numbers other branches claim.
  const gitRefs = ['**/.git/HEAD', '**/.git/packed-refs', '**/.git/refs/**'].map((globPattern) => ({ globPattern }));
  void registrations.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{*.json,*.md}' }, { globPattern: '**/kpeps/**' }, ...gitRefs] })
    .catch(() => connection.console.info('The client cannot watch files; template changes apply when the template is open.'));
  if (clientHasConfiguration) {
    void registrations.register(DidChangeConfigurationNotification.type, { section: 'kpep' }).catch(() => undefined);
  }
  // Subscribing throws for a client without workspace folders; its one folder is the root URI.
  if (clientHasWorkspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guardedEvent('workspace/didChangeWorkspaceFolders', async () => {
      const folders = await connection.workspace.getWorkspaceFolders();
      host.setFolders(folders?.map((folder) => folder?.uri) ?? []);
      diagnostics?.refresh();
      kpepsChanges.mayHaveChanged();
    }));
  }
  // Index every folder at start-up, so the first hover or reference is instant.
  for (const folder of await host.folders()) {
    indexer.indexOf(folder).catch((error: unknown) => connection.console.error(`Indexing ${folder.folder.directory} failed: ${describe(error)}`));
  }
}));

connection.onDidChangeWatchedFiles(guardedEvent('workspace/didChangeWatchedFiles', async (params: DidChangeWatchedFilesParams) => {
  let changed = false;
  host.diskChanged();
  for (const change of params.changes) {
    if (branches.fileChanged(change.uri)) {
      continue;
    }
    const projectChanged = await host.fileChanged(change.uri);
    if (projectChanged) {
      indexer.rebuildAll();
    }
    // A file that appears or goes may be a link's target: broken-link reads it afresh.
    changed = (await indexer.fileChanged(change.uri)) || projectChanged || change.type !== FileChangeType.Changed || changed;
  }
  if (changed) {
    diagnostics?.refresh();
    kpepsChanges.mayHaveChanged();
  }
}));

connection.onDidChangeConfiguration(guardedEvent('workspace/didChangeConfiguration', () => {
  host.reloadAll();
  indexer.rebuildAll();
  diagnostics?.refresh();
  kpepsChanges.mayHaveChanged();
  // kpep.inlayHints.prose may have changed.
  refreshInlayHints();
}));

// An open template or config file edited but not saved still changes every KPEP's diagnostics.
documents.onDidChangeContent(guardedEvent('textDocument/didChange', async (event: TextDocumentChangeEvent<TextDocument>) => {
  indexer.documentChanged(event.document.uri);
  kpepsChanges.mayHaveChanged();
  if (await host.fileChanged(event.document.uri)) {
    diagnostics?.refresh();
  }
}));

documents.onDidClose(guardedEvent('textDocument/didClose', async (event: TextDocumentChangeEvent<TextDocument>) => {
  cache.delete(event.document.uri);
  await indexer.documentClosed(event.document.uri);
  diagnostics?.refresh(event.document.uri);
  kpepsChanges.mayHaveChanged();
}));

connection.onHover(guarded('textDocument/hover', (params) => provideHover(services, params)));
connection.onDefinition(guarded('textDocument/definition', (params) => provideDefinition(services, params)));
connection.onReferences(guarded('textDocument/references', (params) => provideReferences(services, params)));
connection.onDocumentLinks(guarded('textDocument/documentLink', (params) => provideDocumentLinks(services, params)));
connection.onWorkspaceSymbol(guarded('workspace/symbol', (params) => provideWorkspaceSymbols(services, params)));
connection.onCompletion(guarded('textDocument/completion', (params) => provideCompletion(services, params)));
connection.onCodeAction(guarded('textDocument/codeAction', (params) => codeActions?.provide(params) ?? []));
connection.onCodeActionResolve(guarded('codeAction/resolve', (action) => codeActions?.resolve(action) ?? action));
connection.onCodeLens(guarded('textDocument/codeLens', (params) => provideCodeLenses(services, params)));
connection.languages.typeHierarchy.onPrepare(guarded('textDocument/prepareTypeHierarchy', (params) => prepareTypeHierarchy(services, params)));
connection.languages.typeHierarchy.onSupertypes(guarded('typeHierarchy/supertypes', (params) => provideSupertypes(services, params)));
connection.languages.typeHierarchy.onSubtypes(guarded('typeHierarchy/subtypes', (params) => provideSubtypes(services, params)));
connection.languages.inlayHint.on(guarded('textDocument/inlayHint', (params) => provideInlayHints(services, params)));
connection.onRequest(KPEPS_REQUEST, guarded(KPEPS_REQUEST, () => provideKpeps(services)));
connection.onRequest(REPLACEMENT_GRAPH_REQUEST, guarded(REPLACEMENT_GRAPH_REQUEST, (params) => provideReplacementGraph(services, params)));
connection.onExecuteCommand(guarded('workspace/executeCommand', (params) => commands.execute(params.command, params.arguments ?? [])));

documents.listen(connection);
connection.listen();
