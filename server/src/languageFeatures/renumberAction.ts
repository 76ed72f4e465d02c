/**
 * The quick fix on number-claimed-elsewhere: "Renumber to KPEP-00NN", the next number no branch
 * claims, as one WorkspaceEdit: the text edits of every KPEP that references the old number
 * (versioned for open documents), then the directory's rename. Core computes the edits, the same
 * ones `kpep renumber` writes.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type RenameFile, type WorkspaceEdit } from 'vscode-languageserver';
import { claimsElsewhere, numberAboveClaims } from '../core/branchClaims';
import { formatKpepId } from '../core/kpepNumber';
import { planRenumber, renumberProblem, type RenumberTarget } from '../core/lifecycle/renumber';
import type { LoadedKpep } from '../workspaceIndexer';
import type { FeatureContext, OpenKpep } from './navigationContext';
import { workspaceEdit } from './workspaceEdits';

export async function renumberActions(services: FeatureContext, open: OpenKpep, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const { entry, index, location } = open.indexed;
  const old = entry.kpepNumber;
  if (diagnostic.code !== 'number-claimed-elsewhere' || old === undefined || !services.branches) {
    return [];
  }
  const claims = claimsElsewhere(services.branches.current(location), index);
  const { kpepNumber: to } = numberAboveClaims({ next: index.nextKpepNumber(), claims });
  if (renumberProblem({ index, from: entry, to, claims })) {
    return [];
  }
  const paths = [...new Set([entry.path, ...index.referencesTo(old).map((incoming) => incoming.entry.path)])];
  const loaded = (await Promise.all(paths.map((path) => services.indexer.load(location, path)))).filter((kpep): kpep is LoadedKpep => kpep !== undefined);
  const targets = new Map<string, LoadedKpep & RenumberTarget>(loaded.map((kpep) => [kpep.entry.path, { ...kpep, path: kpep.entry.path }]));
  const self = targets.get(entry.path);
  if (!self) {
    return [];
  }
  const plan = planRenumber({ from: self, to, kpeps: [...targets.values()], index, root: location.project.config.root });
  const textEdits = workspaceEdit(plan.edits.flatMap((change) => {
    const kpep = targets.get(change.path);
    return kpep ? [{ kpep, edits: change.edits }] : [];
  }));
  const rename: RenameFile = {
    kind: 'rename',
    oldUri: services.host.uriOf(location.folder, plan.fromDirectory),
    newUri: services.host.uriOf(location.folder, plan.toDirectory),
    options: { overwrite: false, ignoreIfExists: false },
  };
  // Text edits first, on the URIs they were computed for; then the directory moves with them.
  const edit: WorkspaceEdit = { documentChanges: [...(textEdits.documentChanges ?? []), rename] };
  return [{ title: `Renumber to ${formatKpepId(to)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit }];
}
