import type { Worker } from 'node:worker_threads';
import type { CheckResult, CheckSettings } from './check.js';
import type { PlannedManuscript } from './plan.js';

const WORKER_URL = new URL('./check-worker.js', import.meta.url);

interface Pending {
  entry: PlannedManuscript;
  resolve: (result: CheckResult) => void;
}

/**
 * Worker threads that check manuscripts from one queue, one at a time each, so that a long
 * manuscript does not hold up the rest. A worker that dies fails the manuscript it held.
 */
export class CheckPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(
    private readonly settings: CheckSettings,
    size: number,
  ) {
    for (let index = 0; index < size; index++) this.idle.push(this.spawn());
  }

  run(entry: PlannedManuscript): Promise<CheckResult> {
    return new Promise((resolve) => {
      this.queue.push({ entry, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.busy.keys()].map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
    const worker = new WorkerThread(WORKER_URL, { workerData: this.settings });
    worker.on('message', (result: CheckResult) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      pending?.resolve(result);
      this.dispatch();
    });
    const fail = (error: Error) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      if (this.closed) return;
      pending?.resolve({
        kind: 'manuscript',
        path: pending.entry.displayPath,
        messages: [
          { file: pending.entry.displayPath, line: 1, column: 1, severity: 'error', reason: `checking this manuscript crashed (${error.message}); run with --debug for details`, ruleId: 'internal' },
        ],
        ok: false,
        internalError: { message: error.message, stack: error.stack },
      });
      this.idle.push(this.spawn());
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(new Error(`check worker stopped with exit code ${code}`));
    });
    return worker;
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.postMessage(pending.entry);
    }
  }
}
