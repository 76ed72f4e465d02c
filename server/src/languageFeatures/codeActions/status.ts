/** The status transitions the lifecycle allows, as refactor.rewrite.kpep.status actions ("Mark implementable" disabled while blockers remain). */
import type { CodeAction } from 'vscode-languageserver';
import { statusChangeEdits } from '../../core/lifecycle/frontMatterEdits';
import { statusActions as allowedTransitions } from '../../core/lifecycle/statusTransitions';
import type { KpepStatus } from '../../core/status';
import { STATUS_ACTION_KIND } from '../../protocol/kpepProtocol';
import type { OpenKpep } from '../navigationContext';
import { openVersion, workspaceEdit } from '../workspaceEdits';
import type { ActionData, ActionSettings } from './actionData';

export function statusActions(open: OpenKpep, settings: ActionSettings & { readonly disabledSupport: boolean }): CodeAction[] {
  const { document } = open;
  const { textDocument } = document;
  return allowedTransitions(document, open.indexed.location.project.template).flatMap((transition): CodeAction[] => {
    if (transition.blockers.length > 0 && !settings.disabledSupport) {
      return [];
    }
    const data: ActionData = { kind: 'status', uri: textDocument.uri, version: textDocument.version, to: transition.to };
    const action: CodeAction = { title: transition.title, kind: STATUS_ACTION_KIND, data };
    if (transition.blockers.length > 0) {
      return [{ ...action, disabled: { reason: `Not yet: ${transition.blockers.join('; ')}.` } }];
    }
    return [settings.resolveEdits ? action : { ...action, edit: statusEdit(open, transition.to, settings.today) }];
  });
}

/** The edit is versioned, so the client refuses it if the text moved on since it was computed. */
export function statusEdit(open: OpenKpep, to: KpepStatus, today: string): CodeAction['edit'] {
  return workspaceEdit([{ kpep: openVersion(open.document), edits: statusChangeEdits(open.document, { status: to, today }) }]);
}
