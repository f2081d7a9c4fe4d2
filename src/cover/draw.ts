import { isRightToLeft } from '../core/direction.js';
import type { Face, FontBook } from '../pdf/fonts/book.js';
import { clusters, visualSegments } from '../pdf/fonts/segment.js';
import { escapeXmlAttribute as escapeAttribute, escapeXmlText as escapeText } from '../xml/escape.js';

/** The template's fonts, with the faces a cover uses: its headline's (the print headline's) and the sans for the rest. */
export interface CoverFonts {
  book: FontBook;
  headline: Face;
  sans: Face;
}

/** The lead picture, as the drawing refers to it: a file beside the cover (the EPUB), or a data: URL. */
export interface CoverPicture {
  href: string;
  width: number;
  height: number;
}

/** What a cover says. */
export interface CoverText {
  headline: string;
  /** "By …", in the article's language. */
  byline: string | undefined;
  publisher: string | undefined;
  /** The publication day as the article's language writes it. */
  date: string | undefined;
  lang: string;
}

export const COVER_WIDTH = 1200;
export const COVER_HEIGHT = 1800;
/** With a picture, it fills the cover's upper part; the words go on the panel below it. */
export const PICTURE_HEIGHT = 990;
export const NAVY = '#14213d';
const GOLD = '#fca311';
const WHITE = '#ffffff';
const GREY = '#d3d8e2';
const MARGIN = 96;
const LINE_HEIGHT = 1.12;

/**
 * The cover as SVG, every letter an outline taken from the template's fonts (never <text>, which an
 * SVG renderer would set in whatever fonts its machine has): the same words give the same drawing
 * everywhere. A picture fills the upper part, cropped to fill it.
 */
export function coverDrawing(text: CoverText, fonts: CoverFonts, picture: CoverPicture | undefined): string {
  const withPicture = picture !== undefined;
  const { book, headline: headlineFace, sans } = fonts;
  const glyphs = new GlyphOutlines();
  const rightToLeft = isRightToLeft(text.lang);
  const width = COVER_WIDTH - 2 * MARGIN;
  const parts: string[] = [];
  const place = (line: SetLine, baseline: number, color: string) =>
    parts.push(line.draw(rightToLeft ? COVER_WIDTH - MARGIN - line.width : MARGIN, baseline, color, glyphs));

  const top = withPicture ? PICTURE_HEIGHT : 0;
  parts.push(`<rect width="${COVER_WIDTH}" height="${COVER_HEIGHT}" fill="${NAVY}"/>`);
  if (picture) {
    parts.push(`<image x="0" y="0" width="${COVER_WIDTH}" height="${PICTURE_HEIGHT}" preserveAspectRatio="xMidYMid slice" xlink:href="${escapeAttribute(picture.href)}"/>`);
  }

  // Upper case by the language's rules: Greek capitals drop their accents.
  const publisherSize = withPicture ? 34 : 40;
  let headlineTop = top + (withPicture ? 84 : 260);
  if (text.publisher) {
    // Letter-spaced capitals; letters that join (Arabic script) are never spaced apart.
    const tracking = rightToLeft ? 0 : publisherSize * 0.14;
    const publisher = fitLine(text.publisher.toLocaleUpperCase(text.lang), sans, publisherSize, width, book, rightToLeft, tracking);
    place(publisher, top + (withPicture ? 104 : 210), GOLD);
    headlineTop = top + (withPicture ? 160 : 330);
  }
  const barY = headlineTop - (withPicture ? 30 : 60);
  parts.push(`<rect x="${rightToLeft ? COVER_WIDTH - MARGIN - 160 : MARGIN}" y="${barY}" width="160" height="10" fill="${GOLD}"/>`);

  const dateSize = withPicture ? 36 : 42;
  const dateBaseline = COVER_HEIGHT - (withPicture ? 84 : 120);
  if (text.date) place(fitLine(text.date, sans, dateSize, width, book, rightToLeft), dateBaseline, GREY);

  const bylineSize = withPicture ? 34 : 42;
  const byline = text.byline ? fitLine(text.byline, sans, bylineSize, width, book, rightToLeft) : undefined;
  const room = dateBaseline - dateSize - 60 - headlineTop - (byline ? bylineSize * 2.2 : 0);
  const sizes = withPicture ? [92, 84, 76, 68, 62, 56, 50, 44, 40] : [124, 112, 100, 90, 80, 72, 64, 56, 50, 44];
  const headline = fitHeadline(text.headline, headlineFace, sizes, width, room, book, rightToLeft);
  headline.lines.forEach((line, index) => place(line, headlineTop + headline.size * (0.92 + index * LINE_HEIGHT), WHITE));
  if (byline) place(byline, headlineTop + headline.size * (0.92 + (headline.lines.length - 1) * LINE_HEIGHT) + bylineSize * 1.9, GREY);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xml:lang="${escapeAttribute(text.lang)}" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" viewBox="0 0 ${COVER_WIDTH} ${COVER_HEIGHT}">`,
    // What the drawing says, for anything that reads the SVG on its own.
    `<title>${escapeText(text.headline)}</title>`,
    glyphs.definitions(),
    ...parts,
    '</svg>',
  ].join('\n');
}

/** Outlines as SVG path data, by font and glyph: decoded once per process. */
const outlines = new WeakMap<object, Map<number, string>>();

function outline(face: Face, glyph: number): string {
  let known = outlines.get(face.font);
  if (!known) outlines.set(face.font, (known = new Map()));
  let path = known.get(glyph);
  if (path === undefined) {
    path = face.font.getGlyph(glyph).path.toSVG();
    known.set(glyph, path);
  }
  return path;
}

