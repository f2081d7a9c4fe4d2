import { formatSeconds } from '../report/seconds.js';
/**
 * Shows a batch's progress: on a terminal, one redrawn line with a bar, counts, the current
 * article and an ETA (only once the run has taken over a second); elsewhere nothing, since the
 * per-article lines already say what happened.
 */
export class Progress {
  private readonly started: number;
  private done = 0;
  private current = '';
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly interactive: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  start(manuscript: string): void {
    this.current = manuscript;
    this.draw();
  }

  finish(): void {
    this.done++;
    this.draw();
  }

  /** Clears the bar so that a message line can be printed cleanly, then redraws it. */
  around(print: () => void): void {
    this.clear();
    print();
    this.draw();
  }

  clear(): void {
    if (this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const elapsed = this.now() - this.started;
    if (!this.interactive || elapsed < 1000 || this.done >= this.total) {
      if (this.done >= this.total) this.clear();
      return;
    }
    const width = 24;
    const filled = Math.round((this.done / this.total) * width);
    const remaining = this.done > 0 ? ((elapsed / this.done) * (this.total - this.done)) / 1000 : undefined;
    const eta = remaining === undefined ? '' : ` ETA ${formatSeconds(remaining)}`;
    this.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${this.current}${eta}`);
    this.drawn = true;
  }
}
