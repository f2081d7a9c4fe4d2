import fs from 'node:fs';

/**
 * Which characters a font file has a glyph for, read from its `cmap` table alone: the table directory
 * and that one table are read from the file, nothing else. Deciding whether a fallback font can draw a
 * character thus costs a few kilobytes, not the parse of the whole font (10 MB for a CJK face); the font
 * itself is read only when it draws something.
 *
 * The answers are HarfBuzz's (the shaper's): the same subtable is chosen, and a character mapped to
 * glyph 0 has no glyph. A font whose cmap this reader does not understand gives undefined, and the
 * caller asks the parsed font instead.
 */
export class Coverage {
  constructor(
    /** One bit per character of the Basic Multilingual Plane. */
    private readonly bmp: Uint8Array,
    /** Ranges of supplementary-plane characters, sorted: start, end (inclusive), start, end, … */
    private readonly astral: Uint32Array,
  ) {}

  has(codePoint: number): boolean {
    if (codePoint < 0x10000) return (this.bmp[codePoint >> 3]! & (1 << (codePoint & 7))) !== 0;
    const ranges = this.astral;
    let low = 0;
    let high = ranges.length / 2 - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (codePoint < ranges[middle * 2]!) high = middle - 1;
      else if (codePoint > ranges[middle * 2 + 1]!) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** Reads the coverage of a .ttf/.otf file; undefined when its cmap has no subtable this reader knows, or is cut short. */
  static read(file: string): Coverage | undefined {
    const descriptor = fs.openSync(file, 'r');
    try {
      const cmap = readTable(descriptor, 'cmap');
      const ranges = cmap && mappedRanges(cmap);
      return ranges && new Coverage(ranges.bmp, ranges.mergedAstral());
    } catch (error) {
      // A damaged table (offsets past its end) is left to HarfBuzz, which tolerates what it can.
      if (error instanceof RangeError) return undefined;
      throw error;
    } finally {
      fs.closeSync(descriptor);
    }
  }
}

function readAt(descriptor: number, position: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  const read = fs.readSync(descriptor, bytes, 0, length, position);
  return read === length ? bytes : bytes.subarray(0, read);
}

/** One table of an sfnt file (TrueType or CFF-flavoured OpenType), found through the table directory. */
function readTable(descriptor: number, tag: string): Buffer | undefined {
  const header = readAt(descriptor, 0, 12);
  if (header.length < 12) return undefined;
  const tables = header.readUInt16BE(4);
  const directory = readAt(descriptor, 12, tables * 16);
  for (let index = 0; index + 16 <= directory.length; index += 16) {
    if (directory.toString('latin1', index, index + 4) !== tag) continue;
    const offset = directory.readUInt32BE(index + 8);
    const length = directory.readUInt32BE(index + 12);
    const table = readAt(descriptor, offset, length);
    return table.length === length ? table : undefined;
  }
  return undefined;
}

/** HarfBuzz's order of preference among cmap subtables (platform, encoding): full Unicode first. */
const PREFERRED_SUBTABLES: readonly (readonly [number, number])[] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/** The characters the font's preferred cmap subtable maps to a glyph; undefined for a format not read here. */
function mappedRanges(cmap: Buffer): Ranges | undefined {
  const count = cmap.readUInt16BE(2);
  const offsets = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const at = 4 + index * 8;
    const key = `${cmap.readUInt16BE(at)},${cmap.readUInt16BE(at + 2)}`;
    if (!offsets.has(key)) offsets.set(key, cmap.readUInt32BE(at + 4));
  }
  // Only the preferred subtable counts, as for HarfBuzz: one in a format not read here is not passed over for a worse one.
  const preferred = PREFERRED_SUBTABLES.map(([platform, encoding]) => offsets.get(`${platform},${encoding}`)).find((offset) => offset !== undefined);
  if (preferred === undefined) return undefined;
  const ranges = new Ranges();
  const format = cmap.readUInt16BE(preferred);
  if (format === 4) readFormat4(cmap, preferred, ranges);
  else if (format === 12 || format === 13) readFormat12(cmap, preferred, format, ranges);
  else return undefined;
  return ranges;
}

