/**
 * The custom protocol between the KPEP language server and its clients: command ids, code action
 * kinds, and the argument and result types of the server's commands. The VS Code client imports
 * this module, so it stays pure (no connection, no Node built-ins) and small; other editors' clients
 * find the same contract in docs/design.md.
 */
export { formatKpepId } from '../core/kpepNumber';
/** The five statuses in lifecycle order, and what each means, for clients that group or explain KPEPs. */
export { KPEP_STATUSES, STATUS_MEANINGS, type KpepStatus } from '../core/status';
export type { ReplacementGraph, ReplacementGraphEdge, ReplacementGraphNode } from '../core/replacementGraph';

/** Commands the server executes (`workspace/executeCommand`). */
export const SERVER_COMMANDS = {
  createKpep: 'kpep.server.createKpep',
  writeTemplate: 'kpep.server.writeTemplate',
  listKpeps: 'kpep.server.listKpeps',
  checkTitle: 'kpep.server.checkTitle',
  kpepStatus: 'kpep.server.kpepStatus',
  exportUpstream: 'kpep.server.exportUpstream',
  initRepository: 'kpep.server.initRepository',
} as const;

/** Commands the VS Code client contributes; server code actions may name them. */
export const CLIENT_COMMANDS = {
  newKpep: 'kpep.newKpep',
  changeStatus: 'kpep.changeStatus',
  exportUpstream: 'kpep.exportUpstream',
} as const;

/** The kind of the status lifecycle's code actions ("Mark implementable", "Withdraw", …). */
export const STATUS_ACTION_KIND = 'refactor.rewrite.kpep.status';
/** The kind of the H1's "Export as upstream KEP…" action. */
export const EXPORT_UPSTREAM_ACTION_KIND = 'refactor.kpep.exportUpstream';

export interface CreateKpepArguments {
  readonly folderUri?: string;
  readonly title: string;
  readonly replaces?: number;
  /** The kpep.author setting; git's user.name when empty. */
  readonly author?: string;
}

export interface CreateKpepResult {
  readonly uri: string;
  readonly kpepNumber: number;
  /** Where the author starts writing: the Summary. */
  readonly position: { readonly line: number; readonly character: number };
  readonly notice?: string;
  /** True when the workspace has no template of its own, so the client may offer to write one. */
  readonly templateMissing: boolean;
}

export interface FolderArguments {
  /** A workspace folder's URI; the first folder when absent. */
  readonly folderUri?: string;
}

/** One KPEP of `kpep.server.listKpeps`, for pickers. */
export interface KpepListItem {
  readonly kpepNumber: number;
  readonly title: string;
  readonly status: string | null;
}

export interface CheckTitleArguments {
  readonly title: string;
}

export interface KpepStatusArguments {
  readonly uri: string;
}

/** What a status bar shows for an open document: null when the server does not take it for a KPEP. */
export interface KpepStatusResult {
  readonly id: string;
  readonly title: string | null;
  readonly status: string | null;
}

export interface ExportUpstreamArguments {
  /** The KPEP's document URI. */
  readonly uri: string;
  /** The upstream repository's folder, a file path. */
  readonly upstreamDirectory: string;
  readonly sig?: string;
  readonly kepNumber?: number;
  readonly force?: boolean;
}

export type ExportUpstreamResult =
  | { readonly kind: 'exported'; readonly report: string; readonly valid: boolean; readonly written: readonly string[] }
  | { readonly kind: 'needs-sig' }
  | { readonly kind: 'target-exists'; readonly message: string };

/** What `kpep.server.initRepository` did: the files it created, or what stood in the way (then it created nothing). */
export type InitRepositoryResult =
  | { readonly kind: 'created'; readonly files: readonly string[] }
  | { readonly kind: 'in-the-way'; readonly existing: readonly string[] };

/** Each server command's single argument and its result, so both sides type-check one contract. */
export interface ServerCommandSignatures {
  [SERVER_COMMANDS.createKpep]: { readonly arguments: CreateKpepArguments; readonly result: CreateKpepResult };
  [SERVER_COMMANDS.writeTemplate]: { readonly arguments: FolderArguments; readonly result: string };
  [SERVER_COMMANDS.listKpeps]: { readonly arguments: FolderArguments; readonly result: KpepListItem[] };
  [SERVER_COMMANDS.checkTitle]: { readonly arguments: CheckTitleArguments; readonly result: string | null };
  [SERVER_COMMANDS.kpepStatus]: { readonly arguments: KpepStatusArguments; readonly result: KpepStatusResult | null };
  [SERVER_COMMANDS.exportUpstream]: { readonly arguments: ExportUpstreamArguments; readonly result: ExportUpstreamResult };
  [SERVER_COMMANDS.initRepository]: { readonly arguments: FolderArguments; readonly result: InitRepositoryResult };
}

export type ServerCommand = keyof ServerCommandSignatures;

/** `kpep/kpeps` (client → server request, no params): every KPEP of every workspace folder, from the server's index. */
export const KPEPS_REQUEST = 'kpep/kpeps';
/** `kpep/kpepsChanged` (server → client notification): the answer to `kpep/kpeps` changed for the folder named. */
export const KPEPS_CHANGED_NOTIFICATION = 'kpep/kpepsChanged';
/** `kpep/replacementGraph` (client → server request): the replaces and see-also graph of one folder. */
export const REPLACEMENT_GRAPH_REQUEST = 'kpep/replacementGraph';

/** One KPEP as the views show it: what the index knows, nothing the client derives. */
export interface KpepSummary {
  /** The number it answers to; null for a directory that gives none. */
  readonly kpepNumber: number | null;
  /** `KPEP-0007`, or the directory name when there is no number. */
  readonly id: string;
  readonly title: string | null;
  readonly status: string | null;
  /** The README's URI. */
  readonly uri: string;
  readonly authors: readonly string[];
  readonly creationDate: string | null;
  readonly lastUpdated: string | null;
  readonly replaces: readonly number[];
  readonly supersededBy: readonly number[];
  readonly seeAlso: readonly number[];
  /** For a replaced KPEP, the newest of its succession chain (as reference-to-replaced names it); else null. */
  readonly latestSuccessor: number | null;
}

export interface KpepFolderSummary {
  readonly folderUri: string;
  /** The folder's name, for a multi-root view. */
  readonly name: string;
  /** False while the folder is still being indexed (the list is the part built so far). */
  readonly complete: boolean;
  readonly kpeps: readonly KpepSummary[];
}

export interface KpepsChangedParams {
  readonly folderUri: string;
}

export interface ReplacementGraphParams extends FolderArguments {
  /** Only KPEPs with one of these statuses (and the edges between them); all when absent. */
  readonly statuses?: readonly string[];
}
