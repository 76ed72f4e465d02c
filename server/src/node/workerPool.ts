/**
 * Worker threads that run the bundle they were started from (dist/cli.js for `kpep lint`,
 * dist/server.js for the workspace index), so the package ships no extra file. `workerData` names
 * the job a thread was started for; each thread takes one chunk at a time, and the chunk of a
 * thread that fails is done on the calling thread instead.
 */
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';

export interface WorkerPoolOptions {
  /** The script each thread runs: a bundle that serves the job when `isWorkerFor(job)`. */
  readonly script: string;
  /** What the threads are for, as the script tells it apart from its other uses. */
  readonly job: string;
  readonly workers: number;
  /** Called once per thread that fails; its chunks are then done on the calling thread. */
  readonly onWorkerFailure: (error: Error) => void;
  /** Each thread's heap limits, where its garbage differs from Node's defaults' assumptions. */
  readonly resourceLimits?: ResourceLimits;
}

export function isWorkerFor(job: string): boolean {
  return !isMainThread && workerData === job;
}

/** The worker thread's side: answers each request it is sent. */
export function serveWorkerRequests<Request, Result>(answer: (request: Request) => Result | Promise<Result>): void {
  parentPort?.on('message', async (request: Request) => {
    parentPort?.postMessage(await answer(request));
  });
}

/** Threads started on the first chunks shared and kept for the next `share`; `close()` ends them. */
export class WorkerPool<Request, Result> {
  private readonly threads: WorkerThread<Request, Result>[] = [];
  private closed = false;
  private cannotStart = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /**
   * Shares the chunks out to whichever thread is free, up to `workers` threads; a chunk whose thread
   * failed is done by `fallback` here. `each` gets every result with the chunk's position, as it comes.
   */
  async share(options: {
    chunks: readonly Request[];
    fallback: (chunk: Request) => Result | Promise<Result>;
    each: (result: Result, position: number) => void;
    stopped?: () => boolean;
  }): Promise<void> {
    const { chunks } = options;
    let next = 0;
    // Without a thread (none could start), the calling thread does every chunk.
    const run = async (thread: WorkerThread<Request, Result> | undefined): Promise<void> => {
      for (let position = next++; position < chunks.length && !this.closed && !options.stopped?.(); position = next++) {
        const chunk = chunks[position] as Request;
        options.each(await (thread ? thread.request(chunk).catch(() => options.fallback(chunk)) : options.fallback(chunk)), position);
      }
    };
    const threads = this.started(Math.min(this.options.workers, chunks.length));
    await Promise.all(threads.length > 0 ? threads.map(run) : [run(undefined)]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.close()));
  }

  private started(count: number): WorkerThread<Request, Result>[] {
    while (this.threads.length < count && !this.cannotStart) {
      try {
        this.threads.push(new WorkerThread(this.options));
      } catch (error) {
        // Node refuses some threads at once (ERR_WORKER_INIT_FAILED, a bad script path): no more are tried.
        this.cannotStart = true;
        this.options.onWorkerFailure(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.threads.slice(0, count);
  }
}

/** One worker thread with at most one request in flight. */
class WorkerThread<Request, Result> {
  private readonly worker: Worker;
  private pending: { resolve: (result: Result) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(options: WorkerPoolOptions) {
    this.worker = new Worker(options.script, { workerData: options.job, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
    this.worker.on('message', (result: Result) => {
      this.settle()?.resolve(result);
    });
    const fail = (error: Error): void => {
      // After close() the thread is ended on purpose; a second event repeats the first.
      if (this.closed || this.failure) {
        return;
      }
      this.failure = error;
      options.onWorkerFailure(error);
      this.settle()?.reject(error);
    };
    this.worker.on('error', fail);
    this.worker.on('messageerror', fail);
    this.worker.on('exit', (code) => fail(new Error(`the thread exited with code ${code}`)));
  }

  request(request: Request): Promise<Result> {
    const { failure } = this;
    if (failure) {
      return Promise.reject(failure);
    }
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }

  private settle(): WorkerThread<Request, Result>['pending'] {
    const { pending } = this;
    this.pending = undefined;
    return pending;
  }
}
