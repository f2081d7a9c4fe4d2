import fs from 'node:fs';
import { ZipArchive } from '../../src/zip/read.js';

/**
 * A zip opened for a test — an EPUB, a zipped bag — through Pressroom's one ZIP reader
 * (src/zip/read.ts, yauzl), so tests read books as the catalogue and `verify` do.
 */
export interface ZipEntryForTest {
  name: string;
  dir: boolean;
  date: Date;
  /** Unix file type and permissions, e.g. 0o100644. */
  mode: number;
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
}

export interface OpenedZip {
  /** Every entry, in the zip's order. */
  entries: ZipEntryForTest[];
  names(): string[];
  /** The entry of that name; throws when there is none. */
  entry(name: string): ZipEntryForTest;
  has(name: string): boolean;
  /** An entry's contents as UTF-8 text; throws when there is none. */
  text(name: string): Promise<string>;
  bytes(name: string): Promise<Buffer>;
}

/** Opens a zip held in memory, or a file (read whole first, so nothing stays open). */
export async function openZip(source: Uint8Array | string): Promise<OpenedZip> {
  const bytes = typeof source === 'string' ? fs.readFileSync(source) : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const archive = await ZipArchive.open(bytes);
  const entries = archive.entries.map(
    (entry): ZipEntryForTest => ({
      name: entry.path,
      dir: entry.folder,
      date: entry.date,
      mode: entry.mode,
      bytes: () => archive.read(entry.path),
      text: async () => (await archive.read(entry.path)).toString('utf8'),
    }),
  );
  const entry = (name: string) => {
    const found = entries.find((one) => one.name === name);
    if (!found) throw new Error(`${name} is not in the zip`);
    return found;
  };
  return {
    entries,
    names: () => entries.map((one) => one.name),
    entry,
    has: (name) => archive.has(name),
    text: (name) => entry(name).text(),
    bytes: (name) => entry(name).bytes(),
  };
}
