/**
 * textDocument/diagnostic (pull) where the client supports it, publishDiagnostics (push) otherwise.
 * Push is debounced per document and only ever publishes the version it computed.
 */
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkKpepDocument } from '../core/diagnostics/checkKpepDocument';
import { linkSites, linkTargetKinds } from '../core/diagnostics/linkRules';
import type { BranchClaimsTracker } from '../branchClaimsTracker';
import type { KpepDocumentCache } from '../documentCache';
import type { WorkspaceIndexer } from '../workspaceIndexer';

export interface DiagnosticsOptions {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly cache: KpepDocumentCache;
  readonly indexer: WorkspaceIndexer;
  /** KPEP numbers other branches claim, for number-claimed-elsewhere. */
  readonly branches?: BranchClaimsTracker;
  /** True when the client pulls diagnostics (LSP 3.17); push otherwise. */
  readonly pull: boolean;
  /** How long typing must pause before a pushed document is checked again. */
  readonly pushDelayMs: number;
}

export class DiagnosticsFeature {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: DiagnosticsOptions) {
    const { connection, documents } = options;
    if (options.pull) {
      connection.languages.diagnostics.on(async (params, token) => {
        // Let a cancellation that is already queued arrive before the work starts.
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) {
          throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; diagnostics will be pulled again.', { retriggerRequest: true });
        }
        const textDocument = documents.get(params.textDocument.uri);
        return { kind: DocumentDiagnosticReportKind.Full, items: textDocument ? await this.diagnose(textDocument) : [] };
      });
    } else {
      documents.onDidChangeContent((event) => this.schedule(event.document));
      documents.onDidClose((event) => {
        clearTimeout(this.pending.get(event.document.uri));
        this.pending.delete(event.document.uri);
        void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
      });
    }
  }

  /**
   * The diagnostics of one open document; none for a markdown file that is not a KPEP. They never
   * wait for the workspace index: until it is complete only the per-document rules run, and the
   * indexer's completion refreshes every open document with the cross-KPEP rules too.
   */
  async diagnose(textDocument: TextDocument): Promise<Diagnostic[]> {
    const indexed = await this.options.indexer.indexDocumentNow(textDocument);
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
      workspace: complete ? { index, entry, links: { sites, kinds }, claims: this.options.branches?.current(location) } : undefined,
      baseline: location.project.baseline && { records: location.project.baseline, path: location.relativePath },
    });
  }

  /** Something others depend on changed (template, configuration, a KPEP): check open documents again. */
  refresh(except?: string): void {
    if (this.options.pull) {
      void this.options.connection.languages.diagnostics.refresh();
    } else {
      for (const textDocument of this.options.documents.all()) {
        if (textDocument.uri !== except) {
          this.schedule(textDocument);
        }
      }
    }
  }

  private schedule(textDocument: TextDocument): void {
    const { uri } = textDocument;
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
    const textDocument = this.options.documents.get(uri);
    if (!textDocument) {
      return;
    }
    try {
      const diagnostics = await this.diagnose(textDocument);
      // A newer version is already scheduled; never publish stale results over it.
      if (this.options.documents.get(uri)?.version === textDocument.version) {
        await this.options.connection.sendDiagnostics({ uri, version: textDocument.version, diagnostics });
      }
    } catch (error) {
      this.options.connection.console.error(`Checking ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}
