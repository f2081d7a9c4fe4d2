import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { crc32 } from './write.js';

/**
 * Reading ZIP files — EPUBs for the catalogue, bags from any tool for `verify`, books in tests — is
 * yauzl's: it follows the spec (the central directory, never a scan for local headers), reads
 * ZIP64, and checks that an entry holds as many bytes as it claims. What yauzl leaves to its users
 * is done here: the CRC-32 of every entry read is checked, entries are read whole with a size limit
 * against zip bombs, and names are decoded as unzip does on Linux: a name that is valid UTF-8 is
 * taken as UTF-8 even without the zip's UTF-8 flag (tools leave it off for ASCII names, and CP437
 * would turn a control character such as a line feed, which a bag's file name may hold, into ◙);
 * others by yauzl (the Info-ZIP Unicode path, else CP437), then checked with its validateFileName.
 */

/** A zip that cannot be read, or an entry of one; the message says why, for the user. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface ZipEntry {
  /** Slash-separated, as stored; folders end with `/`. */
  path: string;
  folder: boolean;
  /** Uncompressed size in bytes, as the central directory states it. */
  size: number;
  /** Modification time; a bare MS-DOS date and time (no extra field saying otherwise) is read as UTC, as Pressroom writes it. */
  date: Date;
  /** Unix mode bits (file type and permissions) when the zip was made on Unix, else 0. */
  mode: number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Compression method 8. */
const DEFLATE = 8;
/** The "made by" host of zips written on Unix, whose external attributes hold a mode. */
const UNIX = 3;

/** The entry's name; backslashes (written by some Windows tools against the spec) become slashes, as yauzl does by default. */
function decodeName(entry: Entry): string {
  let name: string;
  try {
    name = strictUtf8.decode(entry.fileNameRaw);
  } catch {
    name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  }
  return name.replace(/\\/g, '/');
}

export class ZipArchive {
  private readonly byPath = new Map<string, Entry>();

  private constructor(
    private readonly zip: ZipFile,
    private readonly raw: Entry[],
    private readonly names: string[],
  ) {
    raw.forEach((entry, index) => {
      if (!this.byPath.has(names[index]!)) this.byPath.set(names[index]!, entry);
    });
  }

  /** Opens a zip (a path is read as needed, a buffer in place) and reads its central directory. */
  static async open(source: string | Buffer): Promise<ZipArchive> {
    const options = { lazyEntries: true, autoClose: false, decodeStrings: false } as const;
    let zip: ZipFile;
    try {
      zip = typeof source === 'string' ? await yauzl.openPromise(source, options) : await yauzl.fromBufferPromise(source, options);
    } catch (error) {
      throw new ArchiveError(`not a ZIP file (${(error as Error).message})`);
    }
    const entries: Entry[] = [];
    const names: string[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        const name = decodeName(entry);
        const unsafe = yauzl.validateFileName(name);
        if (unsafe) throw new ArchiveError(`the zip holds an entry named ${JSON.stringify(name)}: ${unsafe}`);
        entries.push(entry);
        names.push(name);
      }
    } catch (error) {
      zip.close();
      throw error instanceof ArchiveError ? error : new ArchiveError(`the zip's central directory cannot be read (${(error as Error).message})`);
    }
    return new ZipArchive(zip, entries, names);
  }

  /** Every entry in the order of the central directory (a name stored twice appears twice). */
  get entries(): ZipEntry[] {
    return this.raw.map((entry, index) => ({
      path: this.names[index]!,
      folder: this.names[index]!.endsWith('/'),
      size: entry.uncompressedSize,
      date: entry.getLastModDate({ timezone: 'UTC' }),
      mode: entry.versionMadeBy >> 8 === UNIX ? entry.externalFileAttributes >>> 16 : 0,
    }));
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /**
   * The entry's bytes, inflated and checked against its CRC-32; an entry larger than `limit` is
   * refused before it is read. Throws ArchiveError for an entry that cannot be read.
   */
  async read(path: string, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const found = this.byPath.get(path);
    if (!found) throw new ArchiveError(`no entry "${path}"`);
    return this.readEntry(found, limit);
  }

  /** Every entry's bytes (or why it cannot be read), in the order of `entries`. */
  async readAll(): Promise<(Buffer | ArchiveError)[]> {
    const all: (Buffer | ArchiveError)[] = [];
    for (const entry of this.raw) {
      try {
        all.push(await this.readEntry(entry, Number.MAX_SAFE_INTEGER));
      } catch (error) {
        if (!(error instanceof ArchiveError)) throw error;
        all.push(error);
      }
    }
    return all;
  }

  close(): void {
    this.zip.close();
  }

  private async readEntry(entry: Entry, limit: number): Promise<Buffer> {
    if (entry.uncompressedSize > limit) throw new ArchiveError(`the entry is ${entry.uncompressedSize} bytes, over the ${limit}-byte limit`);
    if (entry.isEncrypted()) throw new ArchiveError('the entry is encrypted');
    if (!entry.canDecodeFileData()) {
      throw new ArchiveError(`the entry uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are supported`);
    }
    // The stored bytes are read as they are and inflated here at once: yauzl's inflating stream goes through
    // zlib's thread pool chunk by chunk, and a cold build waited on it for milliseconds (see catalog/epub.ts).
    const chunks: Buffer[] = [];
    try {
      const stream = await this.zip.openReadStreamPromise(entry, entry.compressionMethod === DEFLATE ? { decompress: false } : {});
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    } catch (error) {
      throw new ArchiveError(`the entry cannot be read: ${(error as Error).message}`);
    }
    let data = Buffer.concat(chunks);
    if (entry.compressionMethod === DEFLATE) {
      try {
        data = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (error) {
        throw new ArchiveError(`the entry cannot be read: ${(error as Error).message}`);
      }
    }
    if (data.length !== entry.uncompressedSize) throw new ArchiveError(`the entry holds ${data.length} bytes, not the ${entry.uncompressedSize} its header states (damaged archive)`);
    if (crc32(data) !== entry.crc32) throw new ArchiveError('the entry fails its zip CRC-32 check (damaged archive)');
    return data;
  }
}
