import type { ElementContent } from 'hast';
import type { Point } from '../core/diagnostics.js';
import type { ImageAsset } from '../core/image.js';
import { labelsFor } from '../core/labels.js';
import { isRightToLeft } from '../core/direction.js';
import type { DocumentModel } from '../model/types.js';
import type { RenderContext } from '../render/types.js';
import type { PrintTheme } from '../template/theme.js';
import { FontBook } from './fonts/book.js';
import { harfbuzzReady } from './fonts/harfbuzz.js';
import { blockHandlers, leadFigure, setFootnotes, State, titleBlock } from './handlers/index.js';
import type { ArticlePlacement } from './handlers/state.js';
import { prepareImage, type PreparedImage } from './images/prepare.js';
import type { Ink } from './ink/draw.js';
import type { Furniture } from './ink/furniture.js';
import { pageGeometry, type PageGeometry } from './layout/frames.js';
import { pageOptions } from './layout/options.js';
import { paginateBody, paginateTitle, type BodyLayout, type FilledFrame, type PageOptions } from './layout/paginate.js';
import type { Block, GalleyItem, StructNode } from './layout/types.js';
import { hyphenatorFor } from './text/hyphenate.js';

/** One article laid out: its handlers' state, its frames, and the last page it reaches. */
export interface LaidArticle {
  state: State;
  title: FilledFrame[];
  body: FilledFrame[];
  lastPage: number;
  /** How far below the top margin of its first page it begins (below another article in an edition's flow). */
  offset: number;
  /** Structure nodes of its figures, tables and code blocks, which the page builder may draw away from their place. */
  floating: Set<StructNode>;
}

/** What every article of one PDF shares: the look, the page, the fonts. */
export interface PdfSetup {
  theme: PrintTheme;
  geometry: PageGeometry;
  book: FontBook;
  /** How the page builder fills pages (floats, balancing), from the template. */
  options: PageOptions;
}

export async function pdfSetup(context: RenderContext): Promise<PdfSetup> {
  await harfbuzzReady;
  const theme = context.template.print;
  return { theme, geometry: pageGeometry(theme), book: new FontBook(theme.fonts), options: pageOptions(theme) };
}

/** Lines of its text an article's headline keeps with: its lead picture, apart from its title block, comes after them. */
const OPENING_LINES = 2;

/** Where an article of an edition begins on its first page, and how its last page ends. */
export interface ArticlePlace {
  /** How far below the top margin its title block begins (below the article before, with `edition.start: flow`). */
  offset: number;
  /** The column it begins in, its title block at the column's width (`edition.start: column`); undefined: across the columns. */
  column?: number;
  /**
   * Another article follows that begins in a column after this one's last if it can: this one's text runs
   * column after column, its last page not balanced, unless it reaches the last column all the same.
   */
  leaveColumn?: boolean;
  /** Its lead picture floats in its body rather than standing in its title block (an edition's article in flow). */
  leadApart?: boolean;
}

/**
 * Lays out one article from page `firstPage` on (`place`: where on it, in an edition): its title block across
 * the text width (or in a column), then its body in the template's columns (see layout/paginate.ts: floats,
 * spanning, balanced columns), notes at the foot of their pages. Its structure hangs from `root` (the
 * document, or the article's own element in an edition).
 */
export async function composeArticle(
  document: DocumentModel,
  setup: PdfSetup,
  root: StructNode,
  firstPage: number,
  placement?: ArticlePlacement,
  place: ArticlePlace = { offset: 0 },
): Promise<LaidArticle> {
  const { theme, book, options } = setup;
  // Columns are read from the right in a right-to-left article.
  const geometry: PageGeometry = { ...setup.geometry, rightToLeft: isRightToLeft(document.article.lang) };
  const images = await prepareImages(document);
  const state = new State(document, theme, book, geometry, hyphenatorFor(document.article.lang), images, root, blockHandlers, placement);

  const titleGalley = state.collect(() => titleBlock(state, place.column === undefined ? geometry.textWidth : geometry.columnWidth, place.leadApart));
  // An article that begins below another (an edition's flow) starts its title block that far down the page.
  if (place.offset > 0) titleGalley.unshift({ kind: 'block', height: place.offset, ops: [], role: 'other' });
  const lead = place.leadApart ? state.collect(() => leadFigure(state)) : [];
  const bodyGalley = state.collect(() => {
    state.blocks(document.body);
    setFootnotes(state, labelsFor(document.article.lang).notes);
  });
  if (lead.length > 0) bodyGalley.splice(afterOpening(bodyGalley), 0, ...lead);

  const floating = new Set<StructNode>();
  for (const item of bodyGalley) if (item.kind === 'block' && item.unit) floating.add(item.unit.struct);
  const title = paginateTitle(titleGalley, geometry, options, firstPage, place.column);
  const last = title[title.length - 1];
  let startPage = last ? last.frame.page : firstPage;
  let column = place.column === undefined ? undefined : (last?.frame.column ?? place.column);
  let offset = last ? last.used + state.context.leading : 0;
  // Below another article (an edition's flow), two lines of text under the headline block are enough: more would leave white above the next page.
  if (offset > geometry.textHeight - state.context.leading * (place.offset > 0 ? 2 : 4)) {
    // Too little is left below the title block: the body begins at the top of the next column, or of the next page (all of it).
    offset = 0;
    if (column !== undefined && column + 1 < geometry.columns) {
      column += 1;
    } else {
      startPage += 1;
      column = undefined;
    }
  }
  const layout: BodyLayout = { geometry, options, firstPage: startPage, firstOffset: offset, ...(column !== undefined ? { firstColumn: column } : {}) };
  let body: FilledFrame[];
  if (place.leaveColumn && options.balance && geometry.columns > 1) {
    // Unbalanced, so as to leave the next article a column; balanced as alone when no column is left all the same.
    body = paginateBody([...bodyGalley], { ...layout, options: { ...options, balance: false } });
    const lastPage = Math.max(startPage, ...body.map((frame) => frame.frame.page));
    if (!freeColumn([...title, ...body], lastPage, geometry, options.leading)) body = paginateBody(bodyGalley, layout);
  } else {
    body = paginateBody(bodyGalley, layout);
  }
  const lastPage = Math.max(startPage, ...title.map((frame) => frame.frame.page), ...body.map((frame) => frame.frame.page));
  return { state, title, body, lastPage, offset: place.offset, floating };
}

