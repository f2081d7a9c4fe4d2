import type { PageGeometry } from './layout/frames.js';
import { justifyColumn } from './layout/justify.js';
import { growFigure } from './layout/ops.js';
import type { FilledFrame } from './layout/paginate.js';
import type { ArticlePlace, LaidArticle, PdfSetup } from './pages.js';

/**
 * A column of a page other than an edition's last ends more than this share of the body above its foot: the
 * page falls short (as `../shared/tools/pagefill.py` judges, with a margin for what it measures from the
 * rendered page).
 */
const MOST_WHITE = 0.13;
/** Pages of an article, from its first, on which where it begins can change how they fill. */
const SETTLED_AFTER = 2;
/** Lines of its text an article must set below its headline block on the page it begins on. */
const OPENING_LINES = 2;
/** How much further than a column's own justification the last page of an article before a new page is spread (see justifyColumn). */
const LAST_PAGE_REACH = 3;

/** What placing the next article needs of those laid before it. */
export type PlacedArticle = Pick<LaidArticle, 'title' | 'body' | 'lastPage' | 'offset'>;

/** Lays out the article from `page` on, `place` saying where on it and whether its lead picture floats in its body. */
export type Compose = (page: number, place: ArticlePlace) => Promise<LaidArticle>;

/** Where an article of an edition in flow went: its layout, and whether it begins on a new page (the article before set to its foot). */
export interface FlowChoice {
  laid: LaidArticle;
  newPage: boolean;
}

/**
 * Places an article of an edition in flow as a production desk would: below the article before when the room
 * left holds its headline block and two lines of its text, else on the next page, the article before then set
 * to the foot of its last page (see toFoot). Of the ways to do it — there or on the next page, its lead picture
 * floating in its body or standing in its title block — the first that leaves no column short of its foot on its
 * first pages (before its last) is taken; else the one that leaves the fewest such columns.
 */
export async function placeInFlow(compose: Compose, page: number, offset: number, before: readonly PlacedArticle[], setup: PdfSetup): Promise<FlowChoice> {
  const { geometry } = setup;
  const ways: { page: number; offset: number; leadApart: boolean }[] = [];
  if (offset > 0) ways.push({ page, offset, leadApart: true }, { page, offset, leadApart: false });
  const fresh = offset > 0 ? page + 1 : page;
  ways.push({ page: fresh, offset: 0, leadApart: true }, { page: fresh, offset: 0, leadApart: false });
  // White the article before leaves when this one begins on a new page, however far it is spread.
  const leftBehind = offset > 0 && before.length > 0 ? shortColumns(framesOn(before, page, toFoot(before, setup)), page, geometry) : 0;
  let best: (FlowChoice & { short: number }) | undefined;
  for (const way of ways) {
    const laid = await compose(way.page, { offset: way.offset, ...(way.leadApart ? { leadApart: true } : {}) });
    if (way.offset > 0 && !opensOn(laid, way.page)) continue;
    const newPage = offset > 0 && way.page !== page;
    let short = newPage ? leftBehind : 0;
    // Where the article begins tells on its first two pages; further on, its text falls the same whatever the way.
    for (let at = way.page; at < Math.min(laid.lastPage, way.page + SETTLED_AFTER); at++) short += shortColumns([...laid.title, ...laid.body], at, geometry, at === way.page ? way.offset : 0);
    if (!best || short < best.short) best = { laid, newPage, short };
    if (short === 0) break;
  }
  return best!;
}

/** Whether an article begun below another on `page` sets its whole headline block there, and two lines of its text. */
function opensOn(laid: LaidArticle, page: number): boolean {
  if (laid.title.some((filled) => filled.frame.page !== page && filled.placed.length > 0)) return false;
  const lines = laid.body.filter((filled) => filled.frame.page === page).flatMap((filled) => filled.placed.filter((placed) => placed.block.paragraph !== undefined));
  return lines.length >= Math.min(OPENING_LINES, laid.body.flatMap((filled) => filled.placed).length);
}

/**
 * How many columns of `page` end more than MOST_WHITE of the body above their foot, measured on these frames (a
 * band across the columns counts in each; notes reach the foot); `above` points at the top belong to another article.
 */
