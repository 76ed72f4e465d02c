/** Checks every KPEP of a workspace, or the ones asked for: the engine behind `kpep lint`. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { documentFindings, finishDiagnostics } from './diagnostics/checkKpepDocument';
import { checkAcrossKpeps, type PositionedFinding } from './diagnostics/crossKpepRules';
import { readKpep, scanKpepEntry, type KpepEntry } from './index/kpepEntry';
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

/** Reads files a few at a time, so reads overlap; calls `each` as each text arrives. */
async function readEach(options: {
  files: WorkspaceFiles;
  paths: readonly string[];
  token?: CancellationSignal | undefined;
  each: (path: string, text: string | undefined) => void;
}): Promise<void> {
  const queue = [...options.paths].reverse();
  const worker = async (): Promise<void> => {
    for (let path = queue.pop(); path !== undefined && !options.token?.isCancellationRequested; path = queue.pop()) {
      options.each(path, await options.files.readFile(path));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Indexes every KPEP of a folder from a line scan, reading a few files at a time. */
export async function buildKpepIndex(options: {
  files: WorkspaceFiles;
  project: KpepProject;
  token?: CancellationSignal;
  /** Called after each file, for progress reports. */
  onProgress?: (done: number, total: number) => void;
}): Promise<KpepIndex> {
  const { files, project, token } = options;
  const { root } = project.config;
  const paths = await listKpepReadmes({ files, project });
  const index = new KpepIndex();
  let done = 0;
  await readEach({
    files,
    paths,
    token,
    each: (path, text) => {
      const kpepPath = classifyKpepPath(path, root);
      if (kpepPath && text !== undefined) {
        index.set(scanKpepEntry(text, { path, kpepPath, root }));
      }
      options.onProgress?.(++done, paths.length);
    },
  });
  return index;
}

/** What a run keeps of one KPEP: its per-document findings and its entry from the full model. */
export interface CachedKpep {
  readonly findings: readonly PositionedFinding[];
  readonly entry: KpepEntry;
}

/** Per-KPEP results kept between runs, keyed by what they depend on (the text, its path, the template). */
export interface LintCache {
  get(key: LintCacheKey): CachedKpep | undefined;
  set(key: LintCacheKey, value: CachedKpep): void;
}

export interface LintCacheKey {
  readonly path: string;
  readonly text: string;
  readonly templateText: string;
}

export interface LintOptions {
  readonly files: WorkspaceFiles;
  readonly project: KpepProject;
  /** Workspace-relative KPEP READMEs to check; files that are not KPEPs are skipped. */
  readonly paths: readonly string[];
  readonly token?: CancellationSignal;
  /** With a cache, an unchanged KPEP is not parsed again: only the cheap cross-KPEP rules run. */
  readonly cache?: LintCache;
}

export async function lintKpeps(options: LintOptions): Promise<FileDiagnostics[]> {
  const { files, project, cache, token } = options;
  const { root } = project.config;
  // Every KPEP is read once: the index needs them all, and the ones asked for are checked.
  const texts = new Map<string, string>();
  const cached = new Map<string, CachedKpep>();
  const index = new KpepIndex();
  const wanted = new Set(options.paths);
  await readEach({
    files,
    paths: [...new Set([...(await listKpepReadmes({ files, project })), ...options.paths])],
    token,
    each: (path, text) => {
      const kpepPath = classifyKpepPath(path, root);
      if (!kpepPath || text === undefined) {
        return;
      }
      const hit = cache?.get({ path, text, templateText: project.template.text });
      if (wanted.has(path)) {
        texts.set(path, text);
        if (hit) {
          cached.set(path, hit);
        }
      }
      // A KPEP whose results are cached enters the index with its full-model entry, unparsed.
      index.set(hit?.entry ?? scanKpepEntry(text, { path, kpepPath, root }));
    },
  });
  const results: FileDiagnostics[] = [];
  for (const path of options.paths) {
    const text = texts.get(path);
    const kpepPath = classifyKpepPath(path, root);
    if (token?.isCancellationRequested || text === undefined || !kpepPath) {
      continue;
    }
    // The entry comes from the full model either way: the line scan misses links that span lines.
    let checked = cached.get(path);
    if (!checked) {
      const kpep = readKpep({ path, text, root });
      if (!kpep) {
        continue;
      }
      checked = { findings: documentFindings({ document: kpep.document, path: kpepPath, template: project.template }), entry: kpep.entry };
      cache?.set({ path, text, templateText: project.template.text }, checked);
    }
    const { findings, entry } = checked;
    index.set(entry);
    results.push({ path, diagnostics: finishDiagnostics({ documentFindings: findings, crossFindings: checkAcrossKpeps(entry, index), config: project.config }) });
  }
  return results;
}
