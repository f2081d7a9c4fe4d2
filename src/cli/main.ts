import { parseArgs } from 'node:util';
import type { BuildOptions } from '../api/build.js';
import { parseShard } from '../api/shard.js';
import { UsageError } from '../core/clock.js';
import { TOOL_VERSION } from '../core/version.js';
import path from 'node:path';
import { removeOwnTemps, removePendingTemps } from '../output/atomic.js';
import { FORMATS, type Format } from '../render/types.js';
import { Report } from '../report/report.js';
import { REPORT_FORMATS, type ReportFormat, type ReportSettings } from '../report/settings.js';
import { COMMAND_HELP, HELP } from './help.js';
import { Progress } from './progress.js';
import { printSummary, ResultPrinter, type Io } from './report.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  interactive: Boolean(process.stderr.isTTY),
};

/** Runs one command line; returns the exit code. Never throws for user mistakes. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pressroom: ${error.message}\nRun \`pressroom --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(`pressroom: internal error: ${detail}\n${debug ? '' : 'Run again with --debug for the stack trace, and report it.\n'}`);
    return EXIT_FAILED;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : HELP);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`pressroom ${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  switch (command) {
    case 'build':
      return buildCommand(rest, io);
    case 'check':
      return (await import('./check.js')).checkCommand(rest, io);
    case 'new':
      return (await import('./new.js')).newCommand(rest, io);
    case 'watch':
      return (await import('./watch.js')).watchCommand(rest, io);
    case 'package': return (await import('./package.js')).packageCommand(rest, io);
    case 'verify': return (await import('./verify.js')).verifyCommand(rest, io);
    case 'serve': return (await import('./serve.js')).serveCommand(rest, io);
    default:
      throw new UsageError(`unknown command "${command}"; commands: build, check, new, watch, package, verify, serve`);
  }
}

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

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function parseCommandLine<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^Unknown option/, 'unknown option'));
  }
}

/** Turns parsed command-line values into build options (shared with watch). */
export function buildOptionsFrom(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): BuildOptions {
  return {
    inputs: positionals,
    outDir: values.out as string | undefined,
    formats: parseFormats(values.format as string | undefined).outputs,
    template: values.template as string | undefined,
    jobs: values.jobs === undefined ? undefined : parseJobs(values.jobs as string),
    force: Boolean(values.force),
    shard: values.shard === undefined ? undefined : parseShard(values.shard as string),
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

async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, BUILD_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.build!);
    return EXIT_OK;
  }
  const options = buildOptionsFrom(values, positionals, io);
  const settings = reportSettingsFrom(parseFormats(values.format).report, values, io);
  const { build } = await import('../api/build.js');
  const report = new Report(settings);
  const printer = new ResultPrinter(io, settings.quiet, Boolean(values.debug), report);
  let progress: Progress | undefined;
  const started = Date.now();
  const stopOnSignal = installSignalCleanup(path.resolve(io.cwd, options.outDir ?? 'out'));
  try {
    const result = await build({
      ...options,
      onStart: (manuscript, _index, total) => {
        progress ??= new Progress(total, io.stderr, io.interactive);
        progress.start(manuscript);
      },
      onResult: (one, _index, total) => {
        progress ??= new Progress(total, io.stderr, io.interactive);
        progress.around(() => printer.print(one));
        if (!one.skipped) progress.finish();
      },
    });
    progress?.clear();
    const tooManyWarnings = printSummary(result, io, report, (Date.now() - started) / 1000);
    const built = result.ok && !tooManyWarnings ? EXIT_OK : EXIT_FAILED;
    if (!values.archive) return built;
    // The archival bags are `pressroom package` over the same manuscripts, into the same folder.
    const { packageCommand } = await import('./package.js');
    // A JSON or SARIF report owns stdout: the packaging's own lines stay out of it.
    const packagingQuiet = settings.quiet || settings.format === 'json' || settings.format === 'sarif';
    const packaged = await packageCommand([...positionals, '--out', options.outDir ?? 'out', ...(packagingQuiet ? ['--quiet'] : [])], io);
    return Math.max(built, packaged);
  } finally {
    stopOnSignal();
  }
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

/** Ctrl-C or a termination mid-build removes our temporary files, so nothing partial is left behind. */
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