function shortColumns(frames: readonly FilledFrame[], page: number, geometry: PageGeometry, above = 0): number {
  const bottoms = new Array<number>(geometry.columns).fill(above);
  for (const filled of frames) {
    if (filled.frame.page !== page || (filled.placed.length === 0 && filled.notes.length === 0)) continue;
    const bottom = filled.frame.y - geometry.top + (filled.notes.length > 0 ? filled.frame.height : filled.used);
    const across = filled.frame.width > geometry.columnWidth + 0.01;
    bottoms.forEach((value, column) => {
      if (across || filled.frame.column === column) bottoms[column] = Math.max(value, bottom);
    });
  }
  return bottoms.filter((bottom) => geometry.textHeight - bottom > MOST_WHITE * geometry.textHeight).length;
}

/**
 * The last article's last page set to its foot, so that the white the next article could not use is taken rather
 * than left there (as replacements of frames): the last article's columns are justified (see justifyColumn); the
 * white still left is shared out between the articles that begin on the page below another, each moved down by
 * its share; when none does, the last article's last picture grows into it (at most as wide as its column) and
 * its columns are justified with a longer reach. Columns with notes at their foot reach it already.
 */
export function toFoot(articles: readonly PlacedArticle[], setup: PdfSetup): Map<FilledFrame, FilledFrame> {
  const { geometry, options } = setup;
  const last = articles[articles.length - 1]!;
  const page = last.lastPage;
  const replaced = new Map<FilledFrame, FilledFrame>();
  const onLast = last.body.filter((filled) => filled.frame.page === page);
  const across = (filled: FilledFrame) => filled.frame.width > geometry.columnWidth + 0.01;
  // A frame with another below it (columns under a band across them, a band under the columns) keeps its height.
  const lowest = (filled: FilledFrame) =>
    !onLast.some((other) => other !== filled && other.frame.y > filled.frame.y && (across(filled) || across(other) || other.frame.column === filled.frame.column));
  const stretch = (reach: number, grow: boolean) => {
    for (const filled of onLast) {
      if (filled.placed.length === 0 || filled.notes.length > 0 || !lowest(filled)) continue;
      const height = geometry.textHeight - (filled.frame.y - geometry.top);
      const tall = { ...filled, frame: { ...filled.frame, height }, footTop: height };
      replaced.set(filled, justifyColumn(grow ? growLastPicture(tall) : tall, height, options.leading, reach));
    }
  };
  const below = articles.filter((article) => article.offset > 0 && article.title[0]?.frame.page === page);
  if (below.length === 0) {
    stretch(LAST_PAGE_REACH, true);
    return replaced;
  }
  stretch(1, false);
  const bottom = Math.max(
    0,
    ...onLast.map((filled) => replaced.get(filled) ?? filled).map((filled) => filled.frame.y - geometry.top + (filled.notes.length > 0 ? filled.frame.height : filled.used)),
  );
  const white = geometry.textHeight - bottom;
  if (white <= 0) return replaced;
  below.forEach((article, at) => {
    const shift = (white * (at + 1)) / below.length;
    for (const filled of [...article.title, ...article.body]) {
      if (filled.frame.page !== page) continue;
      const now = replaced.get(filled) ?? filled;
      replaced.set(filled, { ...now, frame: { ...now.frame, y: now.frame.y + shift } });
    }
  });
  return replaced;
}

/** The frames of these articles on `page`, as replaced. */
function framesOn(articles: readonly PlacedArticle[], page: number, replaced: ReadonlyMap<FilledFrame, FilledFrame>): FilledFrame[] {
  return articles.flatMap((article) => [...article.title, ...article.body]).filter((filled) => filled.frame.page === page).map((filled) => replaced.get(filled) ?? filled);
}

/** The column with its last picture grown into the white at its foot, what follows it moved down. */
function growLastPicture(filled: FilledFrame): FilledFrame {
  const at = filled.placed.findLastIndex((placed) => placed.block.role === 'figure');
  if (at < 0) return filled;
  const grown = growFigure(filled.placed[at]!.block, filled.footTop - filled.used, filled.frame.width);
  const gained = grown.height - filled.placed[at]!.block.height;
  if (gained <= 0) return filled;
  const placed = filled.placed.map((entry, index) => (index < at ? entry : index === at ? { block: grown, y: entry.y } : { block: entry.block, y: entry.y + gained }));
  return { ...filled, placed, used: filled.used + gained };
}
