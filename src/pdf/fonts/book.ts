import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { FontFaces, FontRole, PrintTheme } from '../../template/theme.js';
import { Coverage } from './coverage.js';
import { harfbuzz } from './harfbuzz.js';
import { RIGHT_TO_LEFT_LETTER } from '../../core/direction.js';

/** How a string is set in a face, as drawn. */
/** A direction to set text in against its script's own: see LoadedFont.pieces. */
export type SetDirection = 'rtl' | 'ltr';

export interface Measure {
  /** Advance width in ems (kerning and ligatures included). */
  advance: number;
  /** Glyphs drawn (after ligatures): letter-spacing is added after each of them. */
  glyphs: number;
  /** True when a glyph is offset from the pen (mark positioning): such text is never letter-spaced. */
  offsets: boolean;
}

/** A glyph's placement in pdfkit's units (thousandths of an em), as pdfkit's own layout gives it. */
export interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/**
 * A glyph as drawn: its id, advance (font units) and the characters it stands for (for the text
 * layer). The characters come from the text shaped, not from fontkit's glyph cache, which keeps
 * those of the first text that used the glyph (a no-break space would make every later space one).
 */
export interface GlyphUse {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/**
 * A word (or one space) shaped once: what is measured is what is drawn. Kept compact (typed arrays, in
 * font units), since a long document shapes tens of thousands of different words.
 */
export interface Shaped extends Measure {
  text: string;
  /** Glyph ids, in drawing order. */
  ids: Uint32Array;
  /** Each glyph's advance, kerning included. */
  advances: Int32Array;
  /** Where each glyph's cluster starts in `text` (UTF-16 index). */
  clusters: Uint32Array;
  /** Offsets and vertical advances, only when some glyph is offset. */
  xOffsets: Int32Array | undefined;
  yOffsets: Int32Array | undefined;
  yAdvances: Int32Array | undefined;
  /** Each character has a glyph of its own, in order. */
  oneToOne: boolean;
}

/**
 * A font file, parsed once per process and shared by every build in it, with the words shaped with it.
 * Parsing is lazy: a face that no text needs (an unused style, a fallback font that draws nothing) is
 * never read; whether a font has a character is read from its cmap alone (see Face.has).
 *
 * Text is shaped by HarfBuzz in pieces: each stretch between spaces, and each space, on its own (with
 * the font's default features: kerning, ligatures, marks). Measuring and drawing both go through these
 * pieces (pdfkit is handed them instead of shaping again with fontkit), so every word is shaped once per
 * process and the drawn text is exactly as wide as it was measured. fontkit still reads the font for
 * pdfkit's embedding and subsetting, which never touch its (slow to decode) layout tables.
 */
class LoadedFont {
  readonly data: Buffer;
  readonly font: fontkit.Font;
  private readonly shaper: harfbuzz.Font;
  private readonly advances = new Map<number, number>();
  readonly ascent: number;
  readonly descent: number;
  private readonly scale: number;
  private readonly shaped = new Map<string, Shaped>();
  /** Punctuation set right to left (see `pieces`): few, and kept apart so that `shaped` stays keyed by text alone. */
  private readonly shapedRightToLeft = new Map<string, Shaped>();
  private readonly shapedLeftToRight = new Map<string, Shaped>();
  private readonly subsets = new Map<string, Uint8Array>();
  /** Coverage of the Basic Multilingual Plane: 0 unknown, 1 has a glyph, 2 has none. */
  private readonly bmp = new Uint8Array(0x10000);
  private readonly astral = new Map<number, boolean>();
  private readonly readBack = new WeakMap<Shaped, boolean>();

  constructor(file: string) {
    this.data = fs.readFileSync(file);
    const created = fontkit.create(this.data);
    if (!('layout' in created)) throw new Error(`font ${file} is a collection; give a single .ttf face`);
    this.font = created;
    lightPostTable(created, this.data);
    // HarfBuzz keeps its own copy of the bytes; its scale is the font's units per em.
    this.shaper = new harfbuzz.Font(new harfbuzz.Face(new harfbuzz.Blob(this.data), 0));
    const em = created.unitsPerEm;
    this.scale = 1000 / em;
    this.ascent = created.ascent / em;
    this.descent = Math.abs(created.descent) / em;
  }

