/**
 * Puts a KpepLanguageServer on an LSP connection: capabilities, registrations, and every message
 * handed to the server through one guard. Nothing here decides anything about KPEPs.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { createIndexProgress } from './indexProgress';
import { FIX_ALL_KIND } from './languageFeatures/codeActions';
import { COMPLETION_TRIGGERS } from './languageFeatures/completion';
import { describeError } from './errorText';
import { KpepLanguageServer, type LanguageServerOptions } from './languageServer';
import { KPEPS_CHANGED_NOTIFICATION, KPEPS_REQUEST, REPLACEMENT_GRAPH_REQUEST, SERVER_COMMANDS, type ReplacementGraphParams } from './protocol/kpepProtocol';

export interface ConnectionServerOptions extends Pick<LanguageServerOptions, 'fileSystem' | 'branchClaims' | 'authorName' | 'pushDelayMs' | 'indexScanner'> {
  /** Where the index is kept between runs, from the client's initializationOptions; null: not kept. */
  readonly openStoreFor?: (initializationOptions: unknown) => LanguageServerOptions['openStore'];
}

/** Serves KPEPs on the connection, which then listens; returns the server behind it. */
export function serveConnection(connection: Connection, options: ConnectionServerOptions): KpepLanguageServer {
  let clientHasConfiguration = false;
  let clientHasProgress = false;
  let clientHasWorkspaceFolders = false;
  let openStore: LanguageServerOptions['openStore'];

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
        connection.console.error(`${name} failed: ${describeError(error)}`);
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

  const server = new KpepLanguageServer({
    ...options,
    settingsFor: async (folderUri) =>
      clientHasConfiguration ? connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'kpep' }) : undefined,
    log: { warn: (message) => connection.console.warn(message), error: (message) => connection.console.error(message) },
    beginProgress: (title) => createIndexProgress(connection, { title, enabled: clientHasProgress }),
    openStore: (location) => openStore?.(location) ?? Promise.resolve(undefined),
    applyEdit: (label, edit) => connection.workspace.applyEdit({ label, edit }),
    publishDiagnostics: (params) => connection.sendDiagnostics(params),
    refreshDiagnostics: () => void connection.languages.diagnostics.refresh(),
    sendKpepsChanged: (params) => void connection.sendNotification(KPEPS_CHANGED_NOTIFICATION, params),
    refreshInlayHints: () => void connection.languages.inlayHint.refresh().catch(() => undefined),
  });

  connection.onInitialize(guarded('initialize', (params): InitializeResult => {
    const { capabilities } = params;
    clientHasConfiguration = capabilities.workspace?.configuration === true;
    clientHasProgress = capabilities.window?.workDoneProgress === true;
    clientHasWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    openStore = options.openStoreFor?.(params.initializationOptions);
    const folders = params.workspaceFolders?.map((folder) => folder?.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const pull = capabilities.textDocument?.diagnostic !== undefined;
    const codeActions = capabilities.textDocument?.codeAction;
    server.initialize({
      folders,
      client: {
        pullDiagnostics: pull,
        disabledCodeActions: codeActions?.disabledSupport === true,
        resolveCodeActionEdits: codeActions?.resolveSupport?.properties.includes('edit') === true,
        renameFiles: capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('rename') === true,
        refreshesInlayHints: capabilities.workspace?.inlayHint?.refreshSupport === true,
      },
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

  connection.onShutdown(guarded('shutdown', () => server.shutdown()));

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
        server.foldersChanged(folders?.map((folder) => folder?.uri) ?? []);
      }));
    }
    await server.indexFolders();
  }));

  connection.onDidOpenTextDocument(guardedEvent('textDocument/didOpen', (params) =>
    server.didOpen({ uri: params.textDocument.uri, languageId: params.textDocument.languageId, version: params.textDocument.version, text: params.textDocument.text }),
  ));
  connection.onDidChangeTextDocument(guardedEvent('textDocument/didChange', (params) =>
    server.didChange({ uri: params.textDocument.uri, version: params.textDocument.version, changes: params.contentChanges }),
  ));
  connection.onDidCloseTextDocument(guardedEvent('textDocument/didClose', (params) => server.didClose(params.textDocument.uri)));
  connection.onDidChangeWatchedFiles(guardedEvent('workspace/didChangeWatchedFiles', (params) => server.filesChanged(params.changes)));
  connection.onDidChangeConfiguration(guardedEvent('workspace/didChangeConfiguration', () => server.configurationChanged()));

  connection.languages.diagnostics.on(guarded('textDocument/diagnostic', async (params, token) => {
    // Let a cancellation that is already queued arrive before the work starts.
    await new Promise((resolve) => setImmediate(resolve));
    const items = token.isCancellationRequested ? undefined : await server.diagnose(params.textDocument.uri, token);
    if (items === undefined) {
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; diagnostics will be pulled again.', { retriggerRequest: true });
    }
    return { kind: DocumentDiagnosticReportKind.Full, items };
  }));
  connection.onHover(guarded('textDocument/hover', (params, token) => server.hover(params.textDocument.uri, params.position, token)));
  connection.onDefinition(guarded('textDocument/definition', (params, token) => server.definition(params.textDocument.uri, params.position, token)));
  connection.onReferences(guarded('textDocument/references', (params, token) => server.references(params.textDocument.uri, params.position, params.context, token)));
  connection.onDocumentLinks(guarded('textDocument/documentLink', (params, token) => server.documentLinks(params.textDocument.uri, token)));
  connection.onWorkspaceSymbol(guarded('workspace/symbol', (params, token) => server.workspaceSymbols(params.query, token)));
  connection.onCompletion(guarded('textDocument/completion', (params, token) => server.completion(params.textDocument.uri, params.position, token)));
  connection.onCodeAction(guarded('textDocument/codeAction', (params, token) => server.codeAction(params.textDocument.uri, params.range, params.context, token)));
  connection.onCodeActionResolve(guarded('codeAction/resolve', (action) => server.resolveCodeAction(action)));
  connection.onCodeLens(guarded('textDocument/codeLens', (params, token) => server.codeLens(params.textDocument.uri, token)));
  connection.languages.typeHierarchy.onPrepare(guarded('textDocument/prepareTypeHierarchy', (params, token) => server.prepareTypeHierarchy(params.textDocument.uri, params.position, token)));
  connection.languages.typeHierarchy.onSupertypes(guarded('typeHierarchy/supertypes', (params, token) => server.supertypes(params.item, token)));
  connection.languages.typeHierarchy.onSubtypes(guarded('typeHierarchy/subtypes', (params, token) => server.subtypes(params.item, token)));
  connection.languages.inlayHint.on(guarded('textDocument/inlayHint', (params, token) => server.inlayHints(params.textDocument.uri, params.range, token)));
  connection.onRequest(KPEPS_REQUEST, guarded(KPEPS_REQUEST, () => server.kpeps()));
  connection.onRequest(REPLACEMENT_GRAPH_REQUEST, guarded(REPLACEMENT_GRAPH_REQUEST, (params: ReplacementGraphParams | null | undefined) => server.replacementGraph(params)));
  connection.onExecuteCommand(guarded('workspace/executeCommand', (params) => server.executeCommand(params.command, params.arguments ?? [])));

  connection.listen();
  return server;
}
