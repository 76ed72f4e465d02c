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

/** The index entry of a KPEP's text from a line scan; undefined when the path is no KPEP's README. */
export function scanKpepText(options: { path: string; text: string; root: string }): KpepEntry | undefined {
  const kpepPath = classifyKpepPath(options.path, options.root);
  return kpepPath && scanKpepEntry(options.text, { path: options.path, kpepPath, root: options.root });
}

/** A file read and scanned by a `KpepScanner`: its entry (none for a file gone or no KPEP) and stamp. */
export interface ScannedKpep {
  readonly path: string;
  readonly stamp: string | undefined;
  readonly entry: KpepEntry | undefined;
}

/** Reads and scans files off the calling thread (the server's worker threads), a batch at a time. */
export interface KpepScanner {
  /** Below this many files to read, the scan stays on the calling thread: starting threads would cost more. */
  readonly minimumFiles: number;
  scan(options: { paths: readonly string[]; root: string; token?: CancellationSignal | undefined; each: (batch: readonly ScannedKpep[]) => void }): Promise<void>;
}

/** Files stamped in one synchronous batch, between checks of the slice's time. */
const STAMP_BATCH = 64;

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
  /** Reads and scans many files elsewhere (worker threads); without it, here. */
  scanner?: KpepScanner;
}): Promise<KpepIndex> {
  const { files, project, token, store, scanner } = options;
  const { root } = project.config;
  const paths = await listKpepReadmes({ files, project });
  const index = options.into ?? new KpepIndex();
  let done = 0;
  const add = (path: string, entry: KpepEntry | undefined, stamp?: string): void => {
    if (entry) {
      index.set(entry);
      if (stamp !== undefined) {
        store?.set(path, stamp, entry);
      }
    }
    options.onProgress?.(++done, paths.length);
  };
  // With a store, the files it keeps are stamped in synchronous batches, a slice of time between
  // pauses, and only those whose stamp is new are read.
  const fileStamps = store && files.readStampedFile ? files.fileStamps?.bind(files) : undefined;
  const toRead = store && fileStamps ? paths.filter((path) => !store.has(path)) : [...paths];
  if (store && fileStamps) {
    const kept = paths.filter((path) => store.has(path));
    for (let at = 0; at < kept.length && !token?.isCancellationRequested; ) {
      const sliceStart = Date.now();
      while (at < kept.length && Date.now() - sliceStart < SLICE_MS) {
        const batch = kept.slice(at, (at += STAMP_BATCH));
        fileStamps(batch).forEach((stamp, position) => {
          const path = batch[position] as string;
          const entry = stamp === undefined ? undefined : store.get(path, stamp);
          if (entry) {
            add(path, entry);
          } else {
            toRead.push(path);
          }
        });
      }
      if (at < kept.length) {
        await options.pause?.();
      }
    }
  }
  if (scanner && toRead.length >= scanner.minimumFiles) {
    await scanner.scan({ paths: toRead, root, token, each: (batch) => batch.forEach(({ path, entry, stamp }) => add(path, entry, stamp)) });
    return index;
  }
  const stamps = new Map<string, string>();
  await readEach({
    files,
    paths: toRead,
    token,
    pause: options.pause,
    // A file is read with its stamp in one look-up, for the store.
    read: fileStamps
      ? async (path) => {
          const read = await files.readStampedFile?.(path);
          if (read) {
            stamps.set(path, read.stamp);
          }
          return read?.text;
        }
      : undefined,
    each: (path, text) => add(path, text === undefined ? undefined : scanKpepText({ path, text, root }), stamps.get(path)),
  });
  return index;
}
