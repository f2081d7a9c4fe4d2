import path from 'node:path';
import type { Serialization } from '../archive/bag.js';
import { COMMAND_HELP } from './help.js';
import { EXIT_FAILED, EXIT_OK, installSignalCleanup, parseCommandLine } from './options.js';
import { formatSeconds } from '../report/seconds.js';
import { ResultPrinter, type Io } from './report.js';

const PACKAGE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  template: { type: 'string', short: 't' },
  zip: { type: 'boolean' },
  tar: { type: 'boolean' },
  folder: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `pressroom package [PATH...]`: each manuscript becomes a BagIt bag `<out>/<slug>-bag/` holding
 * its EPUB, archival PDF, source, pictures and metadata; `--zip`/`--tar` write it as one file.
 */
export async function packageCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, PACKAGE_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.package!);
    return EXIT_OK;
  }
  const serializations: Serialization[] = [];
  if (values.folder || (!values.zip && !values.tar)) serializations.push('folder');
  if (values.zip) serializations.push('zip');
  if (values.tar) serializations.push('tar');
  const quiet = Boolean(values.quiet);
  const outDir = path.resolve(io.cwd, values.out ?? 'out');
  const { packageManuscripts } = await import('../api/package.js');
  const printer = new ResultPrinter(io, quiet, Boolean(values.debug));
  const stopOnSignal = installSignalCleanup(outDir);
  const started = Date.now();
  try {
    const run = await packageManuscripts({
      inputs: positionals,
      outDir,
      template: values.template,
      serializations,
      cwd: io.cwd,
      onResult: (result) => printer.print({ ...result, outputs: [], bags: result.outputs, skipped: false }),
    });
    const total = run.results.length;
    if (total === 0) {
      io.stderr('pressroom: no manuscripts (.md files) found\n');
      return EXIT_OK;
    }
    const failed = run.results.filter((result) => !result.ok);
    const counts = `${total - failed.length} packaged, ${failed.length} failed in ${formatSeconds((Date.now() - started) / 1000)}`;
    if (failed.length > 0) {
      io.stderr(`${failed.length} of ${total} manuscript${total === 1 ? '' : 's'} failed: ${failed.map((one) => one.path).join(', ')}\n${counts}\n`);
    } else if (!quiet) {
      io.stdout(`${counts}\n`);
    }
    return run.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    stopOnSignal();
  }
}
