/** Checks every KPEP of a workspace, or the ones asked for: the engine behind `kpep lint`. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { fingerprintDiagnostics } from './baseline';
import { documentFindings, finishDiagnostics, workspaceFindings } from './diagnostics/checkKpepDocument';
import type { PositionedFinding } from './diagnostics/crossKpepRules';
import { linkSites, linkTargetKinds, type LinkSite } from './diagnostics/linkRules';
import { readKpep, scanKpepEntry, type KpepEntry } from './index/kpepEntry';
import { KpepIndex } from './index/kpepIndex';
import { classifyKpepPath } from './kpepPath';
import type { KpepProject } from './project';
import type { TemplateModel } from './template/templateModel';
import type { PathKind, WorkspaceFiles } from './workspace';

export interface FileDiagnostics {
  /** Workspace-relative path. */
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Each diagnostic's content fingerprint, in the same order, for a baseline (lintKpeps always sets it). */
  readonly fingerprints?: readonly string[];
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

/** Entries kept from an earlier index, by path and the file's stamp (size and modification time). */
export interface IndexStore {
  /** Whether an entry is kept for the path, whatever its stamp. */
  has(path: string): boolean;
  get(path: string, stamp: string): KpepEntry | undefined;
  set(path: string, stamp: string, entry: KpepEntry): void;
}

/** How long the work between two pauses may run: a server answers requests in the pauses. */
const SLICE_MS = 8;

/**
 * Reads files a few at a time, so reads overlap; calls `each` as each text arrives. With `pause`,
 * every slice of SLICE_MS of that work ends in one shared pause (all readers wait for the same one).
 */