  /**
   * Drops the glyph objects fontkit made while pdfkit subset the font (with their decoded outlines):
   * called when a document has been written, so that a long-lived process does not keep them. (The text
   * layer never depends on them: the characters of each glyph come from the text shaped.)
   */
  forgetGlyphs(): void {
    (this.font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
  }

  /**
   * The font file subset to the given glyphs (in pdfkit's order), encoded once for each set of glyphs:
   * rebuilding a document rebuilds the same subset.
   */
  subset(glyphs: readonly number[], encode: () => Uint8Array): Uint8Array {
    const key = glyphs.join(',');
    let bytes = this.subsets.get(key);
    if (!bytes) {
      bytes = encode();
      if (this.subsets.size >= SUBSET_LIMIT) this.subsets.delete(this.subsets.keys().next().value!);
      this.subsets.set(key, bytes);
    }
    return bytes;
  }

  has(codePoint: number): boolean {
    if (codePoint < 0x10000) {
      const known = this.bmp[codePoint]!;
      if (known !== 0) return known === 1;
      const found = this.shaper.nominalGlyph(codePoint) !== undefined;
      this.bmp[codePoint] = found ? 1 : 2;
      return found;
    }
    let known = this.astral.get(codePoint);
    if (known === undefined) {
      known = this.shaper.nominalGlyph(codePoint) !== undefined;
      this.astral.set(codePoint, known);
    }
    return known;
  }

  /**
   * Measures text: the sum of its pieces. A word (no space or tab) or a single character is one piece,
   * which is its own measure: the composer measures every word this way, and needs no new object for it.
   */
  measure(text: string): Measure {
    // One character (a space too) or one word is one piece.
    if (text.length === 1 || (text.length > 0 && !text.includes(' ') && !text.includes('\t'))) return this.shape(text);
    let advance = 0;
    let glyphs = 0;
    let offsets = false;
    this.pieces(text, (piece) => {
      advance += piece.advance;
      glyphs += piece.glyphs;
      offsets ||= piece.offsets;
    });
    return { advance, glyphs, offsets };
  }

  /** Each character's advance in a text without spaces, ems, when every character has a glyph of its own. */
  perCharacter(text: string): Float64Array | undefined {
    const piece = this.shape(text);
    if (!piece.oneToOne) return undefined;
    const em = this.font.unitsPerEm;
    const widths = new Float64Array(piece.advances.length);
    for (let index = 0; index < widths.length; index++) widths[index] = piece.advances[index]! / em;
    return widths;
  }

  /**
   * Whether a PDF's text layer gives `piece` back as typed: its glyphs' characters (see codePoints), in
   * drawing order, spell its text (backwards for a right-to-left piece, which extractors turn round;
   * poppler's pdftotext only does so for scripts of the Basic Multilingual Plane, not for Adlam),
   * and no glyph is placed off its advance. Not so where a vowel sign is drawn before its consonant
   * (Devanagari ि) or a mark is placed back over the letter before it (Oriya ି, Tibetan ི), which
   * extractors then read first or on a line of their own: such text is drawn with its ActualText.
   */
  readsBackAsTyped(piece: Shaped): boolean {
    let known = this.readBack.get(piece);
    if (known === undefined && piece.oneToOne) {
      // Each glyph stands for its own character, in order: the glyphs spell the text.
      known = RIGHT_TO_LEFT_LETTER.test(piece.text) || !piece.offsets;
      this.readBack.set(piece, known);
    }
    if (known === undefined) {
      let spelled = '';
      for (let index = 0; index < piece.ids.length; index++) spelled += String.fromCodePoint(...this.codePoints(piece, index));
      known = RIGHT_TO_LEFT_LETTER.test(piece.text)
        ? spelled === piece.text || (!ASTRAL.test(piece.text) && [...spelled].reverse().join('') === piece.text)
        : spelled === piece.text && !piece.offsets;
      this.readBack.set(piece, known);
    }
    return known;
  }

  /** pdfkit's units (thousandths of an em) per font unit. */
  get pdfScale(): number {
    return this.scale;
  }

  /** A glyph's advance without kerning (font units): what the PDF's width table says. */
  nominalAdvance(glyph: number): number {
    let width = this.advances.get(glyph);
    if (width === undefined) {
      width = this.shaper.glyphHAdvance(glyph);
      this.advances.set(glyph, width);
    }
    return width;
  }

  /**
   * The characters glyph `index` of a piece stands for (for the text layer), taken from the text shaped
   * (not from fontkit's glyph cache, which keeps those of the first text that used the glyph: a no-break
   * space would make every later space one). A glyph alone in its cluster stands for the cluster's
   * characters (a ligature for several); in a cluster of several glyphs (reordered or decomposed), each
   * glyph that is a character's own glyph stands for that character, and the first other glyph that
   * advances (else the first other) for the rest.
   */
  codePoints(piece: Shaped, index: number): number[] {
    if (piece.oneToOne) return [piece.text.codePointAt(piece.clusters[index]!)!];
    const clusters = piece.clusters;
    const start = clusters[index]!;
    let end = piece.text.length;
    const group: number[] = [];
    for (let other = 0; other < clusters.length; other++) {
      const cluster = clusters[other]!;
      if (cluster === start) group.push(other);
      else if (cluster > start && cluster < end) end = cluster;
    }
    const text = piece.text.slice(start, end);
    if (group.length === 1) return text.length === 1 ? [text.charCodeAt(0)] : Array.from(text, (char) => char.codePointAt(0)!);
    const points = Array.from(text, (char) => char.codePointAt(0)!);
    const taken = new Array<boolean>(points.length).fill(false);
    const own = new Map<number, number>();
    for (const glyph of group) {
      const at = points.findIndex((point, position) => !taken[position] && this.shaper.nominalGlyph(point) === piece.ids[glyph]);
      if (at >= 0) {
        taken[at] = true;
        own.set(glyph, points[at]!);
      }
    }
    const mine = own.get(index);
    if (mine !== undefined) return [mine];
    // The rest go with a glyph that advances (a base), not with a mark drawn off it: a letter drawn as a
    // dotless base and its dots (Noto Sans Arabic) is found at the base.
    const others = group.filter((glyph) => !own.has(glyph));
    const carrier = others.find((glyph) => piece.advances[glyph] !== 0) ?? others[0];
    return carrier === index ? points.filter((_point, position) => !taken[position]) : [];
  }

  /** Glyph `index` of a piece as pdfkit's layout would give it (a new object). */
  glyphUse(piece: Shaped, index: number): GlyphUse {
    const id = piece.ids[index]!;
    return { id, advanceWidth: this.nominalAdvance(id), codePoints: this.codePoints(piece, index) };
  }

  /** The placement of glyph `index` of a piece in pdfkit's units (a new object). */
  position(piece: Shaped, index: number): GlyphPosition {
    return {
      xAdvance: piece.advances[index]! * this.scale,
      yAdvance: (piece.yAdvances?.[index] ?? 0) * this.scale,
      xOffset: (piece.xOffsets?.[index] ?? 0) * this.scale,
      yOffset: (piece.yOffsets?.[index] ?? 0) * this.scale,
      advanceWidth: this.nominalAdvance(piece.ids[index]!) * this.scale,
    };
  }

  /** Each glyph of `text` as drawn (set in `direction` when given, see `pieces`), with its placement (new objects). */
  glyphs(text: string, each: (glyph: GlyphUse, position: GlyphPosition) => void, direction?: SetDirection): void {
    this.pieces(text, (piece) => {
      for (let index = 0; index < piece.ids.length; index++) each(this.glyphUse(piece, index), this.position(piece, index));
    }, direction);
  }

  /**
   * The shaped pieces of `text`, in order (shared objects: read them, do not keep or change them).
   * Each piece is set in its script's direction (digits left to right), unless `direction` says:
   * `rtl` sets punctuation right to left, as it is at a right-to-left level: brackets mirrored, a
   * piece's glyphs in reverse (a piece with right-to-left letters is set so anyway); `ltr` sets
   * right-to-left letters left to right, as typed (under a left-to-right override). The pieces
   * themselves come in the order given: turning them round is the caller's part.
   */
  pieces(text: string, each: (piece: Shaped) => void, direction?: SetDirection): void {
    if (text.length === 0) return;
    const shape = direction === 'rtl' ? this.shapeRightToLeft : direction === 'ltr' ? this.shapeLeftToRight : this.shape;
    let start = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== 0x20 && code !== 0x09) continue;
      if (index > start) each(shape.call(this, text.slice(start, index)));
      each(this.shape(code === 0x20 ? ' ' : '\t'));
      start = index + 1;
    }
    if (start < text.length) each(shape.call(this, start === 0 ? text : text.slice(start)));
  }

