/** Turns offset edits into a versioned WorkspaceEdit: an open document's edits apply to the version they were computed from, or not at all. */
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { KpepDocument } from '../core/kpepDocument';
import type { TextEditSpec } from '../core/lifecycle/textEdit';
import type { LoadedKpep } from '../workspaceIndexer';

export interface KpepEdits {
  readonly kpep: Pick<LoadedKpep, 'uri' | 'version' | 'document'>;
  readonly edits: readonly TextEditSpec[];
}

/** An open document as the KPEP its edits are made to, at its current version. */
export function openVersion(document: KpepDocument): KpepEdits['kpep'] {
  return { uri: document.textDocument.uri, version: document.textDocument.version, document };
}

export function workspaceEdit(changes: readonly KpepEdits[]): WorkspaceEdit {
  const documentChanges: TextDocumentEdit[] = changes
    .filter((change) => change.edits.length > 0)
    .map(({ kpep, edits }) => ({
      textDocument: { uri: kpep.uri, version: kpep.version },
      edits: edits.map((edit) => ({
        range: { start: kpep.document.textDocument.positionAt(edit.range.start), end: kpep.document.textDocument.positionAt(edit.range.end) },
        newText: edit.newText,
      })),
    }));
  return { documentChanges };
}
