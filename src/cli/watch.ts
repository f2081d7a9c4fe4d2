import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from '../api/build.js';
import { BUILTIN_TEMPLATES_DIR, isTemplatePath } from '../template/load.js';
import { COMMAND_HELP } from './help.js';
import { BUILD_OPTIONS, buildOptionsFrom, EXIT_OK, installSignalCleanup, parseCommandLine } from './options.js';
import { ResultPrinter, type Io } from './report.js';

const DEBOUNCE_MS = 150;

/**
 * `pressroom watch`: builds, then rebuilds whatever changes on save. The build cache decides what
 * is stale, so a saved manuscript rebuilds alone and a changed template rebuilds all that use it.
 * Errors are printed and watching goes on; Ctrl-C stops it.
 */
export async function watchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, BUILD_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.watch!);
    return EXIT_OK;
  }
  const options = buildOptionsFrom(values, positionals, io);
  const outDir = path.resolve(io.cwd, options.outDir ?? 'out');
  const printer = new ResultPrinter(io, false, Boolean(values.debug));
  const watched = watchedPaths(options, io.cwd);

  let running = false;
  let again = false;
  const rebuild = async (force: boolean) => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const starts = new Map<string, number>();
    try {
      await build({
        ...options,
        force,
        onStart: (manuscript) => starts.set(manuscript, Date.now()),
        onResult: (result) => {
          if (result.skipped) return;
          const took = Date.now() - (starts.get(result.path) ?? Date.now());
          io.stdout(`${clock()} ${result.ok ? 'rebuilt' : 'failed'} ${result.path} in ${took} ms\n`);
          printer.print({ ...result, outputs: result.ok ? result.outputs : [] });
        },
      });
    } catch (error) {
      io.stderr(`${clock()} pressroom: ${(error as Error).message}\n`);
    } finally {
      running = false;
      if (again) {
        again = false;
        void rebuild(false);
      }
    }
  };

  await rebuild(Boolean(options.force));
  io.stdout(`${clock()} watching ${watched.map((watchedPath) => path.relative(io.cwd, watchedPath) || '.').join(', ')} (Ctrl-C to stop)\n`);
  let timer: NodeJS.Timeout | undefined;
  for (const watchedPath of watched) {
    fs.watch(watchedPath, { recursive: fs.statSync(watchedPath).isDirectory() }, (_event, name) => {
      const changed = name ? path.resolve(watchedPath, name.toString()) : watchedPath;
      if (changed.startsWith(outDir + path.sep) || changed === outDir) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(false), DEBOUNCE_MS);
    });
  }
  // Runs until Ctrl-C or a termination signal, whose handler removes partial files and exits.
  installSignalCleanup(outDir);
  return new Promise<number>(() => {});
}

function watchedPaths(options: BuildOptions, cwd: string): string[] {
  const inputs = (options.inputs?.length ? options.inputs : ['manuscript']).map((input) => path.resolve(cwd, input));
  const templates = options.template && isTemplatePath(options.template) ? [path.resolve(cwd, options.template)] : [BUILTIN_TEMPLATES_DIR];
  return [...new Set([...inputs, ...templates])].filter((watchedPath) => fs.existsSync(watchedPath));
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