async function readEach(options: {
  files: WorkspaceFiles;
  paths: readonly string[];
  token?: CancellationSignal | undefined;
  each: (path: string, text: string | undefined) => void;
  pause?: (() => Promise<void>) | undefined;
  /** Reads a file; by default its text. */
  read?: ((path: string) => Promise<string | undefined>) | undefined;
}): Promise<void> {
  const { pause } = options;
  const queue = [...options.paths].reverse();
  let sliceStart = Date.now();
  let pausing: Promise<void> | undefined;
  const worker = async (): Promise<void> => {
    for (let path = queue.pop(); path !== undefined && !options.token?.isCancellationRequested; path = queue.pop()) {
      const text = await (options.read ?? ((file: string) => options.files.readFile(file)))(path);
      while (pause && (pausing || Date.now() - sliceStart >= SLICE_MS)) {
        pausing ??= pause().then(() => {
          pausing = undefined;
          sliceStart = Date.now();
        });
        await pausing;
      }
      options.each(path, text);
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
  /** The index to fill, so a reader may use the part built so far; a new one by default. */
  into?: KpepIndex;
  /** Awaited every few milliseconds of scanning, so a server stays responsive while it indexes. */
  pause?: () => Promise<void>;
  /** Entries of an earlier build: a file whose stamp is unchanged is not read again. */
  store?: IndexStore;
}): Promise<KpepIndex> {
  const { files, project, token, store } = options;
  const { root } = project.config;
  const paths = await listKpepReadmes({ files, project });
  const index = options.into ?? new KpepIndex();
  const kept = new Map<string, KpepEntry>();
  const stamps = new Map<string, string>();
  // With a store, a file it keeps is stamped first and read only when the stamp is new; any other
  // is read with its stamp in one look-up.
  const read = async (path: string): Promise<string | undefined> => {
    const stamp = store?.has(path) ? await files.fileStamp?.(path) : undefined;
    const entry = stamp === undefined ? undefined : store?.get(path, stamp);
    if (entry) {
      kept.set(path, entry);
      return undefined;
    }
    const stamped = await files.readStampedFile?.(path);
    if (stamped) {
      stamps.set(path, stamped.stamp);
    }
    return stamped?.text;
  };
  let done = 0;
  await readEach({
    files,
    paths,
    token,
    pause: options.pause,
    read: store && files.fileStamp && files.readStampedFile ? read : undefined,
    each: (path, text) => {
      const kpepPath = classifyKpepPath(path, root);
      const entry = kept.get(path) ?? (kpepPath && text !== undefined ? scanKpepEntry(text, { path, kpepPath, root }) : undefined);
      if (entry) {
        index.set(entry);
        const stamp = stamps.get(path);
        if (stamp !== undefined && !kept.has(path)) {
          store?.set(path, stamp, entry);
        }
      }
      options.onProgress?.(++done, paths.length);
    },
  });
  return index;
}

/** What the per-document rules make of one KPEP: its findings and its entry from the full model. Plain data. */
export interface CheckedKpep {
  readonly findings: readonly PositionedFinding[];
  readonly entry: KpepEntry;
  /** Its links, for broken-link, which reads the workspace and so runs afresh each time. */
  readonly links: readonly LinkSite[];
}

/** KPEPs whose per-document rules are to run, with what those rules depend on besides each text. */
export interface DocumentBatch {
  readonly kpeps: readonly { readonly path: string; readonly text: string }[];
  readonly root: string;
  readonly template: TemplateModel;
  readonly token?: CancellationSignal | undefined;
}

/** Runs the per-document rules of a batch: one result per KPEP, in the batch's order (undefined when cancelled). */
export type DocumentChecker = (batch: DocumentBatch) => Promise<readonly (CheckedKpep | undefined)[]>;

/** The full parse and the per-document rules of each KPEP, here in this thread. */
export function checkKpepTexts(batch: DocumentBatch): (CheckedKpep | undefined)[] {
  const { root, template, token } = batch;
  return batch.kpeps.map(({ path, text }) => {
    const kpep = token?.isCancellationRequested ? undefined : readKpep({ path, text, root });
    return kpep && { findings: documentFindings({ document: kpep.document, path: kpep.kpepPath, template }), entry: kpep.entry, links: linkSites(kpep.document) };
  });
}

const checkHere: DocumentChecker = async (batch) => checkKpepTexts(batch);

/** Per-KPEP results kept between runs, keyed by what they depend on (the text, its path, the template). */
export interface LintCache {
  get(key: LintCacheKey): CheckedKpep | undefined;
  set(key: LintCacheKey, value: CheckedKpep): void;
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
  /** Where the per-document rules run (the CLI spreads them over worker threads); default: here, in this thread. */
  readonly checkDocuments?: DocumentChecker;
}

export async function lintKpeps(options: LintOptions): Promise<FileDiagnostics[]> {
  const { files, project, cache, token } = options;
  const { root } = project.config;
  const templateText = project.template.text;
  // Every KPEP is read once: the index needs them all, and the ones asked for are checked.
  const texts = new Map<string, string>();
  const checked = new Map<string, CheckedKpep>();
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
      const hit = cache?.get({ path, text, templateText });
      if (wanted.has(path)) {
        texts.set(path, text);
        if (hit) {
          checked.set(path, hit);
        }
      }
      // A KPEP whose results are cached enters the index with its full-model entry, unparsed.
      index.set(hit?.entry ?? scanKpepEntry(text, { path, kpepPath, root }));
    },
  });
  // The per-document rules, the expensive part, run as one batch so a checker can spread it out.
  const kpeps = [...wanted].flatMap((path) => {
    const text = texts.get(path);
    return text === undefined || checked.has(path) ? [] : [{ path, text }];
  });
  const fresh = await (options.checkDocuments ?? checkHere)({ kpeps, root, template: project.template, token });
  kpeps.forEach(({ path, text }, position) => {
    const result = fresh[position];
    if (result) {
      checked.set(path, result);
      cache?.set({ path, text, templateText }, result);
    }
  });
  const results: FileDiagnostics[] = [];
  // Link targets are looked up once per run, however many KPEPs link to them.
  const known = new Map<string, Promise<PathKind>>();
  for (const path of options.paths) {
    const result = checked.get(path);
    if (token?.isCancellationRequested || !result) {
      continue;
    }
    const { findings, entry, links } = result;
    index.set(entry);
    const kinds = await linkTargetKinds({ files, links, fromPath: path, known });
    const crossFindings = workspaceFindings({ entry, index, links: { sites: links, kinds } }, root);
    const diagnostics = finishDiagnostics({ documentFindings: findings, crossFindings, config: project.config });
    results.push({ path, diagnostics, fingerprints: fingerprintDiagnostics(texts.get(path) ?? '', diagnostics) });
  }
  return results;
}
