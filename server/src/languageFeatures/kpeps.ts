/**
 * `kpep/kpeps`: every KPEP of every folder from the server's index, and `kpep/kpepsChanged` when
 * that answer changes for a folder. Edits, file events and the end of indexing only mark the set
 * as possibly changed; one check per quiet moment compares each folder's answer with the last one.
 */
import type { KpepEntry } from '../core/index/kpepEntry';
import type { KpepIndex } from '../core/index/kpepIndex';
import { kpepIdOf } from '../core/kpepNumber';
import type { KpepFolderSummary, KpepSummary } from '../protocol/kpepProtocol';
import type { FolderProject } from '../workspaceHost';
import type { FeatureContext } from './navigationContext';

/** One KPEP as the views show it; `uri` is where its README is. */
function kpepSummary(entry: KpepEntry, index: KpepIndex, uri: string): KpepSummary {
  const { kpepNumber } = entry;
  return {
    kpepNumber: entry.kpepNumber ?? null,
    id: kpepIdOf(entry),
    title: entry.title ?? null,
    status: entry.status ?? null,
    uri,
    authors: entry.authors,
    creationDate: entry.creationDate ?? null,
    lastUpdated: entry.lastUpdated ?? null,
    replaces: entry.replaces,
    supersededBy: entry.supersededBy,
    seeAlso: entry.seeAlso,
    latestSuccessor: entry.status === 'replaced' && kpepNumber !== undefined ? (index.successionChain(kpepNumber).at(-1) ?? null) : null,
  };
}

/** What the views show of an entry besides its place; `latestSuccessor` follows from these facts of the KPEPs in a chain. */
function viewFacts(entry: KpepEntry): string {
  return JSON.stringify([entry.kpepNumber, entry.title, entry.status, entry.authors, entry.creationDate, entry.lastUpdated, entry.replaces, entry.supersededBy, entry.seeAlso]);
}

/** Whether a new version of an open KPEP changes the answer to `kpep/kpeps`; most keystrokes do not. */
export function kpepViewChanged(previous: KpepEntry | undefined, entry: KpepEntry): boolean {
  return previous === undefined || previous.path !== entry.path || viewFacts(previous) !== viewFacts(entry);
}

function folderSummary(context: FeatureContext, location: FolderProject, current: { index: KpepIndex; complete: boolean }): KpepFolderSummary {
  return {
    folderUri: location.folder.uri,
    name: location.folder.name,
    complete: current.complete,
    kpeps: current.index.all().map((entry) => kpepSummary(entry, current.index, context.host.uriOf(location.folder, entry.path))),
  };
}

/** Answers `kpep/kpeps` at once, from the part of each folder indexed so far. */
export async function provideKpeps(context: FeatureContext): Promise<KpepFolderSummary[]> {
  const folders = await context.host.folders();
  return folders.map((location) => folderSummary(context, location, context.indexer.currentIndex(location)));
}

export interface KpepsChangesOptions {
  readonly context: FeatureContext;
  /** Quiet time before a check: a typing user's keystrokes make one check, not one per key. */
  readonly delayMs: number;
  /** A folder's answer changed (sends `kpep/kpepsChanged`), with the new answer for other listeners. */
  readonly onChange: (summary: KpepFolderSummary) => void;
  readonly onError: (error: unknown) => void;
}

/** Watches what `kpep/kpeps` would answer, per folder, and reports each change once. */
export class KpepsChanges {
  /** The last answer compared, per folder URI; a folder is reported only once its index is complete. */
  private readonly lastAnswer = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checking: Promise<void> = Promise.resolve();

  constructor(private readonly options: KpepsChangesOptions) {}

  /** Something the index reads may have changed: check after the next quiet moment. */
  mayHaveChanged(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Checks run one after another, so two never compare against the same last answer.
      this.checking = this.checking.then(() => this.check()).catch(this.options.onError);
    }, this.options.delayMs);
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
  }

  private async check(): Promise<void> {
    const folders = await this.options.context.host.folders();
    const present = new Set(folders.map((location) => location.folder.uri));
    for (const uri of this.lastAnswer.keys()) {
      if (!present.has(uri)) {
        this.lastAnswer.delete(uri);
      }
    }
    for (const location of folders) {
      const current = this.options.context.indexer.currentIndex(location);
      if (!current.complete) {
        continue;
      }
      const summary = folderSummary(this.options.context, location, current);
      const answer = JSON.stringify(summary);
      if (this.lastAnswer.get(summary.folderUri) !== answer) {
        this.lastAnswer.set(summary.folderUri, answer);
        this.options.onChange(summary);
      }
    }
  }
}