  private shapeLeftToRight(text: string): Shaped {
    if (!RIGHT_TO_LEFT_LETTER.test(text)) return this.shape(text);
    let found = this.shapedLeftToRight.get(text);
    if (!found) {
      found = this.shapeAnew(text, harfbuzz.Direction.LTR);
      // Right-to-left letters drawn left to right: an extractor would read them backwards (see readsBackAsTyped).
      this.readBack.set(found, false);
      if (this.shapedLeftToRight.size >= MEASURE_LIMIT) this.shapedLeftToRight.clear();
      this.shapedLeftToRight.set(text, found);
    }
    return found;
  }

  private shapeRightToLeft(text: string): Shaped {
    if (RIGHT_TO_LEFT_LETTER.test(text)) return this.shape(text);
    let found = this.shapedRightToLeft.get(text);
    if (!found) {
      found = this.shapeAnew(text, harfbuzz.Direction.RTL);
      if (this.shapedRightToLeft.size >= MEASURE_LIMIT) this.shapedRightToLeft.clear();
      this.shapedRightToLeft.set(text, found);
    }
    return found;
  }

  private shape(text: string): Shaped {
    let found = this.shaped.get(text);
    if (found) return found;
    // HarfBuzz takes the direction from the script, but the digits of a right-to-left script (٠١٢) run left to right.
    found = this.shapeAnew(text, RIGHT_TO_LEFT_LETTER.test(text) ? undefined : harfbuzz.Direction.LTR);
    // A long-lived process (watch, a batch worker) keeps the words it met, within bounds.
    if (this.shaped.size >= MEASURE_LIMIT) this.shaped.clear();
    this.shaped.set(text, found);
    return found;
  }

