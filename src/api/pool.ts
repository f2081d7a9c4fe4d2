import type { Worker } from 'node:worker_threads';
import type { ReadStage } from './inlining.js';
import type { Job, JobSettings, ManuscriptResult } from './job.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

interface Pending {
  id: number;
  job: Job;
  resolve: (result: ManuscriptResult) => void;
  onStage: ((stage: ReadStage) => void) | undefined;
}

/**
 * A fixed set of worker threads taking jobs from one queue. A worker that dies (a crash, running
 * out of memory) fails only the job it held, and is replaced.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers stopped on purpose (see stopIdle), whose exit is not a crash. */
  private readonly stopped = new WeakSet<Worker>();

  constructor(
    private readonly settings: JobSettings,
    private readonly size: number,
    private readonly limits: { youngGenerationMb?: number } = {},
  ) {
    for (let index = 0; index < size; index++) this.idle.push(this.spawn());
  }

  /**
   * Stops the workers that have nothing to do, giving their memory back (the part of a long manuscript
   * that finished first, while the other still builds). A job queued later starts a new worker.
   */
  async stopIdle(): Promise<void> {
    if (this.queue.length > 0) return;
    const idle = this.idle.splice(0);
    for (const worker of idle) this.stopped.add(worker);
    await Promise.all(idle.map((worker) => worker.terminate()));
  }

  /** Queues a job; `onStage` hears the stages of reading a shared half (see JobRunner.run). */
  run(job: Job, onStage?: (stage: ReadStage) => void): Promise<ManuscriptResult> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve, onStage });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.busy.keys()].map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const resourceLimits = this.limits.youngGenerationMb ? { maxYoungGenerationSizeMb: this.limits.youngGenerationMb } : undefined;
    // worker_threads is loaded when a pool starts: a build of one article in this thread never needs it.
    const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
    const worker = new WorkerThread(WORKER_URL, { workerData: this.settings, resourceLimits });
    worker.on('message', (message: { id: number; result: ManuscriptResult } | { id: number; stage: ReadStage }) => {
      if ('stage' in message) {
        this.busy.get(worker)?.onStage?.(message.stage);
        return;
      }
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      pending?.resolve(message.result);
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0 && !this.stopped.has(worker)) this.replace(worker, new Error(`build worker stopped with exit code ${code}`));
    });
    return worker;
  }

  private replace(worker: Worker, error: Error): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    const idleIndex = this.idle.indexOf(worker);
    if (idleIndex !== -1) this.idle.splice(idleIndex, 1);
    if (this.closed) return;
    void worker.terminate();
    if (pending) pending.resolve(crashResult(pending.job, error));
    this.idle.push(this.spawn());
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length + this.busy.size < Math.min(this.size, this.busy.size + this.queue.length)) this.idle.push(this.spawn());
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.postMessage({ id: pending.id, job: pending.job }, pending.job.readShare ? [pending.job.readShare.port] : []);
    }
  }
}

function crashResult(job: Job, error: Error): ManuscriptResult {
  return {
    path: job.displayPath,
    slug: undefined,
    outputs: [],
    bags: [],
    ok: false,
    skipped: false,
    messages: [
      {
        file: job.displayPath,
        line: 1,
        column: 1,
        severity: 'error',
        reason: `the build of this manuscript crashed (${error.message}); it may be too large for the memory available. Run with --jobs 1 --debug for details`,
        ruleId: 'internal',
      },
    ],
    internalError: { message: error.message, stack: error.stack },
  };
}
