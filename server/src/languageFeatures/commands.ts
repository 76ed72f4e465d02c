/**
 * workspace/executeCommand: creating a KPEP (the "New KPEP" command and any LSP client), writing
 * the built-in template, listing KPEPs for pickers, checking a title, and naming an open
 * document's KPEP and status (the client's status bar). The server is the single
 * source of truth for numbers.
 */
import { ResponseError, ErrorCodes, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { claimsForNewKpep, NO_BRANCH_CLAIMS } from '../core/branchClaims';
import { isoDate } from '../core/lifecycle/frontMatterEdits';
import { titleProblem } from '../core/lifecycle/newKpep';
import { markReplacedEdits } from '../core/lifecycle/supersede';
import { TEMPLATE_PATH } from '../core/project';
import { defaultTemplateText } from '../core/template/templateModel';
import { kpepIdOf } from '../core/kpepNumber';
import { exportUpstream } from './exportUpstream';
import { initRepository } from './initRepository';
import type { FolderProject } from '../workspaceHost';
import { namedFolder, openKpep, type FeatureContext } from './navigationContext';
import {
  formatKpepId,
  SERVER_COMMANDS,
  type CreateKpepArguments,
  type CreateKpepResult,
  type ExportUpstreamArguments,
  type FolderArguments,
  type KpepListItem,
  type KpepStatusResult,
} from '../protocol/kpepProtocol';
import { workspaceEdit } from './workspaceEdits';

export interface CommandOptions {
  readonly openDocument: (uri: string) => TextDocument | undefined;
  /** The author of a new KPEP when the client names none (git's user.name for the server). */
  readonly authorName: (directory: string) => Promise<string | undefined>;
  /** Asks the client to apply an edit, so unsaved text is respected. */
  readonly applyEdit: (label: string, edit: WorkspaceEdit) => Promise<{ applied: boolean; failureReason?: string | undefined }>;
}

export class CommandsFeature {
  private readonly services: FeatureContext & CommandOptions;

  constructor(context: FeatureContext, options: CommandOptions) {
    this.services = { ...options, cache: context.cache, host: context.host, indexer: context.indexer, branches: context.branches };
  }

  async execute(command: string, args: readonly unknown[]): Promise<unknown> {
    const [argument] = args as [Record<string, unknown> | undefined];
    switch (command) {
      case SERVER_COMMANDS.createKpep:
        return this.createKpep(argument as unknown as CreateKpepArguments);
      case SERVER_COMMANDS.writeTemplate:
        return this.writeTemplate(argument?.['folderUri'] as string | undefined);
      case SERVER_COMMANDS.listKpeps:
        return this.listKpeps(argument?.['folderUri'] as string | undefined);
      case SERVER_COMMANDS.exportUpstream:
        return exportUpstream(this.services, argument as unknown as ExportUpstreamArguments | undefined);
      case SERVER_COMMANDS.checkTitle:
        return titleProblem(String(argument?.['title'] ?? '')) ?? null;
      case SERVER_COMMANDS.kpepStatus:
        return this.kpepStatus(String(argument?.['uri'] ?? ''));
      case SERVER_COMMANDS.initRepository:
        return initRepository(this.services, argument as FolderArguments | undefined);
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `Unknown KPEP command: ${command}`);
    }
  }

  private async folder(folderUri: string | undefined): Promise<FolderProject> {
    const folder = await namedFolder(this.services, folderUri);
    if (!folder) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'Open a folder (the enhancements repository) to create a KPEP in.');
    }
    return folder;
  }

  private async createKpep(args: CreateKpepArguments | undefined): Promise<CreateKpepResult> {
    const problem = titleProblem(String(args?.title ?? ''));
    if (!args || problem) {
      throw new ResponseError(ErrorCodes.InvalidParams, problem ?? 'A KPEP needs a title.');
    }
    const location = await this.folder(args.folderUri);
    const index = await this.services.indexer.indexOf(location);
    const replaced = args.replaces === undefined ? undefined : index.find(args.replaces);
    if (args.replaces !== undefined && !replaced) {
      throw new ResponseError(ErrorCodes.InvalidParams, `There is no ${formatKpepId(args.replaces)} to replace.`);
    }
    const author = args.author?.trim() || (await this.services.authorName(location.folder.directory)) || '@your-handle';
    const today = isoDate(new Date());
    // Numbers other branches hold (or once held) are skipped, and the user is told which.
    const branches = this.services.branches ? await this.services.branches.fresh(location) : NO_BRANCH_CLAIMS;
    const { root } = location.project.config;
    const { claimedNumbers, skipped } = claimsForNewKpep({ claims: branches.claims, index, directoryNames: await location.folder.files.listDirectories(root) });
    const created = await this.services.host.createKpep(location, { index, title: args.title, authors: [author], today, replaces: args.replaces, claimedNumbers });
    const uri = this.services.host.uriOf(location.folder, created.plan.path);
    let notice = [...skipped.map((line) => `${line}.`), created.notice].filter(Boolean).join(' ') || undefined;
    if (replaced) {
      notice = [notice, await this.pointForward(location, replaced.path, created.plan, today)].filter(Boolean).join(' ') || undefined;
    }
    const before = created.plan.text.slice(0, created.plan.summaryOffset).split('\n');
    return {
      uri,
      kpepNumber: created.plan.kpepNumber,
      position: { line: before.length - 1, character: (before.at(-1) ?? '').length },
      ...(notice ? { notice } : {}),
      templateMissing: location.project.template.path === undefined,
    };
  }

  /** The replaced KPEP's side of superseding, applied through the client so unsaved edits are respected. */
  private async pointForward(location: FolderProject, replacedPath: string, successor: { path: string; text: string }, today: string): Promise<string | undefined> {
    const replaced = await this.services.indexer.load(location, replacedPath);
    const edits = replaced && markReplacedEdits({ replaced, successor, root: location.project.config.root, today });
    if (!replaced || !edits) {
      return `Update ${replacedPath} by hand: mark it replaced and point it forward.`;
    }
    const result = await this.services.applyEdit('Mark the replaced KPEP', workspaceEdit([{ kpep: replaced, edits }]));
    return result.applied ? undefined : `${replacedPath} was not updated (${result.failureReason ?? 'the edit was refused'}); mark it replaced by hand.`;
  }

  private async writeTemplate(folderUri: string | undefined): Promise<string> {
    const location = await this.folder(folderUri);
    const result = await this.services.host.createFile(location.folder, TEMPLATE_PATH, defaultTemplateText).catch((error: unknown) => {
      throw new ResponseError(ErrorCodes.InvalidRequest, String(error));
    });
    if (result === 'exists') {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${TEMPLATE_PATH} already exists; it was left as it is.`);
    }
    return this.services.host.pathOf(location.folder, TEMPLATE_PATH);
  }

  /** The open document's KPEP id and status; its status actions are the code actions of kind refactor.rewrite.kpep.status. */
  private async kpepStatus(uri: string): Promise<KpepStatusResult | null> {
    const textDocument = this.services.openDocument(uri);
    const open = textDocument && (await openKpep(this.services, textDocument));
    const kpepPath = open?.indexed.location.kpepPath;
    if (!open || !kpepPath) {
      return null;
    }
    const { entry } = open.indexed;
    // The front matter's number, else the directory's: a draft without kpep-number is still a KPEP.
    const kpepNumber = entry.kpepNumber ?? kpepPath.parsed?.kpepNumber;
    return { id: kpepIdOf({ kpepNumber, directory: kpepPath.directory }), title: entry.title ?? null, status: entry.status ?? null };
  }

  private async listKpeps(folderUri: string | undefined): Promise<KpepListItem[]> {
    const index = await this.services.indexer.indexOf(await this.folder(folderUri));
    return index.all().flatMap((entry) =>
      entry.kpepNumber === undefined ? [] : [{ kpepNumber: entry.kpepNumber, title: entry.title ?? entry.directory, status: entry.status ?? null }],
    );
  }
}
