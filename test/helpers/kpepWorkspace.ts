/** In-memory KPEP workspaces for tests of the index and the cross-KPEP rules. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { listKpepReadmes } from '../../server/src/core/index/scan';
import { lintKpeps, type LintCache } from '../../server/src/core/lint';
import { loadKpepProject } from '../../server/src/core/project';
import { InMemoryWorkspaceFiles } from '../../server/src/core/workspace';
import { formatKpepId } from '../../server/src/core/kpepNumber';
import { frontMatter, kpepBody } from './kpepFixtures';

export interface KpepSpec {
  readonly number: number;
  readonly status?: string;
  readonly replaces?: readonly number[];
  readonly supersededBy?: readonly number[];
  readonly seeAlso?: readonly number[];
  /** Text added to the Summary, e.g. prose references. */
  readonly summary?: string;
  readonly directory?: string;
}

export function kpepPath(spec: KpepSpec): string {
  return `kpeps/${spec.directory ?? `${String(spec.number).padStart(4, '0')}-kpep-${spec.number}`}/README.md`;
}

export function kpepText(spec: KpepSpec): string {
  const list = (values: readonly number[] | undefined): string | undefined => (values ? `[${values.join(', ')}]` : undefined);
  const title = `Proposal ${spec.number}`;
  return (
    frontMatter({
      'kpep-number': String(spec.number),
      title,
      status: spec.status ?? 'provisional',
      replaces: list(spec.replaces),
      'superseded-by': list(spec.supersededBy),
      'see-also': list(spec.seeAlso),
    }) +
    kpepBody({ title, extra: spec.summary ? { Summary: spec.summary } : {} }).replace('# KPEP-0007:', `# ${formatKpepId(spec.number)}:`)
  );
}

export function workspaceFiles(specs: readonly KpepSpec[]): Map<string, string> {
  return new Map(specs.map((spec) => [kpepPath(spec), kpepText(spec)]));
}

/** Lints an in-memory workspace with the CLI's engine: path → diagnostics. */
export async function lintWorkspace(files: ReadonlyMap<string, string>, cache?: LintCache): Promise<Map<string, Diagnostic[]>> {
  const workspace = new InMemoryWorkspaceFiles(files);
  const project = await loadKpepProject({ files: workspace });
  const paths = await listKpepReadmes({ files: workspace, project });
  const results = await lintKpeps({ files: workspace, project, paths, ...(cache ? { cache } : {}) });
  return new Map(results.map((result) => [result.path, [...result.diagnostics]]));
}
