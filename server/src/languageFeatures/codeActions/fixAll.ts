/** source.fixAll.kpep: every safe fix of the diagnostics the document shows, skipping any that would overlap an earlier one. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { QuickFixContext } from '../../core/lifecycle/quickFixes';
import type { TextEditSpec } from '../../core/lifecycle/textEdit';
import type { OpenKpep } from '../navigationContext';
import { openVersion, workspaceEdit } from '../workspaceEdits';
import { fixesFor } from './quickFixes';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kpep`;

export function fixAllAction(open: OpenKpep, context: QuickFixContext, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const edits: TextEditSpec[] = [];
  for (const diagnostic of diagnostics) {
    for (const fix of fixesFor(open, context, diagnostic).filter((candidate) => candidate.safe)) {
      if (fix.edits.every((edit) => edits.every((taken) => edit.range.end < taken.range.start || edit.range.start > taken.range.end))) {
        edits.push(...fix.edits);
      }
    }
  }
  return edits.length > 0 ? [{ title: 'Fix all safe KPEP problems', kind: FIX_ALL_KIND, edit: workspaceEdit([{ kpep: openVersion(open.document), edits }]) }] : [];
}
