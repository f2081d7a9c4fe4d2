import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/clock.js';
import { COMMAND_HELP } from './help.js';
import { EXIT_FAILED, EXIT_OK, parseCommandLine } from './options.js';
import type { Io } from './report.js';

const VERIFY_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `pressroom verify BAG...`: checks each bag (a folder, .zip, .tar or .tar.gz) against RFC 8493.
 * Every problem is one line on stderr, `BAG/path: what is wrong`; a valid bag says so on stdout.
 */
export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, VERIFY_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.verify!);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('verify needs at least one bag: pressroom verify out/<slug>-bag');
  for (const bag of positionals) {
    if (!fs.existsSync(path.resolve(io.cwd, bag))) throw new UsageError(`${bag}: no such file or folder`);
  }
  const { formatProblem, verifyBag } = await import('../archive/verify.js');
  let allValid = true;
  for (const bag of positionals) {
    const report = await verifyBag(path.resolve(io.cwd, bag), bag);
    if (report.problems.length > 0) {
      allValid = false;
      for (const problem of report.problems) io.stderr(`${formatProblem(bag, problem)}\n`);
      io.stderr(`${bag}: invalid bag (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})\n`);
    } else if (!values.quiet) {
      const octets = report.payloadOctets;
      io.stdout(
        `${bag}: valid bag (BagIt ${report.version}; ${report.payloadFiles} payload file${report.payloadFiles === 1 ? '' : 's'}, ${octets} octet${octets === 1 ? '' : 's'}; checked ${report.algorithms.join(', ')})\n`,
      );
    }
  }
  return allValid ? EXIT_OK : EXIT_FAILED;
}
