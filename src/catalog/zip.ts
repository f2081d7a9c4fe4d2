import fs from 'node:fs';
import zlib from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/**
 * Reads single entries of a ZIP file (an EPUB) without loading the whole file: the central
 * directory first, then only the entries asked for. Stored and deflated entries are read; ZIP64
 * and encrypted entries are refused with an error (an EPUB made by Pressroom uses neither).
 */
export class ZipReader {
  readonly entries = new Map<string, ZipEntry>();

  private constructor(
    private readonly fd: number,
    private readonly fileSize: number,
  ) {}

  static open(file: string): ZipReader {
    const fd = fs.openSync(file, 'r');
    try {
      const reader = new ZipReader(fd, fs.fstatSync(fd).size);
      reader.readDirectory();
      return reader;
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** The entry's uncompressed bytes; refuses entries larger than `limit` (a guard against ZIP bombs). */
  read(name: string, limit: number): Buffer {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no entry "${name}"`);
    if (entry.size > limit) throw new Error(`entry "${name}" is ${entry.size} bytes, over the ${limit}-byte limit`);
    const header = this.bytes(entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`entry "${name}" has no local header`);
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = this.bytes(dataStart, entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, limit) });
    else throw new Error(`entry "${name}" uses compression method ${entry.method}, which is not supported`);
    if (data.length !== entry.size) throw new Error(`entry "${name}" is damaged: ${data.length} bytes instead of ${entry.size}`);
    return data;
  }

  private readDirectory(): void {
    const tailLength = Math.min(this.fileSize, END_RECORD_SIZE + MAX_COMMENT);
    const tail = this.bytes(this.fileSize - tailLength, tailLength);
    let end = -1;
    for (let offset = tail.length - END_RECORD_SIZE; offset >= 0; offset--) {
      if (tail.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
        end = offset;
        break;
      }
    }
    if (end < 0) throw new Error('not a ZIP file (no end of central directory)');
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw new Error('ZIP64 files are not supported');
    if (directoryOffset + directorySize > this.fileSize) throw new Error('the ZIP central directory lies outside the file');
    const directory = this.bytes(directoryOffset, directorySize);
    let offset = 0;
    for (let index = 0; index < count; index++) {
      if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error('the ZIP central directory is damaged');
      const flags = directory.readUInt16LE(offset + 8);
      const nameLength = directory.readUInt16LE(offset + 28);
      const extraLength = directory.readUInt16LE(offset + 30);
      const commentLength = directory.readUInt16LE(offset + 32);
      const nameBytes = directory.subarray(offset + 46, offset + 46 + nameLength);
      // Bit 11: the name is UTF-8; otherwise it is CP437, of which ASCII names are the common case.
      const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
      if (!(flags & 0x1)) {
        this.entries.set(name, {
          name,
          method: directory.readUInt16LE(offset + 10),
          compressedSize: directory.readUInt32LE(offset + 20),
          size: directory.readUInt32LE(offset + 24),
          localHeaderOffset: directory.readUInt32LE(offset + 42),
        });
      }
      offset += 46 + nameLength + extraLength + commentLength;
    }
  }

  private bytes(position: number, length: number): Buffer {
    if (position < 0 || position + length > this.fileSize) throw new Error('the ZIP file is truncated');
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const got = fs.readSync(this.fd, buffer, read, length - read, position + read);
      if (got === 0) throw new Error('the ZIP file is truncated');
      read += got;
    }
    return buffer;
  }
}
