import path from 'node:path';
import type { Manuscript } from '../core/article.js';
import { reportError, type Point } from '../core/diagnostics.js';
import { isEditionManifest, peekEdition } from '../read/edition.js';
import { peekSlug } from '../read/peek.js';
import { findManuscripts } from './inputs.js';

/** Another manuscript in the run claims the same slug: both would write the same files. */
export interface DuplicateSlug {
  slug: string;
  others: string[];
  position: Point | undefined;
}

/** One input of a run, as `build` and `package` both plan it: a manuscript, or an edition's manifest. */
export interface PlannedManuscript {
  manuscriptPath: string;
  /** An edition manifest (`*.edition.yaml`) rather than a manuscript. */
  kind?: 'edition';
  /** The path as shown in messages: relative to the working folder when inside it. */
  displayPath: string;
  duplicateSlug?: DuplicateSlug;
}

/**
 * The manuscripts a run takes, in a stable order, never from inside the output folder (archival
 * bags keep their source there), with every pair that would overwrite each other marked.
 */
export function planManuscripts(inputs: readonly string[] | undefined, cwd: string, outDir: string): PlannedManuscript[] {
  const found = findManuscripts(inputs?.length ? inputs : ['manuscript'], cwd).filter((manuscript) => !manuscript.startsWith(outDir + path.sep));
  return markDuplicateSlugs(
    found.map((manuscriptPath) => ({ manuscriptPath, displayPath: displayPathOf(manuscriptPath, cwd), ...(isEditionManifest(manuscriptPath) ? { kind: 'edition' as const } : {}) })),
  );
}

/** Marks every pair of manuscripts that would overwrite each other's files. */
export function markDuplicateSlugs(planned: PlannedManuscript[]): PlannedManuscript[] {
  // One manuscript cannot clash with another: its front matter is read once, by its build.
  if (planned.length < 2) return planned;
  const bySlug = new Map<string, { entry: PlannedManuscript; position: Point | undefined }[]>();
  for (const entry of planned) {
    const peeked = entry.kind === 'edition' ? peekEdition(entry.manuscriptPath) : peekSlug(entry.manuscriptPath);
    if (peeked) bySlug.set(peeked.slug, [...(bySlug.get(peeked.slug) ?? []), { entry, position: peeked.position }]);
  }
  for (const [slug, sharing] of bySlug) {
    if (sharing.length < 2) continue;
    for (const { entry, position } of sharing) {
      entry.duplicateSlug = { slug, others: sharing.filter((other) => other.entry !== entry).map((other) => other.entry.displayPath), position };
    }
  }
  return planned;
}

/** Fails a manuscript whose slug another one shares; `consequence` says what is not made, e.g. "files, so neither is built". */
export function reportDuplicateSlug(manuscript: Manuscript, duplicate: DuplicateSlug, consequence: string): void {
  reportError(
    manuscript.file,
    `slug "${duplicate.slug}" is also used by ${duplicate.others.join(', ')}; both would write the same ${consequence}. Give each its own slug:`,
    duplicate.position ?? manuscript.article.positions.slug ?? { line: 1, column: 1 },
    'slug-duplicate',
  );
}

export function displayPathOf(manuscriptPath: string, cwd: string): string {
  const relative = path.relative(cwd, manuscriptPath);
  return relative.startsWith('..') || path.isAbsolute(relative) ? manuscriptPath : relative;
}
