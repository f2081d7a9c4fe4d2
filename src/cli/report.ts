import type { BuildResult, ManuscriptResult } from '../api/build.js';
import { Report } from '../report/report.js';
import type { ReportSettings } from '../report/settings.js';
export { displayPath } from '../report/paths.js';

/** What the printer shows of one manuscript's result (a build's or a package's). */
export type PrintedResult = Pick<ManuscriptResult, 'path' | 'messages' | 'ok' | 'skipped' | 'outputs' | 'bags' | 'internalError' | 'draft'>;

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Whether stderr is a terminal (progress bars only go there). */
  interactive: boolean;
}

/** The report settings of plain text for people, the default. */
export function textReport(io: Io, quiet: boolean): ReportSettings {
  return { format: 'text', quiet, allWarnings: false, maxWarnings: undefined, cwd: io.cwd, stdout: io.stdout, stderr: io.stderr };
}

/**
 * Prints what happened to one manuscript: its messages, then what was written. With a run's
 * `report`, alike messages are grouped over the whole run; without one (watch, serve), each
 * manuscript is reported on its own, so a rebuild shows its messages again.
 */
export class ResultPrinter {
  constructor(
    private readonly io: Io,
    private readonly quiet: boolean,
    private readonly debug: boolean,
    private readonly report?: Report,
  ) {}

  print(result: PrintedResult): void {
    const report = this.report ?? new Report(textReport(this.io, this.quiet));
    report.messages(result.messages, result.path);
    if (this.debug && result.internalError?.stack) this.io.stderr(`${result.internalError.stack}\n`);
    if (!result.ok) return;
    report.outcome({ path: result.path, status: result.draft ? 'draft' : result.skipped ? 'unchanged' : 'built', outputs: result.outputs, bags: result.bags });
  }
}

/** Ends a build's report: the summary by kind and the counts; true when --max-warnings was passed. */
export function printSummary(result: BuildResult, io: Io, report: Report, seconds: number): boolean {
  const total = result.results.length;
  if (total === 0) {
    io.stderr('pressroom: no manuscripts (.md files) found\n');
  }
  const failed = result.results.filter((one) => !one.ok);
  const skipped = result.results.filter((one) => one.skipped && !one.draft).length;
  const drafts = result.results.filter((one) => one.draft).length;
  const built = total - failed.length - skipped - drafts;
  return report.finish({
    total,
    failed: failed.map((one) => one.path),
    counts: { built, unchanged: skipped, ...(drafts ? { drafts } : {}), failed: failed.length },
    seconds,
    noun: 'manuscript',
  });
}

/** The time of day, for the lines watching prints. */
export function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
