import { ArchiveError } from '../zip/read.js';
import type { ArchiveEntry } from '../zip/write.js';

/**
 * A POSIX ustar writer and a reader for what common tar programs write (ustar, pax `path`/`size`
 * records, GNU long names). The writer fixes everything a tar header can vary: mtime from the
 * build date, owner 0:0 with no names, mode 0644 (files) or 0755 (folders).
 */

const BLOCK = 512;
const FILE_MODE = 0o644;
const FOLDER_MODE = 0o755;

function octal(value: number, width: number): string {
  // width includes the terminating NUL
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: Buffer, prefix: Buffer, size: number, mtime: number, type: string, mode: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0);
  block.write(octal(mode, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(mtime, 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(type, 156, 'latin1');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  prefix.copy(block, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Splits a long path at a slash into ustar's prefix (≤155 bytes) and name (≤100 bytes), when it can. */
function splitPath(path: Buffer): { name: Buffer; prefix: Buffer } | undefined {
  if (path.length <= 100) return { name: path, prefix: Buffer.alloc(0) };
  for (let slash = path.indexOf(0x2f); slash !== -1; slash = path.indexOf(0x2f, slash + 1)) {
    if (slash <= 155 && path.length - slash - 1 <= 100 && path.length - slash - 1 > 0) {
      return { prefix: path.subarray(0, slash), name: path.subarray(slash + 1) };
    }
  }
  return undefined;
}

/** A pax extended header record `LEN key=value\n`, where LEN counts the whole record. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body, 'utf8');
  let length = bodyLength + String(bodyLength).length;
  if (String(length).length + bodyLength !== length) length = bodyLength + String(length).length;
  return Buffer.from(`${length}${body}`, 'utf8');
}

export function writeTar(entries: readonly ArchiveEntry[], date: Date): Uint8Array {
  const mtime = Math.max(0, Math.min(0o77777777777, Math.floor(date.getTime() / 1000)));
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const folder = entry.data === undefined;
    const data = entry.data ?? new Uint8Array(0);
    if (data.length > 0o77777777777) throw new Error(`${entry.path} is too large for a ustar archive`);
    const path = Buffer.from(entry.path, 'utf8');
    let split = splitPath(path);
    if (!split) {
      const records = paxRecord('path', entry.path);
      parts.push(header(Buffer.from('PaxHeaders/entry', 'latin1'), Buffer.alloc(0), records.length, mtime, 'x', FILE_MODE), records, padding(records.length));
      split = { name: path.subarray(path.length - Math.min(100, path.length)), prefix: Buffer.alloc(0) };
    }
    parts.push(header(split.name, split.prefix, folder ? 0 : data.length, mtime, folder ? '5' : '0', folder ? FOLDER_MODE : FILE_MODE));
    if (!folder) parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength), padding(data.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return new Uint8Array(Buffer.concat(parts));
}

function readString(block: Buffer, start: number, length: number): Buffer {
  const field = block.subarray(start, start + length);
  const nul = field.indexOf(0);
  return nul === -1 ? field : field.subarray(0, nul);
}

function readNumber(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if (field[0]! & 0x80) {
    // GNU base-256 for values too large for octal
    let value = field[0]! & 0x7f;
    for (let index = 1; index < field.length; index++) value = value * 256 + field[index]!;
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`a tar header holds "${text}" where an octal number belongs (damaged archive)`);
  return parseInt(text, 8);
}

function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let position = 0;
  while (position < data.length) {
    const space = data.indexOf(0x20, position);
    if (space === -1) break;
    const length = Number(data.toString('latin1', position, space));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.toString('utf8', space + 1, position + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    position += length;
  }
  return records;
}

/** Reads a tar archive: regular files and folders; links and devices are reported as ArchiveError. */
export function readTar(bytes: Buffer): { path: string; folder: boolean; data: Uint8Array }[] {
  const entries: { path: string; folder: boolean; data: Uint8Array }[] = [];
  let position = 0;
  let longName: string | undefined;
  let pax = new Map<string, string>();
  while (position + BLOCK <= bytes.length) {
    const block = bytes.subarray(position, position + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    let sum = 0;
    for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 0x20 : block[index]!;
    if (readNumber(block, 148, 8) !== sum) throw new ArchiveError(`the tar header at byte ${position} fails its checksum (damaged archive, or not a tar file)`);
    const type = String.fromCharCode(block[156]!);
    let size = readNumber(block, 124, 12);
    if (pax.has('size')) size = Number(pax.get('size'));
    const dataStart = position + BLOCK;
    const data = bytes.subarray(dataStart, dataStart + size);
    if (data.length !== size) throw new ArchiveError('the tar archive is truncated');
    position = dataStart + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L') {
      longName = readString(data, 0, data.length).toString('utf8');
      continue;
    }
    const ustar = block.toString('latin1', 257, 262) === 'ustar';
    const prefix = ustar ? readString(block, 345, 155).toString('utf8') : '';
    const name = readString(block, 0, 100).toString('utf8');
    const entryPath = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${name}` : name);
    pax = new Map();
    longName = undefined;
    if (type === '5') entries.push({ path: entryPath.endsWith('/') ? entryPath : `${entryPath}/`, folder: true, data: new Uint8Array(0) });
    else if (type === '0' || type === '\0' || type === '7') entries.push({ path: entryPath, folder: false, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    else throw new ArchiveError(`${entryPath} is a ${type === '2' ? 'symbolic link' : type === '1' ? 'hard link' : `tar entry of type "${type}"`}, not a regular file; a bag holds only files`);
  }
  return entries;
}
