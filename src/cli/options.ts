import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildOptions } from '../api/build.js';
import { parseShard } from '../api/shard.js';
import { UsageError } from '../core/clock.js';
import { removeOwnTemps, removePendingTemps } from '../output/atomic.js';
import { FORMATS, type Format } from '../render/types.js';
import { REPORT_FORMATS, type ReportFormat, type ReportSettings } from '../report/settings.js';
import type { Io } from './report.js';

/**
 * What every command shares: exit codes, option parsing, the build options, and cleaning up on
 * Ctrl-C. main.ts dispatches to the commands; they and main.ts import this, never each other.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The options of a run's report, which build and check share. */
export const REPORT_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
  'all-warnings': { type: 'boolean' },
  'max-warnings': { type: 'string' },
} as const;

/** Options that build and watch share. */
export const BUILD_OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  template: { type: 'string', short: 't' },
  jobs: { type: 'string', short: 'j' },
  force: { type: 'boolean' },
  shard: { type: 'string' },
  archive: { type: 'boolean' },
  drafts: { type: 'boolean' },
  ...REPORT_OPTIONS,
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export function parseCommandLine<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^Unknown option/, 'unknown option'));
  }
}

/** Turns parsed command-line values into build options (shared by build, watch and serve --watch). */
export function buildOptionsFrom(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): BuildOptions {
  return {
    inputs: positionals,
    outDir: values.out as string | undefined,
    formats: parseFormats(values.format as string | undefined).outputs,
    template: values.template as string | undefined,
    jobs: values.jobs === undefined ? undefined : parseJobs(values.jobs as string),
    force: Boolean(values.force),
    shard: values.shard === undefined ? undefined : parseShard(values.shard as string),
    archive: Boolean(values.archive),
    drafts: Boolean(values.drafts),
    cwd: io.cwd,
  };
}

/** How a run reports: --format's report format (text by default), --quiet, --all-warnings, --max-warnings. */
export function reportSettingsFrom(format: ReportFormat, values: Record<string, string | boolean | undefined>, io: Io): ReportSettings {
  return {
    format,
    quiet: Boolean(values.quiet),
    allWarnings: Boolean(values['all-warnings']),
    maxWarnings: values['max-warnings'] === undefined ? undefined : parseMaxWarnings(values['max-warnings'] as string),
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
  };
}

/**
 * --format names what to build (epub, pdf) and how to report (text, json, github, sarif), in one
 * comma-separated list, since the two sets of names do not overlap: `--format pdf,github`. Without
 * an output format every one is built; without a report format, text is written.
 */
export function parseFormats(value: string | undefined): { outputs: Format[]; report: ReportFormat } {
  if (value === undefined) return { outputs: [...FORMATS], report: 'text' };
  const requested = value
    .split(',')
    .map((format) => format.trim().toLowerCase())
    .filter(Boolean);
  const isOutput = (format: string): format is Format => (FORMATS as readonly string[]).includes(format);
  const isReport = (format: string): format is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(format);
  const unknown = requested.filter((format) => !isOutput(format) && !isReport(format));
  if (unknown.length > 0 || requested.length === 0) {
    throw new UsageError(`--format takes a comma-separated list of ${FORMATS.join(', ')} (what to build) and one of ${REPORT_FORMATS.join(', ')} (how to report); got "${value}"`);
  }
  const reports = [...new Set(requested.filter(isReport))];
  if (reports.length > 1) throw new UsageError(`--format takes one report format; got ${reports.join(' and ')}`);
  const outputs = FORMATS.filter((format) => requested.includes(format));
  return { outputs: outputs.length > 0 ? outputs : [...FORMATS], report: reports[0] ?? 'text' };
}

/** --format for check, which builds nothing: a report format alone. */
export function parseReportFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'text';
  const format = value.trim().toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  throw new UsageError(`--format takes one of ${REPORT_FORMATS.join(', ')}; got "${value}"`);
}

function parseMaxWarnings(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit)) throw new UsageError(`--max-warnings takes a whole number of warnings (0 or more); got "${value}"`);
  return limit;
}

export function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs takes a whole number from 1 to 256; got "${value}"`);
  return jobs;
}

/**
 * Ctrl-C or a termination mid-build removes our temporary files (and half-written bags, putting
 * back an old bag moved aside), so nothing partial is left behind. Returns how to stop listening.
 */
export function installSignalCleanup(outDir: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    removePendingTemps();
    removeOwnTemps(outDir);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** The output folder a command writes to, absolute. */
export function outDirOf(options: BuildOptions, cwd: string): string {
  return path.resolve(cwd, options.outDir ?? 'out');
}
