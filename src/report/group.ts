import type { Diagnostic } from '../core/diagnostics.js';

/** Every message has a rule; the few older ones without get a name that says so. */
export function ruleOf(diagnostic: Diagnostic): string {
  return diagnostic.ruleId ?? 'general';
}

/** How many messages of one shape are shown before the rest are counted instead. */
export const SHOWN_PER_GROUP = 3;

/**
 * What a message says once its particulars are taken out: numbers, quoted values (addresses,
 * paths, ids), and addresses and #anchors written without quotes. Messages with the same rule,
 * severity and shape are "alike" (the same removed attribute, a remote picture), and are grouped.
 * Front matter messages keep their quoted field names: "date" read as "published" and "author"
 * read as "reporter" are different news.
 */
export function messageShape(reason: string, ruleId?: string): string {
  return withoutQuotedValues(reason, ruleId).replace(/\d+/g, '#');
}

/** The message with its quoted values and addresses shown as "…": what a kind of message says, for its summary line. */
export function withoutQuotedValues(reason: string, ruleId?: string): string {
  const keepNames = ruleId?.startsWith('front-matter') === true;
  return reason
    .replace(/"([^"]*)"/g, (quoted, inside: string) => (keepNames && /^[A-Za-z][\w.-]*$/.test(inside) ? quoted : '"…"'))
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s)"]+/gi, '…')
    .replace(/#[\w-]+/g, '#…');
}

function groupKey(diagnostic: Diagnostic): string {
  return `${diagnostic.severity}\u0000${ruleOf(diagnostic)}\u0000${messageShape(diagnostic.reason, diagnostic.ruleId)}`;
}

/** Messages alike to shown ones that were left out: how many, and the first of them. */
export interface Hidden {
  count: number;
  first: Diagnostic;
}

export type GroupedLine = { diagnostic: Diagnostic } | { hidden: Hidden };

/**
 * Keeps a long run readable: of each group of alike warnings or notes only the first few are shown,
 * and "and N more like this" stands for the rest. Errors are always shown: they are what must be
 * fixed. Counting runs over the whole run, input after input.
 */
export class Grouper {
  private readonly shown = new Map<string, number>();
  /** Alike messages of inputs that came after the group was full; said once, at the end. */
  private readonly later = new Map<string, Hidden>();

  constructor(private readonly limit: number = SHOWN_PER_GROUP) {}

  /** One input's messages, in order; the "and N more" line follows the last one shown of its group. */
  take(messages: readonly Diagnostic[]): GroupedLine[] {
    const lines: GroupedLine[] = [];
    const hiddenHere = new Map<string, { hidden: Hidden; after: GroupedLine }>();
    for (const diagnostic of messages) {
      if (diagnostic.severity === 'error') {
        lines.push({ diagnostic });
        continue;
      }
      const key = groupKey(diagnostic);
      const shown = this.shown.get(key) ?? 0;
      if (shown < this.limit) {
        this.shown.set(key, shown + 1);
        const line = { diagnostic };
        lines.push(line);
        const pending = hiddenHere.get(key);
        if (pending) pending.after = line;
        else hiddenHere.set(key, { hidden: { count: 0, first: diagnostic }, after: line });
        continue;
      }
      const here = hiddenHere.get(key);
      if (here) {
        if (here.hidden.count === 0) here.hidden.first = diagnostic;
        here.hidden.count++;
      } else {
        const later = this.later.get(key);
        if (later) later.count++;
        else this.later.set(key, { count: 1, first: diagnostic });
      }
    }
    const result: GroupedLine[] = [];
    const tails = new Map([...hiddenHere.values()].filter((entry) => entry.hidden.count > 0).map((entry) => [entry.after, entry.hidden]));
    for (const line of lines) {
      result.push(line);
      const tail = tails.get(line);
      if (tail) result.push({ hidden: tail });
    }
    return result;
  }

  /** Groups that grew in inputs after their first few were shown, in the order they were met. */
  rest(): Hidden[] {
    return [...this.later.values()];
  }
}