  /** `text` shaped by HarfBuzz, in `direction`, else the one its script has. */
  private shapeAnew(text: string, direction: harfbuzz.Direction | undefined): Shaped {
    buffer ??= new harfbuzz.Buffer();
    buffer.clearContents();
    // Marks keep clusters of their own (not merged into their base's), so each glyph stands for its own character in the text layer.
    buffer.setClusterLevel(harfbuzz.ClusterLevel.MONOTONE_CHARACTERS);
    buffer.addText(text);
    buffer.guessSegmentProperties();
    if (direction !== undefined) buffer.setDirection(direction);
    harfbuzz.shape(this.shaper, buffer);
    const infos = buffer.getGlyphInfos();
    const placed = buffer.getGlyphPositions();
    const count = infos.length;
    const ids = new Uint32Array(count);
    const advances = new Int32Array(count);
    const clusters = new Uint32Array(count);
    let xOffsets: Int32Array | undefined;
    let yOffsets: Int32Array | undefined;
    let yAdvances: Int32Array | undefined;
    // One glyph for each character, in order: the i-th glyph's cluster starts at the i-th character.
    let oneToOne = true;
    let character = 0;
    let advance = 0;
    for (let index = 0; index < count; index++) {
      const info = infos[index]!;
      const place = placed[index]!;
      ids[index] = info.codepoint;
      advances[index] = place.xAdvance;
      clusters[index] = info.cluster;
      advance += place.xAdvance;
      if (place.xOffset !== 0 || place.yOffset !== 0 || place.yAdvance !== 0) {
        xOffsets ??= new Int32Array(count);
        yOffsets ??= new Int32Array(count);
        yAdvances ??= new Int32Array(count);
        xOffsets[index] = place.xOffset;
        yOffsets[index] = place.yOffset;
        yAdvances[index] = place.yAdvance;
      }
      if (oneToOne) {
        if (info.cluster !== character || character >= text.length) oneToOne = false;
        else {
          const code = text.charCodeAt(character);
          character += code >= 0xd800 && code <= 0xdbff && character + 1 < text.length ? 2 : 1;
        }
      }
    }
    if (character !== text.length) oneToOne = false;
    const offsets = xOffsets !== undefined && (xOffsets.some((value) => value !== 0) || yOffsets!.some((value) => value !== 0));
    return { text, advance: advance / this.font.unitsPerEm, glyphs: count, offsets, ids, advances, clusters, xOffsets, yOffsets, yAdvances, oneToOne };
  }
}

