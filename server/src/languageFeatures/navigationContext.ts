/** What every navigation request needs first: the open KPEP's model, its folder index, and URIs of other KPEPs. */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KpepEntry } from '../core/index/kpepEntry';
import type { KpepDocument } from '../core/kpepDocument';
import type { BranchClaimsTracker } from '../branchClaimsTracker';
import type { KpepDocumentCache } from '../documentCache';
import type { FolderProject, KpepWorkspaceHost } from '../workspaceHost';
import type { IndexedDocument, WorkspaceIndexer } from '../workspaceIndexer';

export interface NavigationServices {
  readonly documents: TextDocuments<TextDocument>;
  readonly cache: KpepDocumentCache;
  readonly host: KpepWorkspaceHost;
  readonly indexer: WorkspaceIndexer;
  /** KPEP numbers other branches claim; absent where git is not consulted. */
  readonly branches?: BranchClaimsTracker;
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
export async function openKpep(services: NavigationServices, uri: string, options: { now?: boolean } = {}): Promise<OpenKpep | undefined> {
  const textDocument = services.documents.get(uri);
  const indexed = textDocument && (await (options.now ? services.indexer.indexDocumentNow(textDocument) : services.indexer.indexDocument(textDocument)));
  if (!textDocument || !indexed) {
    return undefined;
  }
  return {
    document: services.cache.get(textDocument),
    indexed,
    uriOf: (entry) => services.host.uriOf(indexed.location.folder, entry.path),
  };
}

/** The workspace folder a request names by URI, or the first folder when it names none. */
export async function namedFolder(services: NavigationServices, folderUri: string | undefined): Promise<FolderProject | undefined> {
  const folders = await services.host.folders();
  // A URI that is not a string (a malformed request) names no folder.
  const named = typeof folderUri === 'string' ? services.host.folderOf(folderUri) : undefined;
  return folderUri === undefined ? folders[0] : folders.find((candidate) => candidate.folder === named);
}