/**
 * Where an article's lead picture, apart from its title block, is cited in its body: after its opening
 * paragraphs, as many as make OPENING_LINES lines, so that its headline keeps with its text and the picture
 * floats (to the next column or page) when it does not fit below them; at the start when the body does not
 * open with a paragraph.
 */
function afterOpening(galley: readonly GalleyItem[]): number {
  let lines = 0;
  let at = 0;
  let end = 0;
  while (at < galley.length && lines < OPENING_LINES) {
    const item = galley[at]!;
    if (item.kind === 'space') {
      at++;
      continue;
    }
    const id = item.paragraph?.id;
    if (id === undefined || item.unit) break;
    while (at < galley.length && galley[at]!.kind === 'block' && (galley[at] as Block).paragraph?.id === id) {
      at++;
      lines++;
    }
    end = at;
  }
  return end;
}

/**
 * Where on `page` another article may begin in a column of its own after these frames: at the top of the column
 * after the last one they fill, below what they set across the columns above it. Undefined when they fill the
 * last column, fill no column (a title block alone), or set something across the columns below their text.
 * (Templates have one or two columns: the article begun in the second has no column after it on this page.)
 */
export function freeColumn(frames: readonly FilledFrame[], page: number, geometry: PageGeometry, gap: number): { column: number; offset: number } | undefined {
  const onPage = frames.filter((filled) => filled.frame.page === page && (filled.placed.length > 0 || filled.notes.length > 0));
  const isBand = (filled: FilledFrame) => filled.frame.width > geometry.columnWidth + 0.01;
  const columns = onPage.filter((filled) => !isBand(filled));
  const bands = onPage.filter(isBand);
  if (columns.length === 0) return undefined;
  const lastColumn = Math.max(...columns.map((filled) => filled.frame.column));
  if (lastColumn + 1 >= geometry.columns) return undefined;
  const columnsTop = Math.min(...columns.map((filled) => filled.frame.y));
  if (bands.some((band) => band.frame.y >= columnsTop)) return undefined;
  const bandsBottom = Math.max(0, ...bands.map((band) => band.frame.y - geometry.top + (band.notes.length > 0 ? band.frame.height : band.used)));
  return { column: lastColumn + 1, offset: bandsBottom > 0 ? bandsBottom + gap : 0 };
}

/**
 * Draws the laid-out frames page by page, in reading order (frames of a page in the order given), the
 * running lines last on each; a page's frames are let go once it is drawn.
 */
export function drawPages(ink: Ink, frames: FilledFrame[], pages: number, root: StructNode, furniture: Furniture): void {
  const byPage = new Map<number, FilledFrame[]>();
  for (const frame of frames) {
    const list = byPage.get(frame.frame.page);
    if (list) list.push(frame);
    else byPage.set(frame.frame.page, [frame]);
  }
  frames.length = 0;
  const inOrder: FilledFrame[] = [];
  for (let page = 0; page < pages; page++) inOrder.push(...(byPage.get(page) ?? []));
  ink.scan(inOrder, root);
  inOrder.length = 0;
  for (let page = 0; page < pages; page++) {
    ink.goToPage(page);
    for (const frame of byPage.get(page) ?? []) ink.drawFrame(frame);
    byPage.delete(page);
    furniture.draw(page);
  }
}

async function prepareImages(document: DocumentModel): Promise<Map<ImageAsset, PreparedImage | undefined>> {
  const prepared = new Map<ImageAsset, PreparedImage | undefined>();
  const places = new Map<string, Point | undefined>();
  const visit = (nodes: readonly ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const src = String(node.properties.src);
      if (node.tagName === 'img' && !places.has(src)) places.set(src, node.position?.start);
      visit(node.children);
    }
  };
  // Where each picture is first shown, for messages (no walk when the document has no pictures).
  if (document.pictures.size > 0) {
    visit(document.body);
    for (const note of document.notes) visit(note.content);
  }
  if (document.lead) prepared.set(document.lead, await prepareImage(document.file, document.lead, document.article.image?.position));
  for (const [url, asset] of document.pictures) {
    if (!prepared.has(asset)) prepared.set(asset, await prepareImage(document.file, asset, places.get(url)));
  }
  return prepared;
}

