import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import type { EditionSource } from '../archive/bag.js';
import { TOOL_VERSION } from '../core/version.js';
import type { DocumentModel } from '../model/types.js';
import { writeFilesAtomically } from '../output/atomic.js';
import { CACHE_DIR_NAME, hashBytes, hashFile } from './cache.js';

/**
 * The document models of an edition's articles, kept between builds in `.pressroom-cache/models/`:
 * an edition rebuilt because one article changed reads (parses and resolves) only that one again;
 * the others come back as they were resolved. An entry holds only while the manuscript's bytes,
 * every picture it used and Pressroom's version are the same; anything else reads the article
 * afresh. (Their warnings were said when they were read, as an unchanged article's are not said again.)
 */
export class ModelCache {
  private readonly dir: string;

  constructor(cwd: string) {
    this.dir = path.join(cwd, CACHE_DIR_NAME, 'models');
  }

  /** The article's model and sources as last read, when nothing they came from has changed. */
  load(manuscriptPath: string, displayPath: string): { document: DocumentModel; source: EditionSource } | undefined {
    let stored: Stored;
    try {
      stored = JSON.parse(fs.readFileSync(this.entryPath(manuscriptPath), 'utf8')) as Stored;
    } catch {
      return undefined;
    }
    if (stored.version !== VERSION || stored.tool !== TOOL_VERSION || hashFile(manuscriptPath) !== stored.source) return undefined;
    if (stored.pictures.some(([picture, hash]) => hashFile(picture) !== hash)) return undefined;
    try {
      const file = new VFile({ path: displayPath, value: stored.text });
      const document = { ...(decode(stored.document) as Omit<DocumentModel, 'file'>), file } as DocumentModel;
      return { document, source: { article: document.article, path: manuscriptPath, file, pictures: stored.pictures.map(([picture]) => picture) } };
    } catch (error) {
      if (error instanceof StaleFile) return undefined;
      throw error;
    }
  }

  /**
   * Keeps an article's model, with what it was read from. Two editions built at once on two threads may keep
   * the same article at the same moment, through the same temporary file: the one that loses that race keeps
   * nothing (the other's entry is the same), and an article not kept is only read again next time.
   */
  store(document: DocumentModel, source: EditionSource): void {
    const manuscriptHash = hashFile(source.path);
    if (!manuscriptHash) return;
    const pictures = source.pictures.map((picture): [string, string] => [picture, hashFile(picture) ?? '']);
    const { file, ...rest } = document;
    const stored: Stored = { version: VERSION, tool: TOOL_VERSION, source: manuscriptHash, pictures, text: String(file.value ?? ''), document: encode(rest) };
    try {
      writeFilesAtomically([{ path: this.entryPath(source.path), data: Buffer.from(JSON.stringify(stored), 'utf8') }]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private entryPath(manuscriptPath: string): string {
    return path.join(this.dir, `${hashBytes(path.resolve(manuscriptPath)).slice(0, 24)}.json`);
  }
}

const VERSION = 1;

interface Stored {
  version: number;
  tool: string;
  /** sha256 of the manuscript's bytes. */
  source: string;
  /** Every picture the manuscript uses, with its sha256. */
  pictures: [string, string][];
  /** The manuscript's text, as read. */
  text: string;
  document: unknown;
}

class StaleFile extends Error {}

/**
 * A model as JSON: maps as their entries, dates as ISO strings, and picture bytes as the file they
 * were read from (checked by hash when loaded) or, when they are not that file's (an SVG cleaned of
 * scripts), as base64. A picture met twice (the lead and the body's use of one file) is written once
 * and referred to, so that it comes back as one object, as the writers expect.
 */
function encode(value: unknown, seen = new Map<object, number>()): unknown {
  if (value instanceof Map) return { $map: [...value].map(([key, entry]) => [key, encode(entry, seen)]) };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('base64') };
  if (Array.isArray(value)) return value.map((entry) => encode(entry, seen));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.path === 'string' && Buffer.isBuffer(record.data)) {
      const known = seen.get(record);
      if (known !== undefined) return { $ref: known };
      seen.set(record, seen.size);
      const hash = hashBytes(record.data);
      if (hashFile(record.path) === hash) return { ...encodeFields(record, seen, 'data'), $id: seen.size - 1, $file: hash };
      return { ...encodeFields(record, seen), $id: seen.size - 1 };
    }
    return encodeFields(record, seen);
  }
  return value;
}

function encodeFields(record: Record<string, unknown>, seen: Map<object, number>, leaveOut?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(record)) if (key !== leaveOut && entry !== undefined) out[key] = encode(entry, seen);
  return out;
}

function decode(value: unknown, found = new Map<number, unknown>()): unknown {
  if (Array.isArray(value)) return value.map((entry) => decode(entry, found));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if ('$ref' in record) return found.get(record.$ref as number);
  if ('$map' in record) return new Map((record.$map as [unknown, unknown][]).map(([key, entry]) => [key, decode(entry, found)]));
  if ('$date' in record) return new Date(record.$date as string);
  if ('$bytes' in record) return Buffer.from(record.$bytes as string, 'base64');
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(record)) if (key !== '$file' && key !== '$id') out[key] = decode(entry, found);
  if (typeof record.$file === 'string') {
    const data = fs.readFileSync(record.path as string);
    if (hashBytes(data) !== record.$file) throw new StaleFile();
    out.data = data;
  }
  if (typeof record.$id === 'number') found.set(record.$id, out);
  return out;
}
