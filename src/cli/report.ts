import path from 'node:path';
import type { BuildResult, ManuscriptResult } from '../api/build.js';

/** What the printer shows of one manuscript's result (a build's or a package's). */
export type PrintedResult = Pick<ManuscriptResult, 'path' | 'messages' | 'ok' | 'skipped' | 'outputs' | 'bags' | 'internalError'>;
import { formatDiagnostic } from '../core/diagnostics.js';
import { formatSeconds } from './progress.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Whether stderr is a terminal (progress bars only go there). */
  interactive: boolean;
}

/** Prints what happened to one manuscript: its messages on stderr, then what was written on stdout. */
export class ResultPrinter {
  /** A broken template is reported once, however many manuscripts use it. */
  private readonly printedTemplateLines = new Set<string>();

  constructor(
    private readonly io: Io,
    private readonly quiet: boolean,
    private readonly debug: boolean,
  ) {}

  print(result: PrintedResult): void {
    for (const message of result.messages) {
      const line = formatDiagnostic(message, displayPath(message.file, this.io.cwd));
      if (message.file !== result.path) {
        if (this.printedTemplateLines.has(line)) continue;
        this.printedTemplateLines.add(line);
      }
      this.io.stderr(`${line}\n`);
    }
    if (this.debug && result.internalError?.stack) this.io.stderr(`${result.internalError.stack}\n`);
    if (this.quiet || !result.ok) return;
    const shown = (paths: string[]) => paths.map((output) => displayPath(output, this.io.cwd) + (output.endsWith('-bag') ? '/' : '')).join(', ');
    if (result.skipped) this.io.stdout(`unchanged ${result.path} (${shown([...result.outputs, ...result.bags])})\n`);
    else {
      if (result.outputs.length > 0) this.io.stdout(`built ${result.path} → ${shown(result.outputs)}\n`);
      if (result.bags.length > 0) this.io.stdout(`packaged ${result.path} → ${shown(result.bags)}\n`);
    }
  }
}

export function printSummary(result: BuildResult, io: Io, quiet: boolean, seconds: number): void {
  const total = result.results.length;
  if (total === 0) {
    io.stderr('pressroom: no manuscripts (.md files) found\n');
    return;
  }
  const failed = result.results.filter((one) => !one.ok);
  const skipped = result.results.filter((one) => one.skipped).length;
  const built = total - failed.length - skipped;
  const counts = `${built} built, ${skipped} unchanged, ${failed.length} failed in ${formatSeconds(seconds)}`;
  if (failed.length > 0) {
    io.stderr(`${failed.length} of ${total} manuscript${total === 1 ? '' : 's'} failed: ${failed.map((one) => one.path).join(', ')}\n`);
    io.stderr(`${counts}\n`);
  } else if (!quiet) {
    io.stdout(`${counts}\n`);
  }
}

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative.startsWith('..') ? path.resolve(cwd, file) : relative;
}

/** The time of day, for the lines watching prints. */
export function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
