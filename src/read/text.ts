import type { VFile } from 'vfile';
import { reportError } from '../core/diagnostics.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Manuscripts are UTF-8 text. A byte-order mark and CRLF line ends are accepted;
 * anything that is not text is an error pointing at the first bad byte.
 */
export function decodeText(file: VFile, bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = pointAtByte(bytes, nul);
    reportError(file, 'this is a binary file, not a Markdown manuscript (it holds NUL bytes); save the manuscript as UTF-8 text', { line, column }, 'encoding');
    return '';
  }
  try {
    return strictUtf8.decode(bytes).replace(/\r\n?/g, '\n');
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = pointAtByte(bytes, bad);
    reportError(
      file,
      `invalid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')}); save the manuscript as UTF-8 — it may be Latin-1 or Windows-1252`,
      { line, column },
      'encoding',
    );
    return '';
  }
}

function pointAtByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  const column = Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').replace(/\uFFFD/g, '?').length + 1;
  return { line, column };
}

function firstInvalidUtf8(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    if (length > 1) {
      try {
        strictUtf8.decode(bytes.subarray(index, index + length));
      } catch {
        return index;
      }
    }
    index += length;
  }
  return bytes.length - 1;
}
