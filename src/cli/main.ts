import { UsageError } from '../core/clock.js';
import { TOOL_VERSION } from '../core/version.js';
import { COMMAND_HELP, HELP } from './help.js';
import { BUILD_OPTIONS, buildOptionsFrom, EXIT_FAILED, EXIT_OK, EXIT_USAGE, installSignalCleanup, outDirOf, parseCommandLine, parseFormats, reportSettingsFrom } from './options.js';
import { Progress } from './progress.js';
import { Report } from '../report/report.js';
import { printSummary, ResultPrinter, type Io } from './report.js';

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
  const stopOnSignal = installSignalCleanup(outDirOf(options, io.cwd));
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
    return result.ok && !tooManyWarnings ? EXIT_OK : EXIT_FAILED;
  } finally {
    stopOnSignal();
  }
}
