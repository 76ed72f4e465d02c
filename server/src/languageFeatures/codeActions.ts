/**
 * textDocument/codeAction and codeAction/resolve: status transitions the lifecycle allows,
 * superseding across two files, quick fixes for unambiguous problems, and `source.fixAll.kpep` for
 * the safe ones. Each kind of action lives in codeActions/; this file picks the kinds asked for.
 */
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionContext, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE } from '../core/ruleRegistry';
import { isoDate } from '../core/lifecycle/frontMatterEdits';
import type { QuickFixContext } from '../core/lifecycle/quickFixes';
import { isKpepStatus } from '../core/status';
import type { ActionData, ActionSettings } from './codeActions/actionData';
import { fixAllAction, FIX_ALL_KIND } from './codeActions/fixAll';
import { quickFixActions } from './codeActions/quickFixes';
import { statusActions, statusEdit } from './codeActions/status';
import { resolveSupersede, supersedeActions, supersedeQuickFixes } from './codeActions/supersede';
import { EXPORT_UPSTREAM_ACTION_KIND, STATUS_ACTION_KIND } from '../protocol/kpepProtocol';
import { exportUpstreamActions } from './exportUpstream';
import { openKpep, type FeatureContext } from './navigationContext';
import { renumberActions } from './renumberAction';

export { FIX_ALL_KIND } from './codeActions/fixAll';

export interface CodeActionOptions {
  /** The client accepts disabled actions (shown greyed with their reason). */
  readonly disabledSupport: boolean;
  /** The client resolves an action's edit lazily. */
  readonly resolveEdits: boolean;
  /** The client renames files in a WorkspaceEdit, which "Renumber to KPEP-00NN" needs. */
  readonly renameFiles?: boolean;
  readonly today?: () => string;
  /** The diagnostics the document shows, which fix-all fixes. */
  readonly diagnose: (textDocument: TextDocument) => Promise<Diagnostic[]>;
  /** The open document a resolved action names. */
  readonly openDocument: (uri: string) => TextDocument | undefined;
}

export class CodeActionsFeature {
  constructor(
    private readonly context: FeatureContext,
    private readonly options: CodeActionOptions,
  ) {}

  private settings(): ActionSettings {
    return { resolveEdits: this.options.resolveEdits, today: this.options.today?.() ?? isoDate(new Date()) };
  }

  async provide(textDocument: TextDocument, range: Range, actionContext: CodeActionContext, token: CancellationToken): Promise<CodeAction[]> {
    const open = await openKpep(this.context, textDocument);
    const kpepPath = open?.indexed.location.kpepPath;
    if (!open || !kpepPath || token.isCancellationRequested) {
      return [];
    }
    const { only } = actionContext;
    const wants = (kind: string): boolean => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    const settings = this.settings();
    const fixContext: QuickFixContext = { document: open.document, path: kpepPath, template: open.indexed.location.project.template, today: settings.today };
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of actionContext.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE)) {
        actions.push(...quickFixActions(open, fixContext, diagnostic), ...(await supersedeQuickFixes(this.context, open, diagnostic, settings)));
        if (this.options.renameFiles) {
          actions.push(...(await renumberActions(this.context, open, diagnostic)));
        }
      }
    }
    if (wants(STATUS_ACTION_KIND)) {
      actions.push(...statusActions(open, { ...settings, disabledSupport: this.options.disabledSupport }), ...supersedeActions(open));
    }
    if (wants(EXPORT_UPSTREAM_ACTION_KIND)) {
      actions.push(...exportUpstreamActions(open, range));
    }
    if (only && wants(FIX_ALL_KIND)) {
      actions.push(...fixAllAction(open, fixContext, await this.options.diagnose(textDocument)));
    }
    return token.isCancellationRequested ? [] : actions;
  }

  /** Fills in the edit of a status or supersede action, from the documents as they are now. */
  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as ActionData | undefined;
    const textDocument = data && this.options.openDocument(String(data.uri));
    const open = textDocument && (await openKpep(this.context, textDocument));
    if (!data || !open) {
      return action;
    }
    const { today } = this.settings();
    if (data.kind === 'status' && isKpepStatus(data.to)) {
      return { ...action, edit: statusEdit(open, data.to, today) };
    }
    if (data.kind === 'supersede') {
      const edit = await resolveSupersede(this.context, open, data, today);
      return edit ? { ...action, edit } : action;
    }
    return action;
  }
}
