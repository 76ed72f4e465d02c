/** What every language feature reads: the open KPEP's model, its folder's index, and URIs of other KPEPs. */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KpepEntry } from '../core/index/kpepEntry';
import type { KpepDocument } from '../core/kpepDocument';
import type { BranchClaimsTracker } from '../branchClaimsTracker';
import type { KpepDocumentCache } from '../documentCache';
import type { FolderProject, KpepWorkspaceHost } from '../workspaceHost';
import type { IndexedDocument, WorkspaceIndexer } from '../workspaceIndexer';

/** The server's state a feature reads; features never write it. */
export interface FeatureContext {
  readonly cache: KpepDocumentCache;
  readonly host: KpepWorkspaceHost;
  readonly indexer: WorkspaceIndexer;
  /** KPEP numbers other branches claim; absent where git is not consulted. */
  readonly branches?: BranchClaimsTracker | undefined;
}

export interface OpenKpep {
  readonly document: KpepDocument;
  readonly indexed: IndexedDocument;
  /** The file URI of another KPEP of the same folder. */
  readonly uriOf: (entry: KpepEntry) => string;
}

/**
 * The open KPEP and its folder's index. With `now`, a request that must answer at once (hover,
 * completion, definition) does not wait while the folder is being indexed: it reads the part built
 * so far (`indexed.complete` is then false).
 */
export async function openKpep(context: FeatureContext, textDocument: TextDocument, options: { now?: boolean } = {}): Promise<OpenKpep | undefined> {
  const indexed = await context.indexer.indexDocument(textDocument, options);
  if (!indexed) {
    return undefined;
  }
  return {
    document: context.cache.get(textDocument),
    indexed,
    uriOf: (entry) => context.host.uriOf(indexed.location.folder, entry.path),
  };
}

/** The workspace folder a request names by URI, or the first folder when it names none. */
export async function namedFolder(context: FeatureContext, folderUri: string | undefined): Promise<FolderProject | undefined> {
  const folders = await context.host.folders();
  // A URI that is not a string (a malformed request) names no folder.
  const named = typeof folderUri === 'string' ? context.host.folderOf(folderUri) : undefined;
  return folderUri === undefined ? folders[0] : folders.find((candidate) => candidate.folder === named);
}
