/**
 * `kpep lint` on every core: the per-document rules (the full remark parse, the expensive part) run
 * on worker threads, a chunk of KPEPs at a time, while the main thread keeps the index, the
 * cross-KPEP rules and the cache. A worker runs the CLI's own bundle (see cli/main.ts), so the
 * package ships no extra file, and it only receives texts the main thread has already read.
 */
import { availableParallelism } from 'node:os';
import { checkKpepTexts, type CheckedKpep, type DocumentBatch, type DocumentChecker } from '../core/lint';
import { parseTemplate, type TemplateModel } from '../core/template/templateModel';
import { isWorkerFor, serveWorkerRequests, WorkerPool } from './workerPool';

/** Below this many KPEPs to parse, starting threads costs more than it saves. */
const MIN_KPEPS_FOR_WORKERS = 50;

/** Each thread holds its own parser and heap (tens of MB); beyond this the main thread's share dominates. */
const MAX_WORKERS = 8;

/** Text per message at most: large enough that messaging costs nothing, small enough that threads finish together. */
const CHUNK_CHARS = 256 * 1024;

/** Chunks per thread at least, so that a thread given the larger KPEPs does not finish last by far. */
const CHUNKS_PER_THREAD = 4;

/**
 * A parse's events and nodes live as long as its KPEP's check: in V8's default young generation
 * most of them outlive a scavenge and are copied, then promoted. At 128 MB a thread copies 40 %
 * fewer bytes in a third of the scavenges, for about 100 MB more memory per thread.
 */
const YOUNG_GENERATION_MB = 128;

/** Marks a thread started to check KPEPs, as opposed to any other use of the same script. */
const LINT_WORKER = 'kpep-lint-worker';

/** What a worker is sent: plain data, the template as text since its model does not cross threads. */
interface ChunkRequest {
  readonly kpeps: DocumentBatch['kpeps'];
  readonly root: string;
  readonly template: { readonly text: string; readonly path: string | undefined };
}

type ChunkResults = (CheckedKpep | undefined)[];

/** One thread per core, none on a single core (a thread there only adds its start-up). */
export function defaultLintWorkerCount(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, MAX_WORKERS) : 0;
}

export function isLintWorker(): boolean {
  return isWorkerFor(LINT_WORKER);
}

/** The worker thread's side: checks each chunk it is sent and answers with the results. */
export function serveLintChecks(): void {
  let template: TemplateModel | undefined;
  serveWorkerRequests((request: ChunkRequest): ChunkResults => {
    // A run sends the same template with every chunk; parse it once.
    if (template?.text !== request.template.text || template.path !== request.template.path) {
      template = parseTemplate(request.template);
    }
    return checkKpepTexts({ kpeps: request.kpeps, root: request.root, template });
  });
}

export interface LintWorkerOptions {
  /** The script each thread runs: the built CLI, which serves checks when `isLintWorker()`. */
  readonly script: string;
  readonly workers: number;
  /** Called once per thread that fails; its KPEPs are then checked on the main thread. */
  readonly onWorkerFailure: (error: Error) => void;
}

/** Worker threads started on the first large batch and kept for the next workspace; `close()` ends them. */
export class LintWorkerPool {
  private readonly pool: WorkerPool<ChunkRequest, ChunkResults>;

  constructor(private readonly options: LintWorkerOptions) {
    this.pool = new WorkerPool({ ...options, job: LINT_WORKER, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  }

  /** Small batches run here; larger ones are shared out chunk by chunk to whichever thread is free. */
  readonly checkDocuments: DocumentChecker = async (batch) => {
    if (batch.kpeps.length < MIN_KPEPS_FOR_WORKERS || this.options.workers === 0) {
      return checkKpepTexts(batch);
    }
    const chunks = chunksOf(batch.kpeps, this.options.workers);
    const results: ChunkResults = [];
    const template = { text: batch.template.text, path: batch.template.path };
    await this.pool.share({
      chunks: chunks.map(({ kpeps }) => ({ kpeps, root: batch.root, template })),
      fallback: ({ kpeps }) => checkKpepTexts({ ...batch, kpeps }),
      each: (checked, position) => {
        const { positions } = chunks[position] as Chunk;
        checked.forEach((result, offset) => {
          results[positions[offset] as number] = result;
        });
      },
      stopped: () => batch.token?.isCancellationRequested === true,
    });
    return results;
  };

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** A chunk of a batch's KPEPs, with the position of each in the batch. */
interface Chunk {
  readonly positions: number[];
  readonly kpeps: DocumentBatch['kpeps'][number][];
}

/**
 * KPEPs in chunks of similar length of text, the longest KPEPs first: the chunks a thread finishes
 * a run on are then the shortest, so the threads end together.
 */
function chunksOf(kpeps: DocumentBatch['kpeps'], threads: number): Chunk[] {
  const total = kpeps.reduce((sum, kpep) => sum + kpep.text.length, 0);
  const chunkChars = Math.min(CHUNK_CHARS, total / (threads * CHUNKS_PER_THREAD));
  const longestFirst = kpeps.map((_, position) => position).sort((a, b) => lengthAt(kpeps, b) - lengthAt(kpeps, a));
  const chunks: Chunk[] = [];
  let chunk: Chunk = { positions: [], kpeps: [] };
  let chars = 0;
  for (const position of longestFirst) {
    const kpep = kpeps[position] as DocumentBatch['kpeps'][number];
    chunk.positions.push(position);
    chunk.kpeps.push(kpep);
    chars += kpep.text.length;
    if (chars >= chunkChars) {
      chunks.push(chunk);
      chunk = { positions: [], kpeps: [] };
      chars = 0;
    }
  }
  if (chunk.kpeps.length > 0) {
    chunks.push(chunk);
  }
  return chunks;
}

function lengthAt(kpeps: DocumentBatch['kpeps'], position: number): number {
  return kpeps[position]?.text.length ?? 0;
}
