import path from 'node:path';
import { build } from '../api/build.js';
import { buildSources, editionInputs, outside, watchLoop } from '../api/watch.js';
import { COMMAND_HELP } from './help.js';
import { BUILD_OPTIONS, buildOptionsFrom, EXIT_OK, installSignalCleanup, outDirOf, parseCommandLine } from './options.js';
import { clock, ResultPrinter, type Io } from './report.js';
import { optimizeFromNowOn } from '../boot/tiering.js';

/**
 * `pressroom watch`: builds, then rebuilds whatever changes on save. The build cache decides what
 * is stale, so a saved manuscript rebuilds alone and a changed template rebuilds all that use it.
 * An edition's articles and pictures are followed wherever they are. Errors are printed and
 * watching goes on; Ctrl-C stops it.
 */
export async function watchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, BUILD_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.watch!);
    return EXIT_OK;
  }
  // A long-lived process: worth TurboFan's compiling.
  optimizeFromNowOn();
  const options = buildOptionsFrom(values, positionals, io);
  const outDir = outDirOf(options, io.cwd);
  const printer = new ResultPrinter(io, false, Boolean(values.debug));
  const sources = buildSources(options, io.cwd);

  const rebuild = async (force: boolean) => {
    const starts = new Map<string, number>();
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
  };
  const onError = (error: Error) => io.stderr(`${clock()} pressroom: ${error.message}\n`);

  await rebuild(Boolean(options.force)).catch(onError);
  watchLoop({
    triggers: [{ paths: sources, kind: 'build', accepts: outside(outDir) }],
    follow: { kind: 'build', files: () => editionInputs(options, io.cwd, sources) },
    run: () => rebuild(false),
    onError,
  });
  // Said once every watcher is in place: a change made as soon as this is read is seen.
  io.stdout(`${clock()} watching ${sources.map((source) => path.relative(io.cwd, source) || '.').join(', ')} (Ctrl-C to stop)\n`);
  // Runs until Ctrl-C or a termination signal, whose handler removes partial files and exits.
  installSignalCleanup(outDir);
  return new Promise<number>(() => {});
}
