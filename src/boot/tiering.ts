/**
 * Which of V8's compilers a command-line run uses. V8 optimizes hot functions with TurboFan on
 * background threads; in a run that is over in half a second that compiling costs more than it saves.
 * Measured on 2 cores (CPU time, code cache trained for each setting): the sample article in both
 * formats 0.50 s with TurboFan, 0.39 s without; a 10,000-word manuscript 2.2 s against 1.2 s; 40,000
 * words 4.7 s against 3.6 s; at 100,000 words (1 MB of Markdown) the two are even, and beyond it, and
 * in long-lived processes, TurboFan wins. So the command line starts without it, and turns it on as
 * soon as it knows the run is large (`optimizeFor`), or will last (watch, serve). Programmatic use
 * (the package's entry point) leaves the host's V8 as it is.
 *
 * The setting is process-wide (worker threads share it) and is part of what V8 keys code caches by:
 * code-cache.ts keeps a cache for each setting (see `cacheTag` there).
 */
import fs from 'node:fs';
import v8 from 'node:v8';

/** Runs that build or check more Markdown than this are long enough for TurboFan to pay for itself. */
export const OPTIMIZE_FROM_BYTES = 512 * 1024;

/** A compiler flag given to Node by the user, which this module then leaves alone. */
const USER_FLAG = /^--(no-?)?(opt|turbofan|max-opt|interrupt-budget|turbo-inlining)(=|$)/;

let unoptimized = false;

function userChoseTiering(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((argument) => USER_FLAG.test(argument));
}

/** The command line's start: TurboFan off until `optimizeFor` or `optimizeFromNowOn` turns it on. */
export function startUnoptimized(): void {
  if (unoptimized || userChoseTiering()) return;
  v8.setFlagsFromString('--no-opt');
  unoptimized = true;
}

/** TurboFan on again, for the rest of the process (a long run, or a long-lived one). */
export function optimizeFromNowOn(): void {
  if (!unoptimized) return;
  v8.setFlagsFromString('--opt');
  unoptimized = false;
}

/** TurboFan on when the manuscripts about to be read weigh more than OPTIMIZE_FROM_BYTES together. */
export function optimizeFor(files: readonly string[]): void {
  if (unoptimized && weighMoreThan(files, OPTIMIZE_FROM_BYTES)) optimizeFromNowOn();
}

/**
 * `optimizeFor` for a run that only parses, many short manuscripts on worker threads as many as the
 * cores (`check`). Each worker's V8 compiles the same parser (micromark) again, and that compiling took
 * about as much CPU as the parsing and competed with it for the cores. So TurboFan compiles only the
 * hottest functions (V8's interrupt budget, the bytecode a function runs between tiering decisions,
 * 800 KB instead of 66 KB), and inlines nothing. Measured on 2 cores, 200 READMEs (1.5 MB of Markdown),
 * check with 2 workers, medians of 5: 5.0 s CPU, 2.3 s of it on V8's background threads, in 2.7 s ->
 * 3.6 s, 0.7 s, in 2.0 s; 476 READMEs (4.4 MB) 4.4 -> 3.7 s; one manuscript of 0.9 MB 1.4 -> 1.3 s.
 * (The collector's helper threads take most of what is left in the background; V8 cannot be told to
 * work without them once it runs: `--single-threaded-gc` set here crashed it.) These flags have no
 * trained code cache: the workers compile their chunks as they load them, about 0.03 s.
 */
export function optimizeForParsing(files: readonly string[]): void {
  if (!unoptimized || !weighMoreThan(files, OPTIMIZE_FROM_BYTES)) return;
  // Set while TurboFan is still off, so that no compile job is under way as they change.
  v8.setFlagsFromString('--interrupt-budget=800000');
  v8.setFlagsFromString('--no-turbo-inlining');
  optimizeFromNowOn();
}

function weighMoreThan(files: readonly string[], limit: number): boolean {
  let bytes = 0;
  for (const file of files) {
    bytes += fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (bytes > limit) return true;
  }
  return false;
}
