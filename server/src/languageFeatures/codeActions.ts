/**
 * textDocument/codeAction and codeAction/resolve: status transitions the lifecycle allows (with
 * "Mark implementable" disabled while blockers remain), superseding across two files, quick fixes
 * for unambiguous problems, and `source.fixAll.kpep` for the safe ones.
 */
import { createHash } from 'node:crypto';
import { CodeActionKind, LSPErrorCodes, ResponseError, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import { checkKpepDocument } from '../core/diagnostics/checkKpepDocument';
import { isoDate, statusChangeEdits } from '../core/lifecycle/frontMatterEdits';
import { quickFixesFor, type QuickFixContext } from '../core/lifecycle/quickFixes';
import { canBeReplaced, statusActions } from '../core/lifecycle/statusTransitions';
import { supersedeEdits } from '../core/lifecycle/supersede';
import type { TextEditSpec } from '../core/lifecycle/textEdit';
import { formatKpepId } from '../core/kpepNumber';
import { DIAGNOSTIC_SOURCE } from '../core/ruleRegistry';
import { isKpepStatus, isTerminalStatus } from '../core/status';
import type { FolderProject } from '../workspaceHost';
import { EXPORT_UPSTREAM_ACTION_KIND, STATUS_ACTION_KIND } from '../protocol/kpepProtocol';
import { exportUpstreamActions } from './exportUpstream';
import type { LoadedKpep } from '../workspaceIndexer';
import { contains } from './kpepAtPosition';
import { openKpep, type NavigationServices, type OpenKpep } from './navigationContext';
import { renumberActions } from './renumberAction';
import { workspaceEdit } from './workspaceEdits';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kpep`;
const MAX_SUCCESSOR_CHOICES = 5;

export interface CodeActionOptions {
  /** The client accepts disabled actions (shown greyed with their reason). */
  readonly disabledSupport: boolean;
  /** The client resolves an action's edit lazily. */
  readonly resolveEdits: boolean;
  /** The client renames files in a WorkspaceEdit, which "Renumber to KPEP-00NN" needs. */
  readonly renameFiles?: boolean;
  readonly today?: () => string;
}

type ActionData =
  | { readonly kind: 'status'; readonly uri: string; readonly version: number; readonly to: string }
  | {
      readonly kind: 'supersede';
      readonly uri: string;
      readonly replacedPath: string;
      readonly successorPath: string;
      /** For a quick fix: what both KPEPs were when it was offered; resolving refuses if either changed. */
      readonly seen?: readonly string[];
    };

/** What a KPEP was when an action was offered: an open document's version, a closed file's text hash. */
function fingerprint(kpep: LoadedKpep): string {
  return kpep.version === null ? `disk:${createHash('sha256').update(kpep.document.textDocument.getText()).digest('hex')}` : `open:${kpep.version}`;
}

export class CodeActionsFeature {
  constructor(
    private readonly services: NavigationServices,
    private readonly options: CodeActionOptions,
  ) {}

  private today(): string {
    return this.options.today?.() ?? isoDate(new Date());
  }

  async provide(params: CodeActionParams): Promise<CodeAction[]> {
    const open = await openKpep(this.services, params.textDocument.uri);
    const kpepPath = open?.indexed.location.kpepPath;
    if (!open || !kpepPath) {
      return [];
    }
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const context: QuickFixContext = { document: open.document, path: kpepPath, template: open.indexed.location.project.template, today: this.today() };
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE)) {
        actions.push(...this.quickFixes(open, context, diagnostic), ...(await this.crossFileFixes(open, diagnostic)));
        if (this.options.renameFiles) {
          actions.push(...(await renumberActions(this.services, open, diagnostic)));
        }
      }
    }
    if (wants(STATUS_ACTION_KIND)) {
      actions.push(...this.statusActions(open), ...this.supersedeActions(open));
    }
    if (wants(EXPORT_UPSTREAM_ACTION_KIND)) {
      actions.push(...exportUpstreamActions(open, params.range));
    }
    if (only && wants(FIX_ALL_KIND)) {
      actions.push(...this.fixAll(open, context));
    }
    return actions;
  }

  /** Fills in the edit of a status or supersede action, from the documents as they are now. */
  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as ActionData | undefined;
    if (!data) {
      return action;
    }
    const open = await openKpep(this.services, data.uri);
    if (!open) {
      return action;
    }
    if (data.kind === 'status' && isKpepStatus(data.to)) {
      // The edit names the version it was computed from, so the client refuses it if the text moved on.
      return { ...action, edit: workspaceEdit([{ kpep: this.loaded(open), edits: statusChangeEdits(open.document, { status: data.to, today: this.today() }) }]) };
    }
    if (data.kind === 'supersede') {
      const computed = await this.supersedeEdit(open.indexed.location, data.replacedPath, data.successorPath);
      if (data.seen && (!computed || computed.seen.some((seen, index) => seen !== data.seen?.[index]))) {
        throw new ResponseError(
          LSPErrorCodes.ContentModified,
          `${data.replacedPath} or ${data.successorPath} changed since this fix was offered; nothing was changed. Ask for the fix again.`,
        );
      }
      return computed ? { ...action, edit: computed.edit } : action;
    }
    return action;
  }

  private loaded(open: OpenKpep): { uri: string; version: number; document: OpenKpep['document'] } {
    return { uri: open.document.textDocument.uri, version: open.document.textDocument.version, document: open.document };
  }

  private quickFixes(open: OpenKpep, context: QuickFixContext, diagnostic: Diagnostic): CodeAction[] {
    const { textDocument } = open.document;
    const range = { start: textDocument.offsetAt(diagnostic.range.start), end: textDocument.offsetAt(diagnostic.range.end) };
    const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
    return quickFixesFor(context, { code: String(diagnostic.code), range, message }).map((fix) => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.safe,
      edit: workspaceEdit([{ kpep: this.loaded(open), edits: fix.edits }]),
    }));
  }

  /** Fixes that complete a replacement in the other KPEP of the pair. */
  private async crossFileFixes(open: OpenKpep, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const { entry, index, location } = open.indexed;
    const own = entry.kpepNumber;
    if (own === undefined) {
      return [];
    }
    const pairs: { replaced: number; successor: number }[] = [];
    if (diagnostic.code === 'replaces-not-reciprocated') {
      const site = entry.references.find((candidate) => contains(candidate.range, diagnostic.range.start));
      if (site?.kind === 'replaces') {
        pairs.push({ replaced: site.kpepNumber, successor: own });
      } else if (site?.kind === 'superseded-by') {
        pairs.push({ replaced: own, successor: site.kpepNumber });
      }
    }
    if (diagnostic.code === 'superseded-by-missing') {
      for (const successor of index.replacing(own)) {
        if (successor.kpepNumber !== undefined) {
          pairs.push({ replaced: own, successor: successor.kpepNumber });
        }
      }
    }
    const actions: CodeAction[] = [];
    for (const pair of pairs) {
      const replaced = index.find(pair.replaced);
      const successor = index.find(pair.successor);
      const computed = replaced && successor ? await this.supersedeEdit(location, replaced.path, successor.path) : undefined;
      if (replaced && successor && computed) {
        const action: CodeAction = {
          title: `Mark ${formatKpepId(pair.replaced)} replaced by ${formatKpepId(pair.successor)} in both KPEPs`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
        };
        // The other KPEP may change on disk before the fix is applied: its edit is made when the fix is resolved.
        const data: ActionData = { kind: 'supersede', uri: open.document.textDocument.uri, replacedPath: replaced.path, successorPath: successor.path, seen: computed.seen };
        actions.push(this.options.resolveEdits ? { ...action, data } : { ...action, edit: computed.edit });
      }
    }
    return actions;
  }

  private statusActions(open: OpenKpep): CodeAction[] {
    const { document } = open;
    const { textDocument } = document;
    return statusActions(document, open.indexed.location.project.template).flatMap((transition): CodeAction[] => {
      if (transition.blockers.length > 0 && !this.options.disabledSupport) {
        return [];
      }
      const data: ActionData = { kind: 'status', uri: textDocument.uri, version: textDocument.version, to: transition.to };
      const action: CodeAction = { title: transition.title, kind: STATUS_ACTION_KIND, data };
      if (transition.blockers.length > 0) {
        return [{ ...action, disabled: { reason: `Not yet: ${transition.blockers.join('; ')}.` } }];
      }
      return [this.options.resolveEdits ? action : { ...action, edit: workspaceEdit([{ kpep: this.loaded(open), edits: statusChangeEdits(document, { status: transition.to, today: this.today() }) }]) }];
    });
  }

  /** "Mark replaced by…" one newer KPEP: those that already list this one in replaces first. */
  private supersedeActions(open: OpenKpep): CodeAction[] {
    const { entry, index } = open.indexed;
    const own = entry.kpepNumber;
    if (own === undefined || !canBeReplaced(open.document)) {
      return [];
    }
    const claiming = index.replacing(own);
    const newer = index.all().filter((candidate) => (candidate.kpepNumber ?? 0) > own && !isTerminalStatus(candidate.status)).reverse();
    const candidates = [...new Map([...claiming, ...newer].map((candidate) => [candidate.path, candidate])).values()].slice(0, MAX_SUCCESSOR_CHOICES);
    return candidates.map((successor) => ({
      title: `Mark replaced by ${formatKpepId(successor.kpepNumber as number)}: ${successor.title ?? successor.directory}`,
      kind: STATUS_ACTION_KIND,
      data: { kind: 'supersede', uri: open.document.textDocument.uri, replacedPath: entry.path, successorPath: successor.path } satisfies ActionData,
    }));
  }

  private async supersedeEdit(location: FolderProject, replacedPath: string, successorPath: string): Promise<{ edit: WorkspaceEdit; seen: string[] } | undefined> {
    const [replaced, successor] = await Promise.all([this.services.indexer.load(location, replacedPath), this.services.indexer.load(location, successorPath)]);
    const edits = replaced && successor && supersedeEdits({ replaced, successor, today: this.today() });
    return edits && replaced && successor
      ? {
          edit: workspaceEdit([
            { kpep: replaced, edits: edits.replaced },
            { kpep: successor, edits: edits.successor },
          ]),
          seen: [fingerprint(replaced), fingerprint(successor)],
        }
      : undefined;
  }

  /** Every safe fix for the whole document at once, skipping any that would overlap an earlier one. */
  private fixAll(open: OpenKpep, context: QuickFixContext): CodeAction[] {
    const { location, index, entry } = open.indexed;
    const { textDocument } = open.document;
    const diagnostics = checkKpepDocument({ document: open.document, path: context.path, template: context.template, config: location.project.config, workspace: { index, entry } });
    const edits: TextEditSpec[] = [];
    for (const diagnostic of diagnostics) {
      const range = { start: textDocument.offsetAt(diagnostic.range.start), end: textDocument.offsetAt(diagnostic.range.end) };
      for (const fix of quickFixesFor(context, { code: String(diagnostic.code), range, message: String(diagnostic.message) }).filter((candidate) => candidate.safe)) {
        if (fix.edits.every((edit) => edits.every((taken) => edit.range.end < taken.range.start || edit.range.start > taken.range.end))) {
          edits.push(...fix.edits);
        }
      }
    }
    return edits.length > 0 ? [{ title: 'Fix all safe KPEP problems', kind: FIX_ALL_KIND, edit: workspaceEdit([{ kpep: this.loaded(open), edits }]) }] : [];
  }
}
