import path from 'node:path';
import type { VFile } from 'vfile';
import { BuildAbort, failIfErrors, hasErrors, reportError, toDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { manuscriptPictures, type Manuscript } from '../core/article.js';
import type { EditionSource } from '../archive/bag.js';
import type { ImageAsset } from '../core/image.js';
import type { EditionModel, EditionSection } from '../model/edition.js';
import type { DocumentModel } from '../model/types.js';
import type { ModelCache } from './model-cache.js';
import { resolveDocument } from '../model/index.js';
import { readEditionManifest, type EditionEntry, type EditionManifest } from '../read/edition.js';
import { loadImage } from '../read/images.js';
import { newManuscriptFile, readManuscript, type ReadOptions } from '../read/manuscript.js';
import { withoutDrafts } from './drafts.js';
import { displayPathOf } from './plan.js';

/** An edition read: its model, and each article's sources (its file, whose messages are said after the edition is rendered, and its pictures). */
export interface ReadEdition {
  model: EditionModel;
  /** In reading order. */
  sources: EditionSource[];
}

/** How an edition is read: its articles' models kept between builds (none: all are read), and whether drafts are in. */
export interface EditionReading {
  models?: ModelCache;
  /** Read the articles that are drafts too (--drafts); else they are left out with a note at their line (a section left with none is left out). */
  drafts: boolean;
}

/**
 * Reads an edition: its manifest, then each article once, alone, into its own document model.
 * An article that cannot be read is reported in its own file, and at its line of the manifest,
 * which then fails; its messages are passed to `noteMessages` at once.
 */
export async function readEdition(manifestPath: string, file: VFile, cwd: string, noteMessages: (messages: Diagnostic[]) => void, reading: EditionReading): Promise<ReadEdition> {
  const { models } = reading;
  const manifest = readEditionManifest(manifestPath, file);
  const sources: EditionSource[] = [];
  const sections: EditionSection[] = [];
  for (const section of reading.drafts ? manifest.sections : withoutDrafts(manifest)) {
    const articles: DocumentModel[] = [];
    for (const entry of section.articles) {
      // An article unchanged since it was last read comes back from the cache, not read again.
      const kept = models?.load(entry.path, displayPathOf(entry.path, cwd));
      if (kept) {
        sources.push(kept.source);
        articles.push(kept.document);
        continue;
      }
      const [read] = await readArticles([entry], file, cwd, noteMessages, async (manuscript, articleFile) => {
        const source = { article: manuscript.article, path: manuscript.path, file: articleFile, pictures: manuscriptPictures(manuscript).map((picture) => picture.path) };
        const document = await resolveDocument(manuscript);
        sources.push(source);
        if (!articleFile.messages.some((message) => message.fatal)) models?.store(document, source);
        return document;
      });
      if (read) articles.push(read);
    }
    if (articles.length > 0) sections.push({ title: section.title, articles });
  }
  if (sections.length === 0 && !hasErrors(file)) reportError(file, 'every article of this edition is a draft, so there is nothing to build; --drafts includes drafts', manifest.sections[0]?.place, 'draft');
  failIfErrors(file);
  const cover = readCover(manifest);
  failIfErrors(file);
  return { model: { file, path: manifest.path, edition: manifest.edition, cover, sections }, sources };
}

/**
 * Reads the articles a manifest names, each once into `take`'s result: one that cannot be read is
 * reported in its own file (its messages handed to `noteMessages` at once) and at its line of the
 * manifest, and left out. `readOptions` are for `readManuscript` (`check` reads for problems only).
 */
export async function readArticles<T>(
  entries: readonly EditionEntry[],
  file: VFile,
  cwd: string,
  noteMessages: (messages: Diagnostic[]) => void,
  take: (manuscript: Manuscript, articleFile: VFile) => Promise<T>,
  readOptions: ReadOptions = {},
): Promise<T[]> {
  const read: T[] = [];
  for (const entry of entries) {
    const shown = displayPathOf(entry.path, cwd);
    const articleFile = newManuscriptFile(shown);
    try {
      read.push(await take(readManuscript(entry.path, articleFile, readOptions), articleFile));
    } catch (error) {
      if (!(error instanceof BuildAbort)) throw error;
      noteMessages(articleFile.messages.map((message) => toDiagnostic(message, shown)));
      reportError(file, `article "${entry.written}" cannot be read; its own messages, above, say why`, entry.place, 'edition-article');
    }
  }
  return read;
}

/** The manifest's cover picture, read and checked as a manuscript's pictures are; a drawing is not taken. */
function readCover(manifest: EditionManifest): ImageAsset | undefined {
  const cover = manifest.edition.cover;
  if (!cover) return undefined;
  const folder = path.dirname(manifest.path);
  const asset = loadImage(manifest.file, cover.src, cover.place, folder, folder);
  if (asset?.mediaType !== 'image/svg+xml') return asset;
  reportError(manifest.file, '"cover": an SVG drawing is not taken as a cover; export it as PNG or JPEG', cover.place, 'edition-cover');
  return undefined;
}
