import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BuildOptions } from '../api/build.js';
import { parseShard } from '../api/shard.js';
import { UsageError } from '../core/clock.js';
import { removeOwnTemps, removePendingTemps } from '../output/atomic.js';
import { FORMATS, type Format } from '../render/types.js';
import type { Io } from './report.js';

/**
 * What every command shares: exit codes, option parsing, the build options, and cleaning up on
 * Ctrl-C. main.ts dispatches to the commands; they and main.ts import this, never each other.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Options that build and watch share. */
export const BUILD_OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  template: { type: 'string', short: 't' },
  jobs: { type: 'string', short: 'j' },
  force: { type: 'boolean' },
  shard: { type: 'string' },
  archive: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
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
    formats: parseFormats(values.format as string | undefined),
    template: values.template as string | undefined,
    jobs: values.jobs === undefined ? undefined : parseJobs(values.jobs as string),
    force: Boolean(values.force),
    shard: values.shard === undefined ? undefined : parseShard(values.shard as string),
    archive: Boolean(values.archive),
    cwd: io.cwd,
  };
}

function parseFormats(value: string | undefined): Format[] {
  if (value === undefined) return [...FORMATS];
  const requested = value
    .split(',')
    .map((format) => format.trim().toLowerCase())
    .filter(Boolean);
  const unknown = requested.filter((format) => !(FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0 || requested.length === 0) {
    throw new UsageError(`--format takes a comma-separated list of ${FORMATS.join(', ')}; got "${value}"`);
  }
  return FORMATS.filter((format) => requested.includes(format));
}

function parseJobs(value: string): number {
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
