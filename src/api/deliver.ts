import path from 'node:path';
import { makeBag, prepareBag, writePreparedFolder, type ArchivalRecord, type PreparedBag } from '../archive/bag.js';
import { writeFilesAtomically } from '../output/atomic.js';
import { EXTENSIONS, type Format } from '../render/types.js';
import { hashBytes, type CacheEntry } from './cache.js';
import type { JobSettings } from './job.js';

/** What a job rendered of one manuscript, as plain data (a worker thread hands it over for a long manuscript's parts). */
export interface Rendered {
  slug: string;
  /** Each format rendered once. */
  books: { format: Format; data: Uint8Array }[];
  /** Hashes of the manuscript, pictures and template files, for the cache. */
  inputs: Record<string, string>;
  /** What the bag needs besides the books; present when a bag is asked for. */
  record?: ArchivalRecord;
}

export interface Delivered {
  outputs: string[];
  bags: string[];
  cacheEntry: CacheEntry;
}

/**
 * Hands the rendered bytes to the run's sinks: the books to the output folder, and the same bytes
 * into the bag. Everything is made in memory first (the bag, its zip or tar), so that a failure
 * writes nothing; then files are written under temporary names and renamed into place, and the bag
 * folder swapped in whole (src/archive/write.ts): a reader never sees half a book or half a bag,
 * and a failed build keeps the previous good ones.
 */
export function deliver(settings: JobSettings, settingsKey: string, rendered: Rendered): Delivered {
  const { slug, books } = rendered;
  const files = settings.sinks.files ? books.map((book) => ({ path: path.join(settings.outDir, `${slug}.${EXTENSIONS[book.format]}`), data: book.data })) : [];
  let bag: PreparedBag | undefined;
  if (settings.sinks.bag) {
    const epub = books.find((book) => book.format === 'epub')?.data;
    const pdf = books.find((book) => book.format === 'pdf')?.data;
    if (!epub || !pdf || !rendered.record) throw new Error('a bag needs the EPUB, the PDF and the source of its article');
    bag = prepareBag(makeBag(rendered.record, epub, pdf), settings.outDir, slug, settings.sinks.bag);
  }
  writeFilesAtomically([...files, ...(bag?.files ?? [])]);
  if (bag) writePreparedFolder(bag);

  const bagHashes: Record<string, Record<string, string>> = {};
  if (bag?.folder) {
    const folder = bag.folder;
    bagHashes[folder] = Object.fromEntries(bag.bag.files.map((file) => [path.join(folder, ...file.path.split('/')), hashBytes(file.data)]));
  }
  for (const file of bag?.files ?? []) bagHashes[file.path] = { [file.path]: hashBytes(file.data) };
  return {
    outputs: files.map((file) => file.path),
    bags: Object.keys(bagHashes),
    cacheEntry: {
      settings: settingsKey,
      inputs: rendered.inputs,
      outputs: Object.fromEntries(files.map((file) => [file.path, hashBytes(file.data)])),
      ...(bag ? { bags: bagHashes } : {}),
    },
  };
}
