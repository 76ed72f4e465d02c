/** Quick fixes for unambiguous problems in the open KPEP itself, as the core's quickFixesFor offers them. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { quickFixesFor, type QuickFix, type QuickFixContext } from '../../core/lifecycle/quickFixes';
import type { OpenKpep } from '../navigationContext';
import { openVersion, workspaceEdit } from '../workspaceEdits';

/** The core's fixes for one LSP diagnostic of the open KPEP. */
export function fixesFor(open: OpenKpep, context: QuickFixContext, diagnostic: Diagnostic): QuickFix[] {
  const { textDocument } = open.document;
  const range = { start: textDocument.offsetAt(diagnostic.range.start), end: textDocument.offsetAt(diagnostic.range.end) };
  return quickFixesFor(context, { code: String(diagnostic.code), range, data: diagnostic.data });
}

export function quickFixActions(open: OpenKpep, context: QuickFixContext, diagnostic: Diagnostic): CodeAction[] {
  return fixesFor(open, context, diagnostic).map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.safe,
    edit: workspaceEdit([{ kpep: openVersion(open.document), edits: fix.edits }]),
  }));
}
