/** Checks every KPEP of a workspace, or the ones asked for: the engine behind `kpep lint`. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkKpepDocument } from './diagnostics/checkKpepDocument';
import { parseKpepDocument } from './kpepDocument';
import { classifyKpepPath } from './kpepPath';
import type { KpepProject } from './project';
import type { WorkspaceFiles } from './workspace';

export interface FileDiagnostics {
  /** Workspace-relative path. */
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

/** The README of every directory under the KPEP root, templates/ excepted, in number order. */
export async function listKpepReadmes(options: { files: WorkspaceFiles; project: KpepProject }): Promise<string[]> {
  const { root } = options.project.config;
  const directories = await options.files.listDirectories(root);
  return directories
    .map((directory) => `${root}/${directory}/README.md`)
    .filter((path) => classifyKpepPath(path, root) !== undefined);
}

export interface LintOptions {
  readonly files: WorkspaceFiles;
  readonly project: KpepProject;
  /** Workspace-relative KPEP READMEs to check; files that are not KPEPs are skipped. */
  readonly paths: readonly string[];
  readonly token?: CancellationSignal;
}

export async function lintKpeps(options: LintOptions): Promise<FileDiagnostics[]> {
  const { files, project } = options;
  const results: FileDiagnostics[] = [];
  for (const path of options.paths) {
    if (options.token?.isCancellationRequested) {
      break;
    }
    const kpepPath = classifyKpepPath(path, project.config.root);
    const text = kpepPath && (await files.readFile(path));
    if (!kpepPath || text === undefined) {
      continue;
    }
    const document = parseKpepDocument(TextDocument.create(path, 'markdown', 0, text));
    results.push({ path, diagnostics: checkKpepDocument({ document, path: kpepPath, template: project.template, config: project.config }) });
  }
  return results;
}
