/**
 * Superseding across two files: "Mark replaced by…" one newer KPEP, and the quick fixes that
 * complete a replacement in the other KPEP of the pair. The other KPEP may change on disk before
 * an action is applied, so its edit is made (and checked against what was seen) when it is resolved.
 */
import { CodeActionKind, LSPErrorCodes, ResponseError, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { rangeIn, referenceSites } from '../../core/index/kpepEntry';
import { canBeReplaced } from '../../core/lifecycle/statusTransitions';
import { supersedeEdits } from '../../core/lifecycle/supersede';
import { formatKpepId } from '../../core/kpepNumber';
import { isTerminalStatus } from '../../core/status';
import { STATUS_ACTION_KIND } from '../../protocol/kpepProtocol';
import type { FolderProject } from '../../workspaceHost';
import { contains } from '../kpepAtPosition';
import type { FeatureContext, OpenKpep } from '../navigationContext';
import { workspaceEdit } from '../workspaceEdits';
import type { ActionData, ActionSettings } from './actionData';

const MAX_SUCCESSOR_CHOICES = 5;

/** "Mark replaced by…" one newer KPEP: those that already list this one in replaces first. */
export function supersedeActions(open: OpenKpep): CodeAction[] {
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

/** Fixes that complete a replacement in the other KPEP of the pair. */
export async function supersedeQuickFixes(context: FeatureContext, open: OpenKpep, diagnostic: Diagnostic, settings: ActionSettings): Promise<CodeAction[]> {
  const { entry, index, location } = open.indexed;
  const own = entry.kpepNumber;
  if (own === undefined) {
    return [];
  }
  const pairs: { replaced: number; successor: number }[] = [];
  if (diagnostic.code === 'replaces-not-reciprocated') {
    const site = referenceSites(entry).find((candidate) => contains(rangeIn(entry, candidate.range), diagnostic.range.start));
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
    const computed = replaced && successor ? await supersedeEdit(context, location, { replacedPath: replaced.path, successorPath: successor.path, today: settings.today }) : undefined;
    if (replaced && successor && computed) {
      const action: CodeAction = {
        title: `Mark ${formatKpepId(pair.replaced)} replaced by ${formatKpepId(pair.successor)} in both KPEPs`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
      };
      const data: ActionData = { kind: 'supersede', uri: open.document.textDocument.uri, replacedPath: replaced.path, successorPath: successor.path, seen: computed.seen };
      actions.push(settings.resolveEdits ? { ...action, data } : { ...action, edit: computed.edit });
    }
  }
  return actions;
}

/** The edit of a supersede action, from both KPEPs as they are now; refused when a quick fix's KPEPs changed since it was offered. */
export async function resolveSupersede(context: FeatureContext, open: OpenKpep, data: ActionData & { kind: 'supersede' }, today: string): Promise<WorkspaceEdit | undefined> {
  const computed = await supersedeEdit(context, open.indexed.location, { ...data, today });
  if (data.seen && (!computed || computed.seen.some((seen, index) => seen !== data.seen?.[index]))) {
    throw new ResponseError(
      LSPErrorCodes.ContentModified,
      `${data.replacedPath} or ${data.successorPath} changed since this fix was offered; nothing was changed. Ask for the fix again.`,
    );
  }
  return computed?.edit;
}

async function supersedeEdit(
  context: FeatureContext,
  location: FolderProject,
  pair: { replacedPath: string; successorPath: string; today: string },
): Promise<{ edit: WorkspaceEdit; seen: string[] } | undefined> {
  const [replaced, successor] = await Promise.all([context.indexer.load(location, pair.replacedPath), context.indexer.load(location, pair.successorPath)]);
  const edits = replaced && successor && supersedeEdits({ replaced, successor, today: pair.today });
  return edits && replaced && successor
    ? {
        edit: workspaceEdit([
          { kpep: replaced, edits: edits.replaced },
          { kpep: successor, edits: edits.successor },
        ]),
        seen: [replaced.fingerprint, successor.fingerprint],
      }
    : undefined;
}