/** Each glyph's outline, written once in <defs> and drawn with <use>. */
class GlyphOutlines {
  private readonly faces = new Map<Face, number>();
  private readonly paths = new Map<string, string>();

  /** The id of a glyph's outline, or undefined for a glyph that draws nothing (a space). */
  id(face: Face, glyph: number): string | undefined {
    let faceIndex = this.faces.get(face);
    if (faceIndex === undefined) {
      faceIndex = this.faces.size;
      this.faces.set(face, faceIndex);
    }
    const id = `g${faceIndex}-${glyph}`;
    if (!this.paths.has(id)) this.paths.set(id, outline(face, glyph));
    return this.paths.get(id) === '' ? undefined : id;
  }

  definitions(): string {
    const paths = [...this.paths].filter(([, d]) => d !== '').map(([id, d]) => `<path id="${id}" d="${d}"/>`);
    return `<defs>${paths.join('')}</defs>`;
  }
}

/** A line set in one size, ready to be drawn at any place. */
interface SetLine {
  text: string;
  width: number;
  draw(x: number, baseline: number, color: string, glyphs: GlyphOutlines): string;
}

const round = (value: number) => Math.round(value * 100) / 100;
/** A glyph's scale with the precision a 1200-pixel drawing needs, written the same everywhere. */
const fixed = (value: number) => Number(value.toFixed(6));

function setLine(text: string, face: Face, size: number, book: FontBook, rightToLeft: boolean, tracking = 0): SetLine {
  const segments = visualSegments(text, face, book, rightToLeft);
  let width = 0;
  for (const segment of segments) width += book.width(segment.face, segment.text, size) + tracking * book.measure(segment.face, segment.text).glyphs;
  return {
    text,
    width,
    draw(x, baseline, color, glyphs) {
      const uses: string[] = [];
      let cursor = x;
      for (const segment of segments) {
        const scale = size / segment.face.font.unitsPerEm;
        segment.face.loaded.glyphs(
          segment.text,
          (glyph, position) => {
            const id = glyphs.id(segment.face, glyph.id);
            const glyphX = cursor + (position.xOffset * size) / 1000;
            const glyphY = baseline - (position.yOffset * size) / 1000;
            if (id) uses.push(`<use xlink:href="#${id}" transform="matrix(${fixed(scale)} 0 0 ${fixed(-scale)} ${round(glyphX)} ${round(glyphY)})"/>`);
            cursor += (position.xAdvance * size) / 1000 + tracking;
          },
          segment.rightToLeft ? 'rtl' : segment.leftToRight ? 'ltr' : undefined,
        );
      }
      return `<g fill="${color}">${uses.join('')}</g>`;
    },
  };
}

/** One line at `size`, shortened with an ellipsis when it is too wide. */
function fitLine(text: string, face: Face, size: number, width: number, book: FontBook, rightToLeft: boolean, tracking = 0): SetLine {
  const line = setLine(text, face, size, book, rightToLeft, tracking);
  if (line.width <= width) return line;
  const parts = clusters(text).map((entry) => entry.cluster);
  while (parts.length > 1) {
    parts.pop();
    const shorter = setLine(`${parts.join('').trimEnd()}…`, face, size, book, rightToLeft, tracking);
    if (shorter.width <= width) return shorter;
  }
  return setLine('…', face, size, book, rightToLeft, tracking);
}

/** The largest size at which the headline's lines fit the room; at the smallest, as many lines as fit, the last one ending in an ellipsis. */
function fitHeadline(headline: string, face: Face, sizes: number[], width: number, room: number, book: FontBook, rightToLeft: boolean): { size: number; lines: SetLine[] } {
  for (const size of sizes) {
    const lines = wrap(headline, face, size, width, book, rightToLeft);
    if (lines.length * size * LINE_HEIGHT <= room) return { size, lines };
  }
  const size = sizes[sizes.length - 1]!;
  const lines = wrap(headline, face, size, width, book, rightToLeft);
  const fits = Math.max(1, Math.floor(room / (size * LINE_HEIGHT)));
  if (lines.length <= fits) return { size, lines };
  const kept = lines.slice(0, fits - 1);
  kept.push(fitLine(`${lines[fits - 1]!.text}…`, face, size, width, book, rightToLeft));
  return { size, lines: kept };
}

/** Greedy wrap by measured width (words measured once each); a word wider than a line is cut between grapheme clusters. */
function wrap(text: string, face: Face, size: number, width: number, book: FontBook, rightToLeft: boolean): SetLine[] {
  const measure = (value: string) => visualSegments(value, face, book, rightToLeft).reduce((sum, segment) => sum + book.width(segment.face, segment.text, size), 0);
  const space = measure(' ');
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const wordWidth = measure(word);
    if (current !== '' && currentWidth + space + wordWidth <= width) {
      current += ` ${word}`;
      currentWidth += space + wordWidth;
      continue;
    }
    if (current !== '') lines.push(current);
    current = word;
    currentWidth = wordWidth;
    while (currentWidth > width) {
      const parts = clusters(current).map((entry) => entry.cluster);
      let take = parts.length - 1;
      while (take > 1 && measure(parts.slice(0, take).join('')) > width) take--;
      lines.push(parts.slice(0, take).join(''));
      current = parts.slice(take).join('');
      currentWidth = measure(current);
    }
  }
  if (current !== '') lines.push(current);
  return lines.map((line) => setLine(line, face, size, book, rightToLeft));
}
