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

export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true);
}

/** A message as plain data, so that it crosses worker threads intact. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  reason: string;
  ruleId: string | undefined;
}

export function toDiagnostic(message: VFileMessage, fallbackFile = ''): Diagnostic {
  return {
    file: message.file || fallbackFile,
    line: message.line ?? 1,
    column: message.column ?? 1,
    severity: message.fatal === true ? 'error' : 'warning',
    reason: message.reason,
    ruleId: message.ruleId,
  };
}

/** `path:line:col: error: reason`, the shape compilers use and editors link. */
export function formatDiagnostic(diagnostic: Diagnostic, displayPath: string = diagnostic.file): string {
  return `${displayPath}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${diagnostic.reason}`;
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
