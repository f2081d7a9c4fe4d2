import fs from 'node:fs';

/**
 * Which characters a font file has a glyph for, read from its `cmap` table alone: the table directory
 * and that one table are read from the file, nothing else. Deciding whether a fallback font can draw a
 * character thus costs a few kilobytes, not the parse of the whole font (10 MB for a CJK face); the font
 * itself is read only when it draws something.
 *
 * The answers are HarfBuzz's (the shaper's): the same subtable is chosen, it is searched as HarfBuzz
 * searches it (by binary search over its segments or groups), and a character mapped to glyph 0 has no
 * glyph. Each character is looked up when it is first asked about, and the answer kept: a document asks
 * about a few hundred characters, where expanding the whole table into a set of them took longer than
 * anything else a cold start does with a font. A font whose cmap this reader does not understand gives
 * undefined, and the caller asks the parsed font instead.
 */
export class Coverage {
  /** Answers for the Basic Multilingual Plane: 0 not looked up yet, 1 has a glyph, 2 has none. */
  private readonly bmp = new Uint8Array(0x10000);
  private readonly astral = new Map<number, boolean>();

  private constructor(private readonly subtable: Subtable) {}

  has(codePoint: number): boolean {
    if (codePoint < 0x10000) {
      const known = this.bmp[codePoint]!;
      if (known !== 0) return known === 1;
      const found = this.subtable.has(codePoint);
      this.bmp[codePoint] = found ? 1 : 2;
      return found;
    }
    let known = this.astral.get(codePoint);
    if (known === undefined) {
      known = this.subtable.has(codePoint);
      this.astral.set(codePoint, known);
    }
    return known;
  }

  /** Reads the coverage of a .ttf/.otf file; undefined when its cmap has no subtable this reader knows, or is cut short. */
  static read(file: string): Coverage | undefined {
    const descriptor = fs.openSync(file, 'r');
    try {
      const cmap = readTable(descriptor, 'cmap');
      const subtable = cmap && preferredSubtable(cmap);
      return subtable && new Coverage(subtable);
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

/** Whether a cmap subtable maps a character to a glyph. */
interface Subtable {
  has(codePoint: number): boolean;
}

/** The font's preferred cmap subtable; undefined for a format not read here, or one cut short. */
function preferredSubtable(cmap: Buffer): Subtable | undefined {
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
  const format = cmap.readUInt16BE(preferred);
  if (format === 4) return format4(cmap, preferred);
  if (format === 12 || format === 13) return format12(cmap, preferred, format);
  return undefined;
}

/** Segment mapping to delta values: each segment maps by a delta or through the glyph id array; glyph 0 is no glyph. */
function format4(cmap: Buffer, at: number): Subtable {
  const segments = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  // The arrays must all be there; a glyph id past the table's end is no glyph.
  if (rangeOffsets + segments * 2 > cmap.length) throw new RangeError('cmap format 4 subtable cut short');
  return {
    has(codePoint) {
      if (codePoint > 0xffff) return false;
      let low = 0;
      let high = segments - 1;
      while (low <= high) {
        const segment = (low + high) >> 1;
        if (codePoint > cmap.readUInt16BE(ends + segment * 2)) low = segment + 1;
        else if (codePoint < cmap.readUInt16BE(starts + segment * 2)) high = segment - 1;
        else {
          const delta = cmap.readUInt16BE(deltas + segment * 2);
          const rangeOffsetAt = rangeOffsets + segment * 2;
          const rangeOffset = cmap.readUInt16BE(rangeOffsetAt);
          if (rangeOffset === 0) return ((codePoint + delta) & 0xffff) !== 0;
          const glyphAt = rangeOffsetAt + rangeOffset + (codePoint - cmap.readUInt16BE(starts + segment * 2)) * 2;
          if (glyphAt + 2 > cmap.length) return false;
          const glyph = cmap.readUInt16BE(glyphAt);
          return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
        }
      }
      return false;
    },
  };
}

/** Segmented coverage (12: consecutive glyphs; 13: one glyph for the whole group). */
function format12(cmap: Buffer, at: number, format: number): Subtable {
  const groups = cmap.readUInt32BE(at + 12);
  if (at + 16 + groups * 12 > cmap.length) throw new RangeError(`cmap format ${format} subtable cut short`);
  return {
    has(codePoint) {
      let low = 0;
      let high = groups - 1;
      while (low <= high) {
        const group = (low + high) >> 1;
        const entry = at + 16 + group * 12;
        const start = cmap.readUInt32BE(entry);
        if (codePoint < start) high = group - 1;
        else if (codePoint > cmap.readUInt32BE(entry + 4)) low = group + 1;
        else {
          const glyph = cmap.readUInt32BE(entry + 8);
          return format === 13 ? glyph !== 0 : glyph + (codePoint - start) !== 0;
        }
      }
      return false;
    },
  };
}
