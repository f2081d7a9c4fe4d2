import type { Diagnostic, Severity } from '../core/diagnostics.js';
import { messageShape, ruleOf } from './group.js';

/** How many messages of one kind (severity and rule) a run had, with the first as an example. */
export interface Kind {
  severity: Severity;
  ruleId: string;
  count: number;
  example: Diagnostic;
  /** Whether its messages say different things (the width and the target attribute removed), not only about different things. */
  varied: boolean;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Counts a run's messages by severity and by kind, whether or not they were shown. */
export class Tally {
  readonly bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private readonly kinds = new Map<string, Kind>();

  count(diagnostic: Diagnostic): void {
    this.bySeverity[diagnostic.severity]++;
    const ruleId = ruleOf(diagnostic);
    const key = `${diagnostic.severity} ${ruleId}`;
    const kind = this.kinds.get(key);
    if (kind) {
      kind.count++;
      if (!kind.varied && messageShape(diagnostic.reason, diagnostic.ruleId) !== messageShape(kind.example.reason, kind.ruleId)) kind.varied = true;
    } else {
      this.kinds.set(key, { severity: diagnostic.severity, ruleId, count: 1, example: diagnostic, varied: false });
    }
  }

  get total(): number {
    return this.bySeverity.error + this.bySeverity.warning + this.bySeverity.info;
  }

  /** Errors first, then warnings, then notes; the commonest kind first within each. */
  byKind(): Kind[] {
    return [...this.kinds.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
  }
}

/** 3,020 rather than 3020: counts are read at a glance. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? '' : 's'}`;
}

/** `2 errors, 1,934 warnings, 3 notes`, leaving out the severities that did not occur. */
export function severityCounts(tally: Tally): string {
  return [
    tally.bySeverity.error ? plural(tally.bySeverity.error, 'error') : '',
    tally.bySeverity.warning ? plural(tally.bySeverity.warning, 'warning') : '',
    tally.bySeverity.info ? plural(tally.bySeverity.info, 'note') : '',
  ]
    .filter(Boolean)
    .join(', ');
}
