import type { Diagnostic } from '../core/diagnostics.js';
import { displayPath } from './paths.js';
import type { Outcome, ReportSettings, RunEnd } from './settings.js';
import { ruleOf } from './group.js';
import type { Tally } from './tally.js';

/**
 * JSON Lines on stdout, one object per line, for editors and scripts: every message (`"type":
 * "diagnostic"`), every input that went well (`"type": "manuscript"`), then one `"type": "summary"`.
 * Nothing is grouped: a program wants them all.
 */
export class JsonSink {
  constructor(private readonly settings: ReportSettings) {}

  messages(messages: readonly Diagnostic[]): void {
    for (const diagnostic of messages) {
      this.write({
        type: 'diagnostic',
        file: displayPath(diagnostic.file, this.settings.cwd),
        line: diagnostic.line,
        column: diagnostic.column,
        severity: diagnostic.severity,
        ruleId: ruleOf(diagnostic),
        message: diagnostic.reason,
      });
    }
  }

  outcome(outcome: Outcome): void {
    const bags = outcome.bags && outcome.bags.length > 0 ? { bags: outcome.bags.map((bag) => displayPath(bag, this.settings.cwd)) } : {};
    this.write({ type: 'manuscript', path: outcome.path, status: outcome.status, outputs: outcome.outputs.map((output) => displayPath(output, this.settings.cwd)), ...bags });
  }

  finish(tally: Tally, end: RunEnd, overLimit: boolean): void {
    this.write({
      type: 'summary',
      ok: end.failed.length === 0 && !overLimit,
      ...end.counts,
      failedPaths: end.failed,
      errors: tally.bySeverity.error,
      warnings: tally.bySeverity.warning,
      notes: tally.bySeverity.info,
      ...(this.settings.maxWarnings === undefined ? {} : { maxWarnings: this.settings.maxWarnings, maxWarningsExceeded: overLimit }),
      byKind: tally.byKind().map((kind) => ({ severity: kind.severity, ruleId: kind.ruleId, count: kind.count })),
    });
  }

  private write(record: object): void {
    this.settings.stdout(`${JSON.stringify(record)}\n`);
  }
}
