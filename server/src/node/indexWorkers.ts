/**
 * The workspace index's scan on worker threads: each thread reads a chunk of KPEP READMEs itself
 * (through NodeWorkspaceFiles, so nothing outside the folder is read) and answers with their
 * entries, while the server's thread only adds them to the index and keeps answering requests. A
 * thread runs the server's own bundle (see server.ts), as `kpep lint`'s run the CLI's.
 */
import { readlinkSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { scanKpepText, type KpepScanner, type ScannedKpep } from '../core/index/scan';
import { NodeWorkspaceFiles } from './nodeWorkspaceFiles';
import { isWorkerFor, serveWorkerRequests, WorkerPool } from './workerPool';

const INDEX_WORKER = 'kpep-index-worker';

/** Files per message: small enough that the index fills in steps and threads finish together. */
const CHUNK_FILES = 64;

/** Below this many files a thread's start-up (loading the bundle) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 256;

/** Each thread holds its own heap; past two the server's thread, adding entries, is the limit. */
const MAX_WORKERS = 4;

/** The threads' niceness: on a busy core the server's thread, answering requests, comes first. */
const SCAN_NICENESS = 5;

interface ScanRequest {
  /** The workspace folder's directory. */
  readonly directory: string;
  readonly root: string;
  readonly paths: readonly string[];
}

export function isIndexWorker(): boolean {
  return isWorkerFor(INDEX_WORKER);
}

/**
 * Reads and scans one chunk with `files`: blocking calls on a worker thread, where nothing else
 * waits; promised ones for a chunk done on the server's thread, so requests are read in between.
 */
async function scanChunk(request: ScanRequest, files: NodeWorkspaceFiles): Promise<ScannedKpep[]> {
  const scanned: ScannedKpep[] = [];
  for (const path of request.paths) {
    const read = await files.readStampedFile(path);
    scanned.push({ path, stamp: read?.stamp, entry: read && scanKpepText({ path, text: read.text, root: request.root }) });
  }
  return scanned;
}

/**
 * Lowers this thread's priority, not the process's: Linux gives each thread its own (its id is
 * under /proc/thread-self). Elsewhere the thread keeps the process's priority.
 */
function yieldToTheServersThread(): void {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), SCAN_NICENESS);
  } catch {
    // No per-thread priority on this system: the scan still runs, only without yielding.
  }
}

/** The worker thread's side: reads and scans each chunk it is sent. */
export function serveIndexScans(): void {
  yieldToTheServersThread();
  const folders = new Map<string, NodeWorkspaceFiles>();
  serveWorkerRequests((request: ScanRequest): Promise<ScannedKpep[]> => {
    const files = folders.get(request.directory) ?? new NodeWorkspaceFiles(request.directory, { blocking: true });
    folders.set(request.directory, files);
    return scanChunk(request, files);
  });
}

/**
 * A scanner of one folder's files on worker threads (none on a single core), started for one build
 * and ended with it: the threads' heaps are not kept for the few files watchers report later.
 */
export function workerIndexScanner(options: {
  script: string;
  directory: string;
  onWorkerFailure: (error: Error) => void;
  /** How many threads; by default one per core, none on a single core (a thread there only adds its start-up). */
  workers?: number;
}): KpepScanner {
  const cores = availableParallelism();
  const workers = options.workers ?? (cores > 1 ? Math.min(cores, MAX_WORKERS) : 0);
  return {
    minimumFiles: workers === 0 ? Infinity : MIN_FILES_FOR_WORKERS,
    async scan({ paths, root, token, each }) {
      const pool = new WorkerPool<ScanRequest, ScannedKpep[]>({ script: options.script, job: INDEX_WORKER, workers, onWorkerFailure: options.onWorkerFailure });
      const chunks: ScanRequest[] = [];
      for (let at = 0; at < paths.length; at += CHUNK_FILES) {
        chunks.push({ directory: options.directory, root, paths: paths.slice(at, at + CHUNK_FILES) });
      }
      try {
        await pool.share({ chunks, fallback: (chunk) => scanChunk(chunk, new NodeWorkspaceFiles(chunk.directory)), each, stopped: () => token?.isCancellationRequested === true });
      } finally {
        await pool.close();
      }
    },
  };
}
