import { draftMark } from '../read/dialects/draft.js';
import { peekFrontMatter } from '../read/peek.js';
import type { ManuscriptResult } from './job.js';
import type { PlannedManuscript } from './plan.js';

/**
 * A draft left out of the run, as Hugo leaves drafts out without --buildDrafts: its result, with a
 * note at the mark that makes it one; undefined for a manuscript to build.
 */
export function skippedDraft(entry: PlannedManuscript): ManuscriptResult | undefined {
  const source = peekFrontMatter(entry.manuscriptPath);
  const mark = source && draftMark(source);
  if (!mark) return undefined;
  return {
    path: entry.displayPath,
    slug: undefined,
    outputs: [],
    bags: [],
    messages: [
      {
        file: entry.displayPath,
        line: mark.position.line,
        column: mark.position.column,
        severity: 'info',
        reason: `a draft (${mark.key}), so it is left out; --drafts includes drafts`,
        ruleId: 'draft',
      },
    ],
    ok: true,
    skipped: true,
    draft: true,
  };
}
