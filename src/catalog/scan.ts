import fs from 'node:fs';
import path from 'node:path';
import { uuidV5 } from '../core/identifier.js';
import { readEpubDetails, type BookMetadata, type EpubDetails } from './epub.js';
import { readPdf } from './pdf.js';
import { rememberByStat } from '../core/remember.js';

export interface BookFile {
  /** File name in the output folder, e.g. `story.epub`. */
  name: string;
  size: number;
}

/** One article in the catalogue: its EPUB and/or PDF (same slug), and what they say about it. */
export interface Publication extends BookMetadata {
  slug: string;
  title: string;
  identifier: string;
  epub?: BookFile;
  pdf?: BookFile;
  /** The EPUB's cover picture, read with its metadata (the catalogue's own placeholder stands in when there is none). */
  cover?: EpubDetails['cover'];
  /** Why the file's metadata could not be read (it is still listed, by file name). */
  problem?: { file: string; reason: string };
  /** Milliseconds since the epoch of `published`, for ordering; NaN when unknown. */
  publishedTime: number;
  /** Milliseconds since the epoch of `modified` (or `published`); NaN when unknown. */
  modifiedTime: number;
}

const readEpubMetadata = rememberByStat(readEpubDetails);
const readPdfMetadata = rememberByStat(readPdf);

const BOOK_EXTENSIONS = { '.epub': 'epub', '.pdf': 'pdf' } as const;

/**
 * Indexes the books in the output folder (not below it): every `<slug>.epub` and `<slug>.pdf`,
 * however they got there (this build, an earlier one, another shard). The EPUB's package document
 * is the main source; a PDF alone is described by its XMP. Ordered newest first, then by slug.
 */
export async function scanFolder(outDir: string): Promise<Publication[]> {
  let names: string[];
  try {
    names = fs.readdirSync(outDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const bySlug = new Map<string, { epub?: BookFile; pdf?: BookFile }>();
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const extension = path.extname(name).toLowerCase();
    const kind = BOOK_EXTENSIONS[extension as keyof typeof BOOK_EXTENSIONS];
    if (!kind) continue;
    const stat = statFile(path.join(outDir, name));
    if (!stat?.isFile()) continue;
    const slug = name.slice(0, -extension.length);
    if (!slug) continue;
    const files = bySlug.get(slug) ?? {};
    files[kind] = { name, size: stat.size };
    bySlug.set(slug, files);
  }
  const publications: Publication[] = [];
  for (const [slug, files] of bySlug) publications.push(await describe(outDir, slug, files));
  return publications.sort(newestFirst);
}

async function describe(outDir: string, slug: string, files: { epub?: BookFile; pdf?: BookFile }): Promise<Publication> {
  let metadata: BookMetadata & Pick<EpubDetails, 'cover'> = { authors: [], subjects: [] };
  let problem: Publication['problem'];
  try {
    if (files.epub) metadata = await readEpubMetadata(path.join(outDir, files.epub.name));
  } catch (error) {
    problem = { file: files.epub!.name, reason: (error as Error).message };
  }
  if (files.pdf && (!files.epub || problem)) {
    try {
      metadata = readPdfMetadata(path.join(outDir, files.pdf.name));
    } catch (error) {
      problem ??= { file: files.pdf.name, reason: (error as Error).message };
    }
  }
  const publishedTime = Date.parse(metadata.published ?? '');
  const modifiedTime = Date.parse(metadata.modified ?? '');
  return {
    ...metadata,
    slug,
    title: metadata.title || slug,
    identifier: metadata.identifier || `urn:uuid:${uuidV5(`pressroom-catalog-file\u0000${slug}`)}`,
    ...files,
    ...(problem ? { problem } : {}),
    publishedTime,
    modifiedTime: Number.isNaN(modifiedTime) ? publishedTime : modifiedTime,
  };
}

function statFile(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Newest first; books without a readable date last; ties by slug (code-point order, no locale). */
function newestFirst(a: Publication, b: Publication): number {
  const timeA = Number.isNaN(a.publishedTime) ? -Infinity : a.publishedTime;
  const timeB = Number.isNaN(b.publishedTime) ? -Infinity : b.publishedTime;
  if (timeA !== timeB) return timeB - timeA > 0 ? 1 : -1;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}
