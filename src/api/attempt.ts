import type { VFile } from 'vfile';
import { BuildAbort, reportError, toDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { newManuscriptFile } from '../read/manuscript.js';

/** What a step is given: the manuscript's file for its problems, and where to note what it learns. */
export interface StepContext {
  file: VFile;
  noteSlug(slug: string): void;
  /** Messages about other files (a template's own), shown before the manuscript's. */
  noteMessages(messages: Diagnostic[]): void;
}

/** What a step does with one manuscript; undefined when it stopped on a problem. */
export type Step<T> = (context: StepContext) => Promise<T | undefined>;

/** How one manuscript's step came out, as plain data. */
export interface Attempt<T> {
  /** The step's value: undefined when it stopped on a problem in the manuscript, or on a bug. */
  value: T | undefined;
  slug: string | undefined;
  /** The messages noted from other files, then the manuscript's own. */
  messages: Diagnostic[];
  /** A fault in Pressroom itself (a bug, not a manuscript problem); its stack is shown with --debug. */
  internalError?: { message: string; stack: string | undefined };
}

/**
 * Runs a step (building, packaging) on one manuscript. A problem in the manuscript ends it with the
 * problem's messages; a bug in Pressroom ends it too, reported on this manuscript alone, so that it
 * never takes the other manuscripts of a run down with it.
 */
export async function attempt<T>(displayPath: string, doing: string, step: Step<T>): Promise<Attempt<T>> {
  const file = newManuscriptFile(displayPath);
  let slug: string | undefined;
  const noted: Diagnostic[] = [];
  let value: T | undefined;
  let internalError: Attempt<T>['internalError'];
  try {
    value = await step({ file, noteSlug: (known) => (slug = known), noteMessages: (messages) => noted.push(...messages) });
  } catch (error) {
    if (!(error instanceof BuildAbort)) {
      const internal = error instanceof Error ? error : new Error(String(error));
      reportError(
        file,
        `internal error while ${doing}: ${internal.message}. This is a bug in Pressroom; run with --debug for the stack trace and report it`,
        { line: 1, column: 1 },
        'internal',
      );
      internalError = { message: internal.message, stack: internal.stack };
    }
  }
  return {
    value,
    slug,
    messages: [...noted, ...file.messages.map((message) => toDiagnostic(message, displayPath))],
    ...(internalError ? { internalError } : {}),
  };
}
