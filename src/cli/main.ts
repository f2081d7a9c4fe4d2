import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildResult, ManuscriptResult } from '../api/build.js';
import { UsageError } from '../core/clock.js';
import { formatMessage } from '../core/diagnostics.js';
import { TOOL_VERSION } from '../core/version.js';
import { removePendingTemps } from '../output/atomic.js';
import { FORMATS, type Format } from '../render/types.js';
import { HELP, COMMAND_HELP } from './help.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
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
    default:
      throw new UsageError(`unknown command "${command}"; commands: build`);
  }
}

async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    template: { type: 'string', short: 't' },
    quiet: { type: 'boolean', short: 'q' },
    debug: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(COMMAND_HELP.build!);
    return EXIT_OK;
  }
  const formats = parseFormats(values.format as string | undefined);
  const { build } = await import('../api/build.js');
  const stopOnSignal = installSignalCleanup();
  try {
    const result = await build({
      inputs: positionals,
      outDir: values.out as string | undefined,
      formats,
      template: values.template as string | undefined,
      cwd: io.cwd,
      onResult: (one) => reportResult(one, io, Boolean(values.quiet), Boolean(values.debug)),
    });
    reportSummary(result, io, Boolean(values.quiet));
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    stopOnSignal();
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parseCommandLine(args: string[], options: OptionSpec) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^Unknown option/, 'unknown option'));
  }
}

function parseFormats(value: string | undefined): Format[] {
  if (value === undefined) return [...FORMATS];
  const requested = value.split(',').map((format) => format.trim().toLowerCase()).filter(Boolean);
  const unknown = requested.filter((format) => !(FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0 || requested.length === 0) {
    throw new UsageError(`--format takes a comma-separated list of ${FORMATS.join(', ')}; got "${value}"`);
  }
  return FORMATS.filter((format) => requested.includes(format));
}

const printedTemplateMessages = new Set<string>();

function reportResult(result: ManuscriptResult, io: Io, quiet: boolean, debug: boolean): void {
  for (const message of result.messages) {
    const line = formatMessage(message, displayPath(message.file, io.cwd));
    // A broken template is reported once, however many manuscripts use it.
    if (message.ruleId?.startsWith('template') && message.file !== result.path) {
      if (printedTemplateMessages.has(line)) continue;
      printedTemplateMessages.add(line);
    }
    io.stderr(`${line}\n`);
  }
  if (debug && result.internalError?.stack) io.stderr(`${result.internalError.stack}\n`);
  if (!quiet && result.ok) {
    io.stdout(`built ${result.path} → ${result.outputs.map((output) => displayPath(output, io.cwd)).join(', ')}\n`);
  }
}

function reportSummary(result: BuildResult, io: Io, quiet: boolean): void {
  const failed = result.results.filter((one) => !one.ok);
  if (result.results.length === 0) {
    io.stderr('pressroom: no manuscripts (.md files) found\n');
    return;
  }
  if (failed.length > 0) {
    io.stderr(`${failed.length} of ${result.results.length} manuscript${result.results.length === 1 ? '' : 's'} failed: ${failed.map((one) => one.path).join(', ')}\n`);
  } else if (!quiet) {
    io.stdout(`${result.results.length} manuscript${result.results.length === 1 ? '' : 's'} built\n`);
  }
}

function displayPath(file: string | undefined, cwd: string): string {
  if (!file) return '';
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative.startsWith('..') ? path.resolve(cwd, file) : relative;
}

/** Ctrl-C or a kill mid-build removes our temporary files, so nothing partial is left behind. */
function installSignalCleanup(): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    removePendingTemps();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
