import type { Diagnostic } from '../core/diagnostics.js';
import { githubStyle } from './github.js';
import { JsonSink } from './json.js';
import { SarifSink } from './sarif.js';
import type { Outcome, ReportSettings, RunEnd } from './settings.js';
import { Tally } from './tally.js';
import { TextSink, textStyle } from './text.js';

interface Sink {
  messages(messages: readonly Diagnostic[]): void;
  outcome(outcome: Outcome): void;
  finish(tally: Tally, end: RunEnd, overLimit: boolean): void;
}

/**
 * A run's report, whatever its format: counts every message, leaves out what --quiet hides, says a
 * template's messages once however many manuscripts share it, and judges --max-warnings.
 */
export class Report {
  readonly tally = new Tally();
  private readonly sink: Sink;
  private readonly seenElsewhere = new Set<string>();

  constructor(private readonly settings: ReportSettings) {
    this.sink =
      settings.format === 'json'
        ? new JsonSink(settings)
        : settings.format === 'sarif'
          ? new SarifSink(settings)
          : new TextSink(settings, settings.format === 'github' ? githubStyle(settings) : textStyle(settings));
  }

  /** One input's messages, in order; `ownFile` is the input's path, messages about other files are reported once. */
  messages(messages: readonly Diagnostic[], ownFile?: string): void {
    const fresh = messages.filter((message) => {
      if (ownFile === undefined || message.file === ownFile) return true;
      const key = JSON.stringify(message);
      if (this.seenElsewhere.has(key)) return false;
      this.seenElsewhere.add(key);
      return true;
    });
    for (const message of fresh) this.tally.count(message);
    const shown = this.settings.quiet ? fresh.filter((message) => message.severity === 'error') : fresh;
    if (shown.length > 0) this.sink.messages(shown);
  }

  outcome(outcome: Outcome): void {
    if (!this.settings.quiet) this.sink.outcome(outcome);
  }

  /** Writes the summary; true when the run has more warnings than --max-warnings allows. */
  finish(end: RunEnd): boolean {
    const overLimit = this.settings.maxWarnings !== undefined && this.tally.bySeverity.warning > this.settings.maxWarnings;
    this.sink.finish(this.tally, end, overLimit);
    return overLimit;
  }
}
