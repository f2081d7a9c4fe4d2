import { formatDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { Grouper, withoutQuotedValues, type GroupedLine, type Hidden } from './group.js';
import { displayPath } from './paths.js';
import type { Outcome, ReportSettings, RunEnd } from './settings.js';
import { count, plural, severityCounts, type Tally } from './tally.js';
import { formatSeconds } from './seconds.js';

/** Where each kind of line goes, and how a message is written: plain text and GitHub's annotations differ only there. */
export interface TextStyle {
  /** Messages, the "and N more" lines and the summary by kind. */
  problems: (text: string) => void;
  formatMessage: (diagnostic: Diagnostic, shownPath: string) => string;
}

/** Writes a run for people: messages as they come (alike ones grouped), then a summary by kind and the counts. */
export class TextSink {
  private readonly grouper: Grouper | undefined;
  private anyHidden = false;

  constructor(
    private readonly settings: ReportSettings,
    private readonly style: TextStyle,
  ) {
    this.grouper = settings.allWarnings ? undefined : new Grouper();
  }

  messages(messages: readonly Diagnostic[]): void {
    const lines: GroupedLine[] = this.grouper ? this.grouper.take(messages) : messages.map((diagnostic) => ({ diagnostic }));
    for (const line of lines) {
      if ('diagnostic' in line) {
        this.style.problems(`${this.style.formatMessage(line.diagnostic, this.path(line.diagnostic.file))}\n`);
      } else {
        this.anyHidden = true;
        this.style.problems(`  and ${count(line.hidden.count)} more like this (first at ${this.at(line.hidden.first)})\n`);
      }
    }
  }

  outcome(outcome: Outcome): void {
    // A clean input goes without saying, as linters do; the counts line says how many there were.
    if (outcome.status === 'checked') return;
    const shown = (paths: readonly string[]) => paths.map((output) => this.path(output) + (output.endsWith('-bag') ? '/' : '')).join(', ');
    const bags = outcome.bags ?? [];
    const lines =
      outcome.status === 'built'
        ? [...(outcome.outputs.length > 0 ? [`built ${outcome.path} → ${shown(outcome.outputs)}`] : []), ...(bags.length > 0 ? [`packaged ${outcome.path} → ${shown(bags)}`] : [])]
        : outcome.status === 'unchanged'
          ? [`unchanged ${outcome.path} (${shown([...outcome.outputs, ...bags])})`]
          : [`skipped ${outcome.path} (a draft; --drafts includes it)`];
    for (const line of lines) this.settings.stdout(`${line}\n`);
  }

  finish(tally: Tally, end: RunEnd, overLimit: boolean): void {
    for (const hidden of this.grouper?.rest() ?? []) this.sayLater(hidden);
    const quietlyLeftOut = this.settings.quiet && tally.bySeverity.warning + tally.bySeverity.info > 0;
    if (tally.total > 0 && (tally.byKind().length > 1 || this.anyHidden || quietlyLeftOut)) this.summaryByKind(tally);
    if (end.total === 0) return;
    const counts = Object.entries(end.counts)
      .map(([word, value]) => `${count(value)} ${word}`)
      .join(', ');
    const problems = severityCounts(tally);
    const line = `${counts} in ${formatSeconds(end.seconds)}${problems ? `; ${problems}` : ''}${quietlyLeftOut ? ' (warnings and notes not shown: --quiet)' : ''}`;
    if (end.failed.length > 0) {
      this.settings.stderr(`${end.failed.length} of ${plural(end.total, end.noun)} failed: ${end.failed.join(', ')}\n${line}\n`);
    } else if (!this.settings.quiet || tally.total > 0) {
      (overLimit ? this.settings.stderr : this.settings.stdout)(`${line}\n`);
    }
    if (overLimit) {
      this.settings.stderr(`pressroom: ${plural(tally.bySeverity.warning, 'warning')}, more than --max-warnings ${count(this.settings.maxWarnings!)} allows\n`);
    }
  }

  /** Alike messages of later inputs, whose first few were shown earlier: one line each, saying what they are. */
  private sayLater(hidden: Hidden): void {
    this.anyHidden = true;
    const what = hidden.first.severity === 'info' ? 'note' : hidden.first.severity;
    this.style.problems(`and ${count(hidden.count)} more ${what}${hidden.count === 1 ? '' : 's'} like this (first at ${this.at(hidden.first)}): ${hidden.first.reason}\n`);
  }

  private summaryByKind(tally: Tally): void {
    const kinds = tally.byKind();
    const width = Math.max(...kinds.map((kind) => count(kind.count).length));
    const ruleWidth = Math.max(...kinds.map((kind) => kind.ruleId.length));
    const lines = kinds.map((kind) => {
      const label = kind.severity === 'info' ? 'note' : kind.severity;
      return `  ${count(kind.count).padStart(width)} ${label.padEnd(7)} ${kind.ruleId.padEnd(ruleWidth)}  ${truncate(`${kind.varied ? 'e.g. ' : ''}${withoutQuotedValues(kind.example.reason, kind.ruleId)}`, 72)}`;
    });
    const more = this.anyHidden ? ' (--all-warnings shows every one)' : '';
    this.style.problems(`${severityCounts(tally)} by kind${more}:\n${lines.join('\n')}\n`);
  }

  private at(diagnostic: Diagnostic): string {
    return `${this.path(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`;
  }

  private path(file: string): string {
    return displayPath(file, this.settings.cwd);
  }
}

export function textStyle(settings: ReportSettings): TextStyle {
  return { problems: settings.stderr, formatMessage: (diagnostic, shownPath) => formatDiagnostic(diagnostic, shownPath) };
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