/**
 * One HarfBuzz buffer, reused for every piece shaped (shaping is synchronous); made on first use,
 * since in the bundle HarfBuzz is not ready yet when this module loads (see ./harfbuzz.ts).
 */
let buffer: harfbuzz.Buffer | undefined;

/**
 * Gives fontkit the `post` table's header, read from the bytes, so that it never decodes the whole table:
 * pdfkit's embedding reads only its italic angle and fixed-pitch flag, and the rest (a name for each of
 * thousands of glyphs) costs more than any other table to decode. Nothing Pressroom does uses glyph names.
 */
function lightPostTable(font: fontkit.Font, data: Buffer): void {
  const internals = font as unknown as { directory?: { tables?: Record<string, { offset: number; length: number }> }; _tables?: Record<string, unknown> };
  const entry = internals.directory?.tables?.post;
  if (!entry || !internals._tables || 'post' in internals._tables || entry.length < 32 || entry.offset + 32 > data.length) return;
  const at = entry.offset;
  internals._tables.post = {
    version: data.readInt32BE(at) / 65536,
    italicAngle: data.readInt32BE(at + 4) / 65536,
    underlinePosition: data.readInt16BE(at + 8),
    underlineThickness: data.readInt16BE(at + 10),
    isFixedPitch: data.readUInt32BE(at + 12),
    minMemType42: data.readUInt32BE(at + 16),
    maxMemType42: data.readUInt32BE(at + 20),
    minMemType1: data.readUInt32BE(at + 24),
    maxMemType1: data.readUInt32BE(at + 28),
  };
}

const MEASURE_LIMIT = 200_000;
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;
const SUBSET_LIMIT = 16;
const loaded = new Map<string, LoadedFont>();
/** Each font file's coverage, read once per process; null when its cmap is not one Coverage reads. */
const coverages = new Map<string, Coverage | null>();

function load(file: string): LoadedFont {
  let entry = loaded.get(file);
  if (!entry) {
    entry = new LoadedFont(file);
    loaded.set(file, entry);
  }
  return entry;
}

/** Forgets every font parsed and every word shaped in this process (tests; a long-lived process that wants the memory back). */
export function forgetLoadedFonts(): void {
  loaded.clear();
  coverages.clear();
}

/** The characters a font file has glyphs for. */
interface CharacterSet {
  has(codePoint: number): boolean;
}

function characterSet(file: string): CharacterSet {
  let coverage = coverages.get(file);
  if (coverage === undefined) {
    coverage = Coverage.read(file) ?? null;
    coverages.set(file, coverage);
  }
  // A cmap Coverage cannot read is left to HarfBuzz, at the price of parsing the font.
  return coverage ?? load(file);
}

/**
 * One font file as a document uses it: its resource name there, and the font, opened on first use.
 * Whether it has a character is answered from its cmap alone, so that trying a fallback font that
 * turns out not to have a character never parses it.
 */
export class Face {
  private opened: LoadedFont | undefined;
  private characters: CharacterSet | undefined;

