import type { CheckResult } from '../api/check.js';
import { Report } from '../report/report.js';
import { COMMAND_HELP } from './help.js';
import { EXIT_FAILED, EXIT_OK, parseCommandLine, parseJobs, parseReportFormat, REPORT_OPTIONS, reportSettingsFrom } from './options.js';
import type { Io } from './report.js';

const CHECK_OPTIONS = {
  format: { type: 'string', short: 'f' },
  template: { type: 'string', short: 't' },
  out: { type: 'string', short: 'o' },
  jobs: { type: 'string', short: 'j' },
  drafts: { type: 'boolean' },
  cache: { type: 'boolean' },
  ...REPORT_OPTIONS,
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `pressroom check [PATH...]`: reads and validates manuscripts and templates without rendering; exit codes as build's. */
export async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, CHECK_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.check!);
    return EXIT_OK;
  }
  const settings = reportSettingsFrom(parseReportFormat(values.format), values, io);
  const report = new Report(settings);
  const { check } = await import('../api/check.js');
  const started = Date.now();
  const run = await check({
    inputs: positionals,
    template: values.template,
    outDir: values.out,
    drafts: Boolean(values.drafts),
    cache: Boolean(values.cache),
    jobs: values.jobs === undefined ? undefined : parseJobs(values.jobs),
    cwd: io.cwd,
    onResult: (result: CheckResult) => {
      report.messages(result.messages, result.path);
      if (values.debug && result.internalError?.stack) io.stderr(`${result.internalError.stack}\n`);
      if (result.ok) report.outcome({ path: result.path, status: result.draft ? 'draft' : 'checked', outputs: [] });
    },
  });
  if (run.results.length === 0) io.stderr('pressroom: nothing to check (no .md manuscripts or template folders found)\n');
  const failed = run.results.filter((result) => !result.ok);
  const drafts = run.results.filter((result) => result.draft).length;
  const tooManyWarnings = report.finish({
    total: run.results.length,
    failed: failed.map((result) => result.path),
    counts: { checked: run.results.length - failed.length - drafts, ...(drafts ? { drafts } : {}), failed: failed.length },
    seconds: (Date.now() - started) / 1000,
    noun: 'input',
  });
  return run.ok && !tooManyWarnings ? EXIT_OK : EXIT_FAILED;
}
