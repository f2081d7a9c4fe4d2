import path from 'node:path';
import type { PackageResult, Serialization } from '../archive/package.js';
import { formatDiagnostic } from '../core/diagnostics.js';
import { removeOwnTemps, removePendingTemps } from '../output/atomic.js';
import { COMMAND_HELP } from './help.js';
import { EXIT_FAILED, EXIT_OK, parseCommandLine } from './main.js';
import { formatSeconds } from './progress.js';
import { displayPath, type Io } from './report.js';

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
  const debug = Boolean(values.debug);
  const outDir = path.resolve(io.cwd, values.out ?? 'out');
  const { packageManuscripts } = await import('../archive/package.js');
  const { abandonPendingBags } = await import('../archive/write.js');
  const onSignal = (signal: NodeJS.Signals) => {
    abandonPendingBags();
    removePendingTemps();
    removeOwnTemps(outDir);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = Date.now();
  try {
    const run = await packageManuscripts({
      inputs: positionals,
      outDir,
      template: values.template,
      serializations,
      cwd: io.cwd,
      onResult: (result) => printResult(result, io, quiet, debug),
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
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function printResult(result: PackageResult, io: Io, quiet: boolean, debug: boolean): void {
  const printed = new Set<string>();
  for (const message of result.messages) {
    const line = formatDiagnostic(message, displayPath(message.file, io.cwd));
    if (printed.has(line)) continue;
    printed.add(line);
    io.stderr(`${line}\n`);
  }
  if (debug && result.internalError?.stack) io.stderr(`${result.internalError.stack}\n`);
  if (quiet || !result.ok) return;
  const outputs = result.outputs.map((output) => displayPath(output, io.cwd) + (path.extname(output) ? '' : '/')).join(', ');
  io.stdout(`packaged ${result.path} → ${outputs}\n`);
}
