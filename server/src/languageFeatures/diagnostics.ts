/**
 * The diagnostics of open KPEPs: pulled (textDocument/diagnostic) where the client supports it,
 * pushed (publishDiagnostics) otherwise. The server's pipeline says which documents to check
 * again; push is debounced per document and only ever publishes the version it computed.
 */
import { describeError } from '../errorText';
import type { CancellationToken, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkKpepDocument } from '../core/diagnostics/checkKpepDocument';
import { KeptCrossFindings } from '../core/diagnostics/crossKpepRules';
import { linkSites, linkTargetKinds } from '../core/diagnostics/linkRules';
import type { BranchClaimsTracker } from '../branchClaimsTracker';
import type { KpepDocumentCache } from '../documentCache';
import type { WorkspaceIndexer } from '../workspaceIndexer';

export interface DiagnosticsOptions {
  readonly openDocument: (uri: string) => TextDocument | undefined;
  readonly openDocuments: () => readonly TextDocument[];
  readonly cache: KpepDocumentCache;
  readonly indexer: WorkspaceIndexer;
  /** KPEP numbers other branches claim, for number-claimed-elsewhere. */
  readonly branches?: BranchClaimsTracker | undefined;
  /** True when the client pulls diagnostics (LSP 3.17); push otherwise. */
  readonly pull: () => boolean;
  /** How long typing must pause before a pushed document is checked again. */
  readonly pushDelayMs: number;
  /** Sends a document's diagnostics to a client that does not pull them. */
  readonly publish: (params: PublishDiagnosticsParams) => Promise<void>;
  /** Asks a pulling client to pull every open document again. */
  readonly requestRefresh: () => void;
  readonly logError: (message: string) => void;
}

export class DiagnosticsFeature {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Each open document's cross-KPEP verdicts, from one version to the next. */
  private readonly kept = new Map<string, KeptCrossFindings>();

  constructor(private readonly options: DiagnosticsOptions) {}

  /** textDocument/diagnostic: none for a document that is not open, or once the request is cancelled. */
  async provide(textDocument: TextDocument | undefined, token: CancellationToken): Promise<Diagnostic[] | undefined> {
    const diagnostics = textDocument ? await this.diagnose(textDocument) : [];
    return token.isCancellationRequested ? undefined : diagnostics;
  }

  /**
   * The diagnostics of one open document; none for a markdown file that is not a KPEP. They never
   * wait for the workspace index: until it is complete only the per-document rules run, and the
   * indexer's completion refreshes every open document with the cross-KPEP rules too.
   */
  async diagnose(textDocument: TextDocument): Promise<Diagnostic[]> {
    // Taken before any await, so a close that lands meanwhile (closed()) drops it with the document.
    const kept = this.keptFor(textDocument.uri);
    const indexed = await this.options.indexer.indexDocument(textDocument, { now: true });
    const kpepPath = indexed?.location.kpepPath;
    if (!indexed || !kpepPath) {
      return [];
    }
    const { location, index, entry, complete } = indexed;
    const document = this.options.cache.get(textDocument);
    // Links are checked against the whole index (anchors of other KPEPs), so with the cross-KPEP rules.
    const sites = complete ? linkSites(document) : [];
    const kinds = complete ? await linkTargetKinds({ files: location.folder.files, links: sites, fromPath: location.relativePath }) : new Map();
    return checkKpepDocument({
      document,
      path: kpepPath,
      template: location.project.template,
      config: location.project.config,
      workspace: complete ? { index, entry, links: { sites, kinds }, claims: this.options.branches?.current(location), kept } : undefined,
      baseline: location.project.baseline && { records: location.project.baseline, path: location.relativePath },
    });
  }

  private keptFor(uri: string): KeptCrossFindings {
    let kept = this.kept.get(uri);
    if (!kept) {
      kept = new KeptCrossFindings();
      this.kept.set(uri, kept);
    }
    return kept;
  }

  /** The edited document is to be checked again (a pulling client asks for it itself). */
  documentChanged(uri: string): void {
    if (!this.options.pull() && this.options.openDocument(uri)) {
      this.schedule(uri);
    }
  }

  /** Something every KPEP depends on changed (template, configuration, what other KPEPs read of one): check every open one again. */
  refresh(): void {
    if (this.options.pull()) {
      this.options.requestRefresh();
    } else {
      for (const textDocument of this.options.openDocuments()) {
        this.schedule(textDocument.uri);
      }
    }
  }

  /** A document was closed: nothing is pending for it, and a pushing client's list for it is emptied. */
  closed(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    this.kept.delete(uri);
    if (!this.options.pull()) {
      void this.options.publish({ uri, diagnostics: [] });
    }
  }

  private schedule(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        void this.publish(uri);
      }, this.options.pushDelayMs),
    );
  }

  private async publish(uri: string): Promise<void> {
    const textDocument = this.options.openDocument(uri);
    if (!textDocument) {
      return;
    }
    const { version } = textDocument;
    try {
      const diagnostics = await this.diagnose(textDocument);
      // A newer version is already scheduled; never publish stale results over it.
      if (this.options.openDocument(uri)?.version === version) {
        await this.options.publish({ uri, version, diagnostics });
      }
    } catch (error) {
      this.options.logError(`Checking ${uri} failed: ${describeError(error)}`);
    }
  }
}
