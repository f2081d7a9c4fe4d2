import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { FontFaces, FontRole, PrintTheme } from '../../template/theme.js';

/** One font file, opened once, measured the way pdfkit will draw it. */
export interface Face {
  /** Name the face is registered under in the PDF document; stable across runs. */
  key: string;
  path: string;
  data: Buffer;
  font: fontkit.Font;
  /** Ascender and descender as fractions of the em (descent positive). */
  ascent: number;
  descent: number;
}

const opened = new Map<string, { data: Buffer; font: fontkit.Font }>();

function open(file: string): { data: Buffer; font: fontkit.Font } {
  let entry = opened.get(file);
  if (!entry) {
    const data = fs.readFileSync(file);
    const created = fontkit.create(data);
    if (!('layout' in created)) throw new Error(`font ${file} is a collection; give a single .ttf face`);
    entry = { data, font: created };
    opened.set(file, entry);
  }
  return entry;
}

/**
 * The faces a theme names, their fallback chain and their measurements.
 * Widths come from fontkit's layout with its default features, which is what pdfkit draws.
 */
export class FontBook {
  private readonly faces = new Map<string, Face>();
  private readonly widths = new Map<Face, Map<string, number>>();
  private readonly coverage = new Map<Face, Map<number, boolean>>();
  private readonly fallbacks: Face[];

  constructor(private readonly fonts: PrintTheme['fonts']) {
    const extra = [...fonts.fallback, fonts.body.regular, fonts.sans.regular, fonts.mono.regular, fonts.heading.regular];
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

  /** Every face opened so far, in first-use order (deterministic). */
  all(): Face[] {
    return [...this.faces.values()];
  }

  has(face: Face, codePoint: number): boolean {
    let cache = this.coverage.get(face);
    if (!cache) this.coverage.set(face, (cache = new Map()));
    let known = cache.get(codePoint);
    if (known === undefined) {
      known = face.font.hasGlyphForCodePoint(codePoint);
      cache.set(codePoint, known);
    }
    return known;
  }

  /** Advance width of `text` set in `face` at `size` points, kerning and ligatures included. */
  width(face: Face, text: string, size: number): number {
    if (text === '') return 0;
    let cache = this.widths.get(face);
    if (!cache) this.widths.set(face, (cache = new Map()));
    let units = cache.get(text);
    if (units === undefined) {
      units = face.font.layout(text).advanceWidth / face.font.unitsPerEm;
      cache.set(text, units);
    }
    return units * size;
  }

  private byPath(file: string): Face {
    let face = this.faces.get(file);
    if (!face) {
      const { data, font } = open(file);
      const em = font.unitsPerEm;
      const key = `F${this.faces.size}-${path.basename(file, path.extname(file)).replace(/[^A-Za-z0-9_-]/g, '')}`;
      face = { key, path: file, data, font, ascent: font.ascent / em, descent: Math.abs(font.descent) / em };
      this.faces.set(file, face);
    }
    return face;
  }
}
