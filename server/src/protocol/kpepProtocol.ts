/**
 * The custom protocol between the KPEP language server and its clients: command ids, code action
 * kinds, and the argument and result types of the server's commands. The VS Code client imports
 * this module, so it stays pure (no connection, no Node built-ins) and small; other editors' clients
 * find the same contract in docs/design.md.
 */
export { formatKpepId } from '../core/kpepNumber';

/** Commands the server executes (`workspace/executeCommand`). */
export const SERVER_COMMANDS = {
  createKpep: 'kpep.server.createKpep',
  writeTemplate: 'kpep.server.writeTemplate',
  listKpeps: 'kpep.server.listKpeps',
  checkTitle: 'kpep.server.checkTitle',
  kpepStatus: 'kpep.server.kpepStatus',
  exportUpstream: 'kpep.server.exportUpstream',
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

/** Each server command's single argument and its result, so both sides type-check one contract. */
export interface ServerCommandSignatures {
  [SERVER_COMMANDS.createKpep]: { readonly arguments: CreateKpepArguments; readonly result: CreateKpepResult };
  [SERVER_COMMANDS.writeTemplate]: { readonly arguments: FolderArguments; readonly result: string };
  [SERVER_COMMANDS.listKpeps]: { readonly arguments: FolderArguments; readonly result: KpepListItem[] };
  [SERVER_COMMANDS.checkTitle]: { readonly arguments: CheckTitleArguments; readonly result: string | null };
  [SERVER_COMMANDS.kpepStatus]: { readonly arguments: KpepStatusArguments; readonly result: KpepStatusResult | null };
  [SERVER_COMMANDS.exportUpstream]: { readonly arguments: ExportUpstreamArguments; readonly result: ExportUpstreamResult };
}

export type ServerCommand = keyof ServerCommandSignatures;
