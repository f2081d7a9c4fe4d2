import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uuidV5 } from '../core/identifier.js';
import { holdsBytes, sweepStaleTemps, writeFilesAtomically } from '../output/atomic.js';
import { COVERS_DIR, coverPictures, forgetPicturesAhead, PictureIndex, placeholderCover, staleCoverFiles, type CoverPictures } from './covers.js';
import { catalogPage } from './html.js';
import { rfc3339 } from './markup.js';
import { atomFeed, FEED_FILES, jsonFeed, type Catalog, type CatalogEntry } from './opds.js';
import { scanFolder, type Publication } from './scan.js';

export { FEED_FILES, MEDIA_TYPES } from './opds.js';
export { COVERS_DIR } from './covers.js';

export interface CatalogResult {
  /** Books listed. */
  books: number;
  /** Files written (changed or new), absolute paths. */
  written: string[];
  /** Cover pictures removed because no book uses them any more. */
  removed: string[];
  /** Books whose metadata could not be read (they are listed by file name). */
  problems: { file: string; reason: string }[];
  /**
   * Books whose cover pictures were made in this run: by the catalogue itself, or while the book was
   * built (`ahead`, a build in this thread; see src/catalog/covers.ts).
   */
  coversMade: { here: number; ahead: number };
}

/** Used when no book states a date at all: a fixed instant, never the clock. */
const NO_DATE = '1970-01-01T00:00:00Z';
const DEFAULT_TITLE = 'Articles';

/**
 * Writes the catalogue of the books in `outDir`: `index.html`, `opds.xml` (OPDS 1.2),
 * `opds.json` (OPDS 2.0) and `covers/`. It indexes the folder, not a build, so it lists books from
 * earlier runs and other shards too. Deterministic (dates come from the books), written atomically,
 * and only files whose bytes change are rewritten. A folder with no books and no catalogue is left alone.
 */
export async function writeCatalog(outDir: string): Promise<CatalogResult> {
  try {
    return await writeCatalogFiles(outDir);
  } finally {
    // Pictures made ahead for a book that failed after its model are never taken.
    forgetPicturesAhead(outDir);
  }
}

async function writeCatalogFiles(outDir: string): Promise<CatalogResult> {
  const started = Date.now();
  const publications = await scanFolder(outDir);
  const catalogFiles = [FEED_FILES.page, FEED_FILES.atom, FEED_FILES.json].map((name) => path.join(outDir, name));
  const result: CatalogResult = { books: publications.length, written: [], removed: [], problems: [], coversMade: { here: 0, ahead: 0 } };
  if (publications.length === 0 && !catalogFiles.some((file) => fs.existsSync(file))) return result;
  sweepStaleTemps(path.join(outDir, COVERS_DIR));

  const pictureFiles: { path: string; data: Uint8Array }[] = [];
  const pictureIndex = PictureIndex.load(outDir);
  const pictures = await mapLimited(publications, Math.max(1, Math.min(4, os.availableParallelism())), async (book) => {
    const made = await coverPictures(outDir, book.slug, await coverSource(book), pictureIndex);
    if (made) pictureFiles.push(...made.files);
    if (made?.madeBy) result.coversMade[made.madeBy]++;
    return made?.pictures;
  });
  const indexFile = pictureIndex.changedFile();
  for (const book of publications) if (book.problem) result.problems.push(book.problem);

  const catalog = catalogOf(publications, pictures);
  const files = [
    // Pictures first: the page and feeds that name them are renamed into place after them.
    ...pictureFiles.sort((a, b) => (a.path < b.path ? -1 : 1)),
    ...(indexFile ? [indexFile] : []),
    ...[
      { path: catalogFiles[0]!, data: Buffer.from(catalogPage(catalog), 'utf8') },
      { path: catalogFiles[1]!, data: Buffer.from(atomFeed(catalog), 'utf8') },
      { path: catalogFiles[2]!, data: Buffer.from(jsonFeed(catalog), 'utf8') },
    ].filter((file) => !holdsBytes(file.path, file.data)),
  ];
  if (files.length > 0) writeFilesAtomically(files);
  result.written = files.map((file) => file.path);

  const used = new Set(pictures.flatMap((picture) => (picture ? [picture.image.href, picture.thumbnail.href] : [])));
  for (const stale of staleCoverFiles(outDir, used, started)) {
    try {
      fs.unlinkSync(stale);
      result.removed.push(stale);
    } catch {
      // Removed meanwhile by another build writing the same folder.
    }
  }
  return result;
}

async function coverSource(book: Publication): Promise<{ data: Buffer; mediaType: string }> {
  return book.epub && !book.problem && book.cover ? book.cover : placeholderCover(book);
}

function catalogOf(publications: Publication[], pictures: (CoverPictures | undefined)[]): Catalog {
  const known = publications.map((book) => book.modifiedTime).filter((time) => !Number.isNaN(time));
  const updated = known.length ? rfc3339(Math.max(...known)) : NO_DATE;
  const entries: CatalogEntry[] = publications.map((book, index) => ({
    publication: book,
    pictures: pictures[index],
    updated: Number.isNaN(book.modifiedTime) ? updated : rfc3339(book.modifiedTime),
    published: Number.isNaN(book.publishedTime) ? undefined : rfc3339(book.publishedTime),
  }));
  const publishers = new Set(publications.map((book) => book.publisher ?? ''));
  const publisher = publishers.size === 1 ? [...publishers][0] : undefined;
  const title = publisher || DEFAULT_TITLE;
  return {
    id: `urn:uuid:${uuidV5(`pressroom-catalog\u0000${title}`)}`,
    title,
    author: publisher || 'Pressroom',
    updated,
    entries,
  };
}

/** Maps with at most `limit` calls running at once; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
