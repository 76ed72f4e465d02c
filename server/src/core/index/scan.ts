/**
 * The workspace scan: which files are KPEPs, read a few at a time so reads overlap, and the index
 * built from a line scan of each (the server's start-up, every CLI command that needs numbers).
 */
import { classifyKpepPath } from '../kpepPath';
import type { KpepProject } from '../project';
import type { WorkspaceFiles } from '../workspace';
import type { KpepEntry } from './kpepEntry';
import { KpepIndex } from './kpepIndex';
import { scanKpepEntry } from './lineScan';

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
export async function readEach(options: {
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
