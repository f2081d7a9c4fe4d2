import { FontBook } from '../pdf/fonts/book.js';
import { harfbuzzReady } from '../pdf/fonts/harfbuzz.js';
import type { PrintTheme } from '../template/theme.js';
import { coverDrawing, type CoverPicture, type CoverText } from './draw.js';

export { COVER_HEIGHT, COVER_WIDTH, type CoverPicture, type CoverText } from './draw.js';

/**
 * The one cover generator, for the EPUB and the catalogue: an SVG drawing of the headline, byline,
 * publisher and date on a navy panel under the lead picture (which fills the upper part), or on a
 * plain navy cover when there is none, set in the template's fonts. Vector, so a build pays for no
 * rasterising; the catalogue makes its JPEGs from it.
 */
export async function drawCover(text: CoverText, picture: CoverPicture | undefined, theme: Pick<PrintTheme, 'fonts' | 'headings'>): Promise<string> {
  await harfbuzzReady;
  const book = new FontBook(theme.fonts);
  return coverDrawing(text, { book, headline: book.face(theme.headings.font), sans: book.face('sans') }, picture);
}
