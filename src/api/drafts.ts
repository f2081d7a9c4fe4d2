import path from 'node:path';
import { BuildAbort, hasErrors, reportNote, toDiagnostic, type Point } from '../core/diagnostics.js';
import { draftMark } from '../read/dialects/draft.js';
import { readEditionManifest, type EditionManifest, type EditionSectionSource } from '../read/edition.js';
import { newManuscriptFile } from '../read/manuscript.js';
import { peekFrontMatter } from '../read/peek.js';
import type { ManuscriptResult } from './job.js';
import type { PlannedManuscript } from './plan.js';

/**
 * Where a manuscript's front matter marks it a draft (`draft: true`, Jekyll's `published: false`);
 * undefined for a finished manuscript, and for one whose front matter cannot be read (building it says why).
 */
export function draftMarkOf(manuscriptPath: string): { key: string; position: Point } | undefined {
  const source = peekFrontMatter(manuscriptPath);
  return source ? draftMark(source) : undefined;
}

/**
 * A draft left out of the run, as Hugo leaves drafts out without --buildDrafts: its result, with a
 * note at the mark that makes it one; undefined for a manuscript to build.
 */
export function skippedDraft(entry: PlannedManuscript): ManuscriptResult | undefined {
  const mark = draftMarkOf(entry.manuscriptPath);
  if (!mark) return undefined;
  return draftResult(entry, [
    {
      file: entry.displayPath,
      line: mark.position.line,
      column: mark.position.column,
      severity: 'info',
      reason: `a draft (${mark.key}), so it is left out; --drafts includes drafts`,
      ruleId: 'draft',
    },
  ]);
}

/**
 * An edition's articles without its drafts, which it leaves out as a run leaves a lone draft out: a
 * note on the manifest's file at the line that names each. Sections keep their order; one may be left
 * with no article.
 */
export function withoutDrafts(manifest: EditionManifest): EditionSectionSource[] {
  const folder = path.dirname(manifest.path);
  return manifest.sections.map((section) => ({
    ...section,
    articles: section.articles.filter((entry) => {
      const mark = draftMarkOf(entry.path);
      if (mark) {
        const shown = path.relative(folder, entry.path).split(path.sep).join('/');
        reportNote(manifest.file, `"${shown}" is a draft (${mark.key}, its line ${mark.position.line}), so the edition leaves it out; --drafts includes drafts`, entry.place, 'draft');
      }
      return !mark;
    }),
  }));
}

/**
 * An edition every article of which is a draft, left out of the run as a lone draft is: its result,
 * with a note at each line that names a draft; undefined for an edition to build (or whose manifest
 * has problems, which its build reports).
 */
export function skippedDraftEdition(entry: PlannedManuscript): ManuscriptResult | undefined {
  const file = newManuscriptFile(entry.displayPath);
  let manifest: EditionManifest;
  try {
    manifest = readEditionManifest(entry.manuscriptPath, file);
  } catch (error) {
    if (error instanceof BuildAbort) return undefined;
    throw error;
  }
  if (hasErrors(file) || withoutDrafts(manifest).some((section) => section.articles.length > 0)) return undefined;
  reportNote(file, 'every article of this edition is a draft, so it is left out; --drafts includes drafts', manifest.sections[0]?.place, 'draft');
  return draftResult(entry, file.messages.map((message) => toDiagnostic(message, entry.displayPath)));
}

function draftResult(entry: PlannedManuscript, messages: ManuscriptResult['messages']): ManuscriptResult {
  return { path: entry.displayPath, slug: undefined, outputs: [], bags: [], messages, ok: true, skipped: true, draft: true };
}
