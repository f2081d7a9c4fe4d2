import zlib from 'node:zlib';

/**
 * A small ZIP writer, for EPUB containers and bags: no library writes a zip deterministically. It
 * stores entries uncompressed unless asked to deflate them (a bag's EPUB, PDF and pictures are
 * compressed already, and stored bytes cannot change with the zlib a Node release bundles), with
 * fixed dates and Unix permissions, so the same entries give the same bytes. (Reading is yauzl's:
 * see read.ts.)
 */

export interface ArchiveEntry {
  /** Slash-separated; folders end with `/`. */
  path: string;
  /** Undefined for a folder. */
  data: Uint8Array | undefined;
  /** Deflated (at the best compression) when that makes it smaller; stored otherwise. */
  deflate?: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const VERSION = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FILE_MODE = 0o100644;
const FOLDER_MODE = 0o040755;
const MSDOS_FOLDER = 0x10;
const FIRST_ZIP_DATE = Date.UTC(1980, 0, 1);
const LAST_ZIP_DATE = Date.UTC(2107, 11, 31, 23, 59, 58);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as ZIP uses it; Node's own (20.15 and later) when there is one, as it is much faster. */
export function crc32(data: Uint8Array): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data) >>> 0;
  let crc = 0xffffffff;
  for (let index = 0; index < data.length; index++) crc = CRC_TABLE[(crc ^ data[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time fields of an instant, from its UTC fields (so the machine's zone plays no part). */
function dosDateTime(instant: Date): { date: number; time: number } {
  const clamped = new Date(Math.min(LAST_ZIP_DATE, Math.max(FIRST_ZIP_DATE, instant.getTime())));
  return {
    date: ((clamped.getUTCFullYear() - 1980) << 9) | ((clamped.getUTCMonth() + 1) << 5) | clamped.getUTCDate(),
    time: (clamped.getUTCHours() << 11) | (clamped.getUTCMinutes() << 5) | Math.floor(clamped.getUTCSeconds() / 2),
  };
}

/** Writes the entries in the order given; every entry gets `date` and mode 0644 (files) or 0755 (folders). */
export function writeZip(entries: readonly ArchiveEntry[], date: Date): Uint8Array {
  if (entries.length > 0xfffe) throw new Error(`${entries.length} files are too many for a zip without ZIP64; use --tar`);
  const { date: dosDate, time: dosTime } = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, 'utf8');
    const data = entry.data ?? new Uint8Array(0);
    const crc = crc32(data);
    const folder = entry.data === undefined;
    const deflated = entry.deflate && data.length > 0 ? zlib.deflateRawSync(data, { level: 9 }) : undefined;
    const method = deflated && deflated.length < data.length ? DEFLATED : STORED;
    const stored = method === DEFLATED ? deflated! : data;
    if (data.length > 0xfffffffe || offset > 0xfffffffe) throw new Error(`${entry.path} is too large for a zip without ZIP64; use --tar`);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength));

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((((folder ? FOLDER_MODE : FILE_MODE) << 16) | (folder ? MSDOS_FOLDER : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += 30 + name.length + stored.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}
