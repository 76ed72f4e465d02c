/** Checks every KPEP of a workspace, or the ones asked for: the engine behind `kpep lint`. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkKpepDocument } from './diagnostics/checkKpepDocument';
import { readKpep, scanKpepEntry } from './index/kpepEntry';
import { KpepIndex } from './index/kpepIndex';
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

/** The README of every directory under the KPEP root, templates/ excepted, in directory order. */
export async function listKpepReadmes(options: { files: WorkspaceFiles; project: KpepProject }): Promise<string[]> {
  const { root } = options.project.config;
  const directories = await options.files.listDirectories(root);
  return directories
    .map((directory) => `${root}/${directory}/README.md`)
    .filter((path) => classifyKpepPath(path, root) !== undefined);
}

/** Indexes every KPEP of a folder from a line scan, reading a few files at a time. */
export async function buildKpepIndex(options: {
  files: WorkspaceFiles;
  project: KpepProject;
  token?: CancellationSignal;
  /** Called after each file, for progress reports. */
  onProgress?: (done: number, total: number) => void;
}): Promise<KpepIndex> {
  const { files, project } = options;
  const { root } = project.config;
  const paths = await listKpepReadmes({ files, project });
  const index = new KpepIndex();
  const total = paths.length;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let path = paths.pop(); path !== undefined && !options.token?.isCancellationRequested; path = paths.pop()) {
      const kpepPath = classifyKpepPath(path, root);
      const text = await files.readFile(path);
      if (kpepPath && text !== undefined) {
        index.set(scanKpepEntry(text, { path, kpepPath, root }));
      }
      options.onProgress?.(++done, total);
    }
  };
  // Reads overlap; parsing stays on this thread, since a line scan is cheaper than the I/O.
  await Promise.all(Array.from({ length: 16 }, worker));
  return index;
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
  const { root } = project.config;
  const index = await buildKpepIndex({ files, project, ...(options.token ? { token: options.token } : {}) });
  const results: FileDiagnostics[] = [];
  for (const path of options.paths) {
    if (options.token?.isCancellationRequested) {
      break;
    }
    const text = classifyKpepPath(path, root) && (await files.readFile(path));
    const kpep = text === undefined ? undefined : readKpep({ path, text, root });
    if (!kpep) {
      continue;
    }
    const { document, entry, kpepPath } = kpep;
    index.set(entry);
    results.push({
      path,
      diagnostics: checkKpepDocument({ document, path: kpepPath, template: project.template, config: project.config, workspace: { index, entry } }),
    });
  }
  return results;
}