/** Characters as they are read: Basic Multilingual Plane ones straight into bits, the others as flat (first, last) pairs. */
class Ranges {
  readonly bmp = new Uint8Array(0x10000 / 8);
  private readonly astral: number[] = [];

  add(first: number, last: number): void {
    for (let codePoint = first; codePoint <= Math.min(last, 0xffff); codePoint++) this.bmp[codePoint >> 3]! |= 1 << (codePoint & 7);
    if (last >= 0x10000) this.astral.push(Math.max(first, 0x10000), last);
  }

  /** The supplementary-plane pairs sorted (format 12 groups come sorted; a damaged table may not) and merged. */
  mergedAstral(): Uint32Array {
    let pairs: number[] = this.astral;
    if (!isSortedByFirst(pairs)) {
      const sorted = Array.from({ length: pairs.length / 2 }, (_, index) => [pairs[index * 2]!, pairs[index * 2 + 1]!] as const).sort((a, b) => a[0] - b[0]);
      pairs = sorted.flat();
    }
    const merged: number[] = [];
    for (let index = 0; index < pairs.length; index += 2) {
      const first = pairs[index]!;
      const last = pairs[index + 1]!;
      const end = merged.length - 1;
      if (merged.length > 0 && first <= merged[end]! + 1) merged[end] = Math.max(merged[end]!, last);
      else merged.push(first, last);
    }
    return Uint32Array.from(merged);
  }
}

function isSortedByFirst(pairs: readonly number[]): boolean {
  for (let index = 2; index < pairs.length; index += 2) if (pairs[index]! < pairs[index - 2]!) return false;
  return true;
}

/** Segment mapping to delta values: each segment maps by a delta or through the glyph id array; glyph 0 is no glyph. */
function readFormat4(cmap: Buffer, at: number, ranges: Ranges): void {
  const segments = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let segment = 0; segment < segments; segment++) {
    const end = cmap.readUInt16BE(ends + segment * 2);
    const start = cmap.readUInt16BE(starts + segment * 2);
    const delta = cmap.readUInt16BE(deltas + segment * 2);
    const rangeOffsetAt = rangeOffsets + segment * 2;
    const rangeOffset = cmap.readUInt16BE(rangeOffsetAt);
    if (rangeOffset === 0) {
      for (let codePoint = start; codePoint <= end; codePoint++) if (((codePoint + delta) & 0xffff) !== 0) ranges.add(codePoint, codePoint);
      continue;
    }
    for (let codePoint = start; codePoint <= end; codePoint++) {
      const glyphAt = rangeOffsetAt + rangeOffset + (codePoint - start) * 2;
      if (glyphAt + 2 > cmap.length) break;
      const glyph = cmap.readUInt16BE(glyphAt);
      if (glyph !== 0 && ((glyph + delta) & 0xffff) !== 0) ranges.add(codePoint, codePoint);
    }
  }
}

/** Segmented coverage (12: consecutive glyphs; 13: one glyph for the whole group). */
function readFormat12(cmap: Buffer, at: number, format: number, ranges: Ranges): void {
  const groups = cmap.readUInt32BE(at + 12);
  for (let group = 0; group < groups; group++) {
    const entry = at + 16 + group * 12;
    const start = cmap.readUInt32BE(entry);
    const end = Math.min(cmap.readUInt32BE(entry + 4), 0x10ffff);
    const glyph = cmap.readUInt32BE(entry + 8);
    if (format === 13 && glyph === 0) continue;
    if (format === 12 && glyph === 0) {
      // Only the group's first character maps to glyph 0.
      if (start < end) ranges.add(start + 1, end);
      continue;
    }
    if (start <= end) ranges.add(start, end);
  }
}