  /** Whether the font has been opened (read and parsed) for this document. */
  get isOpen(): boolean {
    return this.opened !== undefined;
  }

  constructor(
    /** Name the face is registered under in the PDF document; stable across runs. */
    readonly key: string,
    readonly path: string,
  ) {}

  get loaded(): LoadedFont {
    return (this.opened ??= load(this.path));
  }

  has(codePoint: number): boolean {
    return (this.characters ??= characterSet(this.path)).has(codePoint);
  }

  /** The parsed font (shared by every document of the process). */
  get font(): fontkit.Font {
    return this.loaded.font;
  }

  /** Ascender and descender as fractions of the em (descent positive). */
  get ascent(): number {
    return this.loaded.ascent;
  }

  get descent(): number {
    return this.loaded.descent;
  }
}

/**
 * The faces a theme names, their fallback chain and their measurements.
 * Widths come from fontkit's layout with its default features, which is what pdfkit draws.
 */
export class FontBook {
  private readonly faces = new Map<string, Face>();
  private readonly fallbacks: Face[];

  constructor(private readonly fonts: PrintTheme['fonts']) {
    // Faces are named in a fixed order (the theme's), whichever of them a document ends up using.
    for (const role of ['body', 'heading', 'sans', 'mono'] as const) {
      const faces = fonts[role];
      for (const file of [faces.regular, faces.italic, faces.bold, faces.boldItalic]) if (file) this.byPath(file);
    }
    // The symbol fonts come before the template's other families (an arrow the serif lacks is drawn as a
    // symbol, not in the monospaced family), the script fonts after them (a mathematical sign the serif
    // lacks is drawn in the mono family, not in the CJK font that also has it).
    const extra = [...fonts.fallback, fonts.body.regular, fonts.sans.regular, fonts.mono.regular, fonts.heading.regular, ...fonts.scripts];
    this.fallbacks = extra.map((file) => this.byPath(file));
  }

  /** The face for a role and style; a missing face falls back to the nearest one the family has. */
  face(role: FontRole, bold = false, italic = false): Face {
    const faces: FontFaces = this.fonts[role];
    const file =
      bold && italic
        ? (faces.boldItalic ?? faces.bold ?? faces.italic ?? faces.regular)
        : bold
          ? (faces.bold ?? faces.regular)
          : italic
            ? (faces.italic ?? faces.regular)
            : faces.regular;
    return this.byPath(file);
  }

  /** The faces tried, in order, for a character the primary face lacks. */
  chain(primary: Face): Face[] {
    return [primary, ...this.fallbacks.filter((face) => face !== primary)];
  }

  /** Every face the theme names, in the theme's order (deterministic); not all of them are opened. */
  all(): Face[] {
    return [...this.faces.values()];
  }

  /** See LoadedFont.forgetGlyphs: call once a document using this book is written. */
  forgetGlyphs(): void {
    for (const face of this.faces.values()) if (face.isOpen) face.loaded.forgetGlyphs();
  }

  has(face: Face, codePoint: number): boolean {
    return face.has(codePoint);
  }

  /** How `text` is drawn in `face`: advance in ems, glyph count, mark offsets (perhaps a shared object: read it, do not change it). */
  measure(face: Face, text: string): Measure {
    return face.loaded.measure(text);
  }

  /**
   * Each character's advance (ems) in `text` (one word, no spaces) as set in `face`, kerning with the next
   * character included, so that the parts of a word add up to the word; undefined when glyphs and
   * characters do not pair up (ligatures).
   */
  perCharacter(face: Face, text: string): Float64Array | undefined {
    return face.loaded.perCharacter(text);
  }

  /** Advance width of `text` set in `face` at `size` points, kerning and ligatures included. */
  width(face: Face, text: string, size: number): number {
    if (text === '') return 0;
    return face.loaded.measure(text).advance * size;
  }

  private byPath(file: string): Face {
    let face = this.faces.get(file);
    if (!face) {
      const key = `F${this.faces.size}-${path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9_-]/g, '')}`;
      face = new Face(key, file);
      this.faces.set(file, face);
    }
    return face;
  }
}
