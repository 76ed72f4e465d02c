/**
 * The KPEP language server without its connection: the open documents, the parse cache, the host,
 * the index and the features, wired into one pipeline. A content change is parsed (cached), its
 * entry replaces the old one in the index, which says whether other KPEPs are affected; the
 * edited document's diagnostics, or every open KPEP's, are then scheduled; requests only read. serveConnection.ts puts it on an LSP
 * connection; in-process tests drive it directly over an in-memory file system.
 */
import { describeError } from './errorText';
import type {
  CancellationToken,
  CodeAction,
  CodeActionContext,
  Diagnostic,
  FileEvent,
  InlayHint,
  Position,
  PublishDiagnosticsParams,
  Range,
  ReferenceContext,
  TypeHierarchyItem,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { BranchClaimsTracker } from './branchClaimsTracker';
import { KpepDocumentCache } from './documentCache';
import { CodeActionsFeature } from './languageFeatures/codeActions';
import { provideCodeLenses } from './languageFeatures/codeLens';
import { CommandsFeature } from './languageFeatures/commands';
import { provideCompletion } from './languageFeatures/completion';
import { provideDefinition } from './languageFeatures/definition';
import { DiagnosticsFeature } from './languageFeatures/diagnostics';
import { provideDocumentLinks } from './languageFeatures/documentLinks';
import { provideHover } from './languageFeatures/hover';
import { InlayHintLabels, provideInlayHints } from './languageFeatures/inlayHints';
import { kpepViewChanged, KpepsChanges, provideKpeps } from './languageFeatures/kpeps';
import type { FeatureContext } from './languageFeatures/navigationContext';
import { provideReferences } from './languageFeatures/references';
import { provideReplacementGraph } from './languageFeatures/replacementGraph';
import { prepareTypeHierarchy, provideSubtypes, provideSupertypes } from './languageFeatures/typeHierarchy';
import { provideWorkspaceSymbols } from './languageFeatures/workspaceSymbols';
import { OpenDocuments } from './openDocuments';
import type { KpepFolderSummary, KpepsChangedParams, ReplacementGraph, ReplacementGraphParams } from './protocol/kpepProtocol';
import type { KpepFileSystem } from './workspaceFileSystem';
import { KpepWorkspaceHost, type FolderProject } from './workspaceHost';
import { WorkspaceIndexer, type IndexProgress, type PersistedIndex } from './workspaceIndexer';
import type { KpepScanner } from './core/index/scan';

/** Long enough to skip the keystrokes of a word, short enough to feel immediate. */
export const PUSH_DELAY_MS = 150;
/** How long a shutdown waits for the kept index to be written: well inside a client's shutdown timeout. */
const SHUTDOWN_SAVE_MS = 2_000;
/** The views follow edits within a moment; a burst of keystrokes or file events is one notification. */
const KPEPS_CHANGED_DELAY_MS = 300;

export interface LanguageServerOptions {
  readonly fileSystem: KpepFileSystem;
  /** The `kpep` settings of a folder, when the client offers them. */
  readonly settingsFor: (folderUri: string) => Promise<unknown>;
  readonly log: { readonly warn: (message: string) => void; readonly error: (message: string) => void };
  /** Starts a progress report in the editor ("Indexing KPEPs 120/611"). */
  readonly beginProgress: (title: string) => Promise<IndexProgress>;
  /** The folder's index kept from an earlier run, if the server persists it. */
  readonly openStore?: (location: FolderProject) => Promise<PersistedIndex | undefined>;
  /** Reads and scans a folder's many KPEPs off the server's thread (worker threads); on it without. */
  readonly indexScanner?: (options: { directory: string; warn: (message: string) => void }) => KpepScanner;
  /** Reads the KPEP numbers other branches claim; none where git is not consulted. */
  readonly branchClaims?: (options: { onChange: () => void }) => BranchClaimsTracker;
  /** The author of a new KPEP when the client names none. */
  readonly authorName: (directory: string) => Promise<string | undefined>;
  /** Asks the client to apply an edit. */
  readonly applyEdit: (label: string, edit: WorkspaceEdit) => Promise<{ applied: boolean; failureReason?: string | undefined }>;
  /** Sends a document's diagnostics to a client that does not pull them. */
  readonly publishDiagnostics: (params: PublishDiagnosticsParams) => Promise<void>;
  /** Asks a pulling client to pull every open document again. */
  readonly refreshDiagnostics: () => void;
  /** Tells the client a folder's KPEP set (`kpep/kpeps`) changed. */
  readonly sendKpepsChanged: (params: KpepsChangedParams) => void;
  /** Asks the client to ask for inlay hints again (only called when it said it can). */
  readonly refreshInlayHints: () => void;
  /** How long typing must pause before a pushed document is checked again (PUSH_DELAY_MS). */
  readonly pushDelayMs?: number;
  readonly today?: () => string;
}

/** What the client said it can do, at initialize. */
export interface ClientFeatures {
  readonly pullDiagnostics: boolean;
  readonly disabledCodeActions: boolean;
  readonly resolveCodeActionEdits: boolean;
  readonly renameFiles: boolean;
  readonly refreshesInlayHints?: boolean;
}

export class KpepLanguageServer {
  readonly documents = new OpenDocuments();
  private readonly cache = new KpepDocumentCache();
  readonly host: KpepWorkspaceHost;
  readonly indexer: WorkspaceIndexer;
  private readonly branches: BranchClaimsTracker | undefined;
  private readonly diagnostics: DiagnosticsFeature;
  private readonly commands: CommandsFeature;
  private readonly kpepsChanges: KpepsChanges;
  private readonly inlayHintLabels = new InlayHintLabels();
  private client: ClientFeatures = { pullDiagnostics: false, disabledCodeActions: false, resolveCodeActionEdits: false, renameFiles: false };
  private codeActions: CodeActionsFeature;

  constructor(private readonly options: LanguageServerOptions) {
    const openDocument = (uri: string): TextDocument | undefined => this.documents.get(uri);
    const openDocuments = (): TextDocument[] => this.documents.all();
    this.host = new KpepWorkspaceHost({ fileSystem: options.fileSystem, openDocument, settingsFor: options.settingsFor, log: options.log.warn });
    this.branches = options.branchClaims?.({ onChange: () => this.diagnostics.refresh() });
    this.indexer = new WorkspaceIndexer({
      host: this.host,
      cache: this.cache,
      openDocument,
      openDocuments,
      beginProgress: options.beginProgress,
      // What was answered from part of the index (diagnostics without the cross-KPEP rules, hints, the KPEP set) is asked again.
      onIndexed: () => {
        this.diagnostics.refresh();
        this.kpepsChanges.mayHaveChanged();
        this.refreshInlayHints();
      },
      ...(options.openStore ? { openStore: options.openStore } : {}),
      ...(options.indexScanner ? { scannerFor: (directory: string) => options.indexScanner?.({ directory, warn: options.log.warn }) } : {}),
    });
    this.diagnostics = new DiagnosticsFeature({
      openDocument,
      openDocuments,
      cache: this.cache,
      indexer: this.indexer,
      branches: this.branches,
      pull: () => this.client.pullDiagnostics,
      pushDelayMs: options.pushDelayMs ?? PUSH_DELAY_MS,
      publish: options.publishDiagnostics,
      requestRefresh: options.refreshDiagnostics,
      logError: options.log.error,
    });
    this.kpepsChanges = new KpepsChanges({
      context: this.context,
      delayMs: KPEPS_CHANGED_DELAY_MS,
      onChange: (summary: KpepFolderSummary) => {
        options.sendKpepsChanged({ folderUri: summary.folderUri });
        if (this.inlayHintLabels.changed(summary)) {
          this.refreshInlayHints();
        }
      },
      onError: (error) => options.log.error(`Checking the KPEP set failed: ${describeError(error)}`),
    });
    // A file the server writes (a new KPEP, the template) flows through the pipeline as a watched change would.
    this.host.onDidWrite((uri) => this.filesChanged([{ uri, type: FileChangeType.Created }]));
    this.commands = new CommandsFeature(this.context, { openDocument, authorName: options.authorName, applyEdit: options.applyEdit });
    this.codeActions = this.createCodeActions();
  }

  /** The state every feature reads. */
  get context(): FeatureContext {
    return { cache: this.cache, host: this.host, indexer: this.indexer, branches: this.branches };
  }

  initialize(options: { folders: readonly unknown[]; client: ClientFeatures }): void {
    this.client = options.client;
    this.codeActions = this.createCodeActions();
    this.host.setFolders(options.folders);
  }

  /**
   * The client asked the server to shut down: the index kept for the next start is finished first,
   * for at most SHUTDOWN_SAVE_MS, since the client waits on the answer.
   */
  async shutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_SAVE_MS)));
    await Promise.race([this.indexer.saved(), deadline]);
    clearTimeout(timer);
  }

  private createCodeActions(): CodeActionsFeature {
    return new CodeActionsFeature(this.context, {
      disabledSupport: this.client.disabledCodeActions,
      resolveEdits: this.client.resolveCodeActionEdits,
      renameFiles: this.client.renameFiles,
      diagnose: (textDocument) => this.diagnostics.diagnose(textDocument),
      openDocument: (uri) => this.documents.get(uri),
      ...(this.options.today ? { today: this.options.today } : {}),
    });
  }

  private refreshInlayHints(): void {
    if (this.client.refreshesInlayHints) {
      this.options.refreshInlayHints();
    }
  }

  /** Starts indexing every folder, so the first hover or reference is instant. */
  async indexFolders(): Promise<void> {
    for (const folder of await this.host.folders()) {
      this.indexer.indexOf(folder).catch((error: unknown) => this.options.log.error(`Indexing ${folder.folder.directory} failed: ${describeError(error)}`));
    }
  }

  didOpen(options: { uri: string; languageId: string; version: number; text: string }): Promise<void> {
    return this.contentChanged(this.documents.open(options));
  }

  async didChange(options: { uri: string; version: number; changes: readonly TextDocumentContentChangeEvent[] }): Promise<void> {
    const textDocument = this.documents.change(options);
    if (textDocument) {
      await this.contentChanged(textDocument);
    }
  }

  /** The pipeline: the new version's entry replaces the old in the index, and what it affects is checked again. */
  private async contentChanged(textDocument: TextDocument): Promise<void> {
    const change = await this.indexer.documentChanged(textDocument);
    // A keystroke in a KPEP's prose leaves what the views show of it as it was: no check of the whole set.
    if (!change || kpepViewChanged(change.previous, change.entry)) {
      this.kpepsChanges.mayHaveChanged();
    }
    // An open template or config file edited but not saved still changes every KPEP's diagnostics
    // (a configured template may sit where a KPEP does, so a KPEP is asked about too).
    if (change?.othersAffected || (await this.host.fileChanged(textDocument.uri))) {
      this.diagnostics.refresh();
    } else {
      this.diagnostics.documentChanged(textDocument.uri);
    }
  }

  async didClose(uri: string): Promise<void> {
    const textDocument = this.documents.close(uri);
    if (!textDocument) {
      return;
    }
    this.cache.delete(textDocument.uri);
    this.diagnostics.closed(textDocument.uri);
    if (await this.indexer.documentClosed(textDocument.uri)) {
      this.diagnostics.refresh();
    }
    this.kpepsChanges.mayHaveChanged();
  }

  /** Files changed on disk (the client's watcher, or the server's own writes). */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    let changed = false;
    this.host.diskChanged();
    for (const change of changes) {
      if (this.branches?.fileChanged(change.uri)) {
        continue;
      }
      const projectChanged = await this.host.fileChanged(change.uri);
      if (projectChanged) {
        this.indexer.rebuildAll();
      }
      // A file that appears or goes may be a link's target: broken-link reads it afresh.
      changed = (await this.indexer.fileChanged(change.uri)) || projectChanged || change.type !== FileChangeType.Changed || changed;
    }
    if (changed) {
      this.diagnostics.refresh();
      this.kpepsChanges.mayHaveChanged();
    }
  }

  configurationChanged(): void {
    this.host.reloadAll();
    this.indexer.rebuildAll();
    this.diagnostics.refresh();
    this.kpepsChanges.mayHaveChanged();
    // kpep.inlayHints.prose may have changed.
    this.refreshInlayHints();
  }

  foldersChanged(folders: readonly unknown[]): void {
    this.host.setFolders(folders);
    this.diagnostics.refresh();
    this.kpepsChanges.mayHaveChanged();
  }

  diagnose(uri: string, token: CancellationToken): Promise<Diagnostic[] | undefined> {
    return this.diagnostics.provide(this.documents.get(uri), token);
  }

  hover(uri: string, position: Position, token: CancellationToken): ReturnType<typeof provideHover> | null {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideHover(textDocument, position, this.context, token) : null;
  }

  definition(uri: string, position: Position, token: CancellationToken): ReturnType<typeof provideDefinition> | null {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideDefinition(textDocument, position, this.context, token) : null;
  }

  references(uri: string, position: Position, reference: ReferenceContext, token: CancellationToken): ReturnType<typeof provideReferences> | null {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideReferences(textDocument, position, { ...this.context, reference }, token) : null;
  }

  async documentLinks(uri: string, token: CancellationToken): ReturnType<typeof provideDocumentLinks> {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideDocumentLinks(textDocument, this.context, token) : [];
  }

  workspaceSymbols(query: string, token: CancellationToken): ReturnType<typeof provideWorkspaceSymbols> {
    return provideWorkspaceSymbols(query, this.context, token);
  }

  async completion(uri: string, position: Position, token: CancellationToken): ReturnType<typeof provideCompletion> {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideCompletion(textDocument, position, this.context, token) : [];
  }

  async codeAction(uri: string, range: Range, actionContext: CodeActionContext, token: CancellationToken): Promise<CodeAction[]> {
    const textDocument = this.documents.get(uri);
    return textDocument ? this.codeActions.provide(textDocument, range, actionContext, token) : [];
  }

  resolveCodeAction(action: CodeAction): Promise<CodeAction> {
    return this.codeActions.resolve(action);
  }

  async codeLens(uri: string, token: CancellationToken): ReturnType<typeof provideCodeLenses> {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideCodeLenses(textDocument, this.context, token) : [];
  }

  async inlayHints(uri: string, range: Range, token: CancellationToken): Promise<InlayHint[] | null> {
    const textDocument = this.documents.get(uri);
    return textDocument ? provideInlayHints(textDocument, range, this.context, token) : null;
  }

  async prepareTypeHierarchy(uri: string, position: Position, token: CancellationToken): Promise<TypeHierarchyItem[] | null> {
    const textDocument = this.documents.get(uri);
    return textDocument ? prepareTypeHierarchy(textDocument, position, this.context, token) : null;
  }

  supertypes(item: TypeHierarchyItem, token: CancellationToken): Promise<TypeHierarchyItem[] | null> {
    return provideSupertypes(item, this.context, token);
  }

  subtypes(item: TypeHierarchyItem, token: CancellationToken): Promise<TypeHierarchyItem[] | null> {
    return provideSubtypes(item, this.context, token);
  }

  /** `kpep/kpeps`: every folder's KPEPs, from the part indexed so far. */
  kpeps(): Promise<KpepFolderSummary[]> {
    return provideKpeps(this.context);
  }

  replacementGraph(params: ReplacementGraphParams | null | undefined): Promise<ReplacementGraph> {
    return provideReplacementGraph(params, this.context);
  }

  executeCommand(command: string, args: readonly unknown[]): Promise<unknown> {
    return this.commands.execute(command, args);
  }
}
