/** Checks every KPEP of a workspace, or the ones asked for: the engine behind `kpep lint`. */
import type { Diagnostic } from 'vscode-languageserver-types';
import { fingerprintDiagnostics } from './baseline';
import { documentFindings, finishDiagnostics, workspaceFindings } from './diagnostics/checkKpepDocument';
import type { PositionedFinding } from './diagnostics/crossKpepRules';
import { linkSites, linkTargetKinds, type LinkSite } from './diagnostics/linkRules';
import { readKpep, type KpepEntry } from './index/kpepEntry';
import { KpepIndex } from './index/kpepIndex';
import { scanKpepEntry } from './index/lineScan';
import { listKpepReadmes, readEach, type CancellationSignal } from './index/scan';
import { classifyKpepPath } from './kpepPath';
import type { KpepProject } from './project';
import type { TemplateModel } from './template/templateModel';
import type { PathKind, WorkspaceFiles } from './workspace';

export interface FileDiagnostics {
  /** Workspace-relative path. */
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Each diagnostic's content fingerprint, in the same order, for a baseline (set when LintOptions.fingerprints asks). */
  readonly fingerprints?: readonly string[];
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
  /** Fingerprint each diagnostic, for a baseline; without one they would only cost a line table of every file. */
  readonly fingerprints?: boolean;
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
  // Link targets are looked up once per run, however many KPEPs link to them, and as soon as a
  // KPEP's links are known: awaited one KPEP after another, the lookups left the thread idle.
  const known = new Map<string, Promise<PathKind>>();
  const linkKinds = new Map<string, Promise<ReadonlyMap<string, PathKind>>>();
  const keep = (path: string, result: CheckedKpep): void => {
    checked.set(path, result);
    const kinds = linkTargetKinds({ files, links: result.links, fromPath: path, known });
    // Awaited once every KPEP is read; until then a failure must not count as unhandled.
    kinds.catch(() => undefined);
    linkKinds.set(path, kinds);
  };
  await readEach({
    files,
    paths: [...new Set([...(await listKpepReadmes({ files, project })), ...options.paths])],
    token,
    each: (path, text) => {
      if (text !== undefined) {
        // Read through the workspace, so a file in it: every `#anchor` link of the KPEP names it.
        known.set(path, Promise.resolve('file'));
      }
      const kpepPath = classifyKpepPath(path, root);
      if (!kpepPath || text === undefined) {
        return;
      }
      const hit = cache?.get({ path, text, templateText });
      if (wanted.has(path)) {
        texts.set(path, text);
        if (hit) {
          keep(path, hit);
        } else {
          // Its full-model entry comes with its check, below: a line scan now would be thrown away.
          return;
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
      keep(path, result);
      index.set(result.entry);
      cache?.set({ path, text, templateText }, result);
    }
  });
  const results: FileDiagnostics[] = [];
  for (const path of options.paths) {
    const result = checked.get(path);
    const kinds = await linkKinds.get(path);
    if (token?.isCancellationRequested || !result || !kinds) {
      continue;
    }
    const { findings, entry, links } = result;
    const crossFindings = workspaceFindings({ entry, index, links: { sites: links, kinds } }, root);
    const diagnostics = finishDiagnostics({ documentFindings: findings, crossFindings, config: project.config });
    results.push({ path, diagnostics, ...(options.fingerprints ? { fingerprints: fingerprintDiagnostics(texts.get(path) ?? '', diagnostics) } : {}) });
  }
  return results;
}
