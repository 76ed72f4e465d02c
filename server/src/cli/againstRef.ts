/**
 * `kpep lint --against REF`: the PR check. A KPEP this branch adds whose number REF (the branch
 * the PR merges into) already gives to another directory is an error, naming the renumber
 * command, so the race fails the PR that would lose it.
 */
import { conflictsWithRef, refConflictMessage } from '../core/branchClaims';
import { kpepDiagnostic } from '../core/diagnostics/checkKpepDocument';
import { rangeIn } from '../core/index/kpepEntry';
import { buildKpepIndex } from '../core/index/scan';
import type { FileDiagnostics } from '../core/lint';
import { fixedSeverity } from '../core/ruleRegistry';
import type { KpepProject } from '../core/project';
import type { WorkspaceFiles } from '../core/workspace';
import { GitClaimsReader } from '../node/gitClaims';
import { UsageError } from './usageError';

export async function refConflictDiagnostics(options: {
  directory: string;
  files: WorkspaceFiles;
  project: KpepProject;
  ref: string;
  env: NodeJS.ProcessEnv;
}): Promise<FileDiagnostics[]> {
  const { project, ref } = options;
  const setting = project.config.rules['number-claimed-elsewhere'];
  if (setting === 'off') {
    return [];
  }
  const reader = new GitClaimsReader({ directory: options.directory, root: project.config.root, env: options.env });
  const refClaims = await reader.readRef(ref);
  if (!refClaims) {
    throw new UsageError(`--against ${ref}: no such commit in this repository (is it fetched? In GitHub Actions, check out with fetch-depth: 0).`);
  }
  const [index, branches] = await Promise.all([buildKpepIndex({ files: options.files, project }), reader.read()]);
  return conflictsWithRef({ index, refClaims, allClaims: [...refClaims, ...branches.claims] }).map(({ entry, ...conflict }) => {
    const diagnostic = kpepDiagnostic({
      range: rangeIn(entry, entry.numberRange ?? { start: 0, end: 0 }),
      // An error unless the configuration asks for another severity: this is the check a PR must pass.
      severity: setting ?? fixedSeverity('number-claimed-elsewhere', { otherwise: true }),
      code: 'number-claimed-elsewhere',
      message: refConflictMessage({ entry, ...conflict }, ref),
    });
    return { path: entry.path, diagnostics: [diagnostic] };
  });
}

/** Adds the conflicts to the files linted (a file not among them is not reported). */
export function withRefConflicts(results: readonly FileDiagnostics[], conflicts: readonly FileDiagnostics[]): FileDiagnostics[] {
  return results.map((result) => {
    const extra = conflicts.filter((conflict) => conflict.path === result.path).flatMap((conflict) => conflict.diagnostics);
    return extra.length === 0
      ? result
      : { path: result.path, diagnostics: [...result.diagnostics, ...extra].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character) };
  });
}
