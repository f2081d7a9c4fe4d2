import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/** A point in a source file, 1-based like editors show it. */
export interface Point {
  line: number;
  column: number;
}

/** Anything that carries a unist-style position or is one. */
export type Place = Point | { start: Point; end?: Point } | undefined;

/**
 * Records a content problem that stops this manuscript from building.
 * vfile calls every message a warning unless `fatal` is true; we keep that convention.
 */
export function reportError(file: VFile, reason: string, place?: Place, ruleId?: string): VFileMessage {
  const message = file.message(reason, { place: normalisePlace(place), ruleId, source: 'pressroom' });
  message.fatal = true;
  return message;
}

export function reportWarning(file: VFile, reason: string, place?: Place, ruleId?: string): VFileMessage {
  const message = file.message(reason, { place: normalisePlace(place), ruleId, source: 'pressroom' });
  message.fatal = false;
  return message;
}

/** Records something worth knowing that is not a problem (vfile's `info`: `fatal` left unset), printed as a note. */
export function reportNote(file: VFile, reason: string, place?: Place, ruleId?: string): VFileMessage {
  const message = file.message(reason, { place: normalisePlace(place), ruleId, source: 'pressroom' });
  message.fatal = undefined;
  return message;
}

export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true);
}

/** How much a message matters: errors stop the manuscript, warnings do not, notes (info) only tell. */
export type Severity = 'error' | 'warning' | 'info';

/** A message as plain data, so that it crosses worker threads intact. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  reason: string;
  ruleId: string | undefined;
}

export function toDiagnostic(message: VFileMessage, fallbackFile = ''): Diagnostic {
  return {
    file: message.file || fallbackFile,
    line: message.line ?? 1,
    column: message.column ?? 1,
    severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
    reason: message.reason,
    ruleId: message.ruleId,
  };
}

/** `path:line:col: error: reason`, the shape compilers use and editors link (info is printed `note`, as compilers do). */
export function formatDiagnostic(diagnostic: Diagnostic, displayPath: string = diagnostic.file): string {
  return `${displayPath}:${diagnostic.line}:${diagnostic.column}: ${severityLabel(diagnostic.severity)}: ${diagnostic.reason}`;
}

export function severityLabel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

export function formatMessage(message: VFileMessage, displayPath?: string): string {
  return formatDiagnostic(toDiagnostic(message), displayPath);
}

function normalisePlace(place: Place) {
  if (!place) return undefined;
  if ('start' in place) return place.end ? { start: place.start, end: place.end } : place.start;
  return place;
}

/**
 * Thrown to abandon a manuscript once an error has been recorded on its file.
 * Never shown to users: the messages on the file are.
 */
export class BuildAbort extends Error {
  constructor() {
    super('build abandoned after a reported error');
    this.name = 'BuildAbort';
  }
}

export function failIfErrors(file: VFile): void {
  if (hasErrors(file)) throw new BuildAbort();
}
