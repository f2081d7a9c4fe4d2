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
import { blockHandlers, setFootnotes, State, titleBlock } from './handlers/index.js';
import type { ArticlePlacement } from './handlers/state.js';
import { prepareImage, type PreparedImage } from './images/prepare.js';
import type { Ink } from './ink/draw.js';
import type { Furniture } from './ink/furniture.js';
import { pageGeometry, type PageGeometry } from './layout/frames.js';
import { pageOptions } from './layout/options.js';
import { paginateBody, paginateTitle, type FilledFrame, type PageOptions } from './layout/paginate.js';
import type { StructNode } from './layout/types.js';
import { hyphenatorFor } from './text/hyphenate.js';

/** One article laid out: its handlers' state, its frames, and the last page it reaches. */
export interface LaidArticle {
  state: State;
  title: FilledFrame[];
  body: FilledFrame[];
  lastPage: number;
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

/**
 * Lays out one article from page `firstPage` on (`firstOffset` points down it): its title block across the text width, then its body
 * in the template's columns (see layout/paginate.ts: floats, spanning, balanced columns), notes at the foot of their pages. Its structure hangs from `root` (the
 * document, or the article's own element in an edition).
 */
export async function composeArticle(
  document: DocumentModel,
  setup: PdfSetup,
  root: StructNode,
  firstPage: number,
  placement?: ArticlePlacement,
  firstOffset = 0,
): Promise<LaidArticle> {
  const { theme, book, options } = setup;
  // Columns are read from the right in a right-to-left article.
  const geometry: PageGeometry = { ...setup.geometry, rightToLeft: isRightToLeft(document.article.lang) };
  const images = await prepareImages(document);
  const state = new State(document, theme, book, geometry, hyphenatorFor(document.article.lang), images, root, blockHandlers, placement);

  const titleGalley = state.collect(() => titleBlock(state));
  // An article that begins below another (an edition's flow) starts its title block that far down the page.
  if (firstOffset > 0) titleGalley.unshift({ kind: 'block', height: firstOffset, ops: [], role: 'other' });
  const bodyGalley = state.collect(() => {
    state.blocks(document.body);
    setFootnotes(state, labelsFor(document.article.lang).notes);
  });

  const floating = new Set<StructNode>();
  for (const item of bodyGalley) if (item.kind === 'block' && item.unit) floating.add(item.unit.struct);
  const title = paginateTitle(titleGalley, geometry, options, firstPage);
  const last = title[title.length - 1];
  let startPage = last ? last.frame.page : firstPage;
  let offset = last ? last.used + state.context.leading : 0;
  if (offset > geometry.textHeight - state.context.leading * 4) {
    startPage += 1;
    offset = 0;
  }
  const body = paginateBody(bodyGalley, { geometry, options, firstPage: startPage, firstOffset: offset });
  const lastPage = Math.max(startPage, ...title.map((frame) => frame.frame.page), ...body.map((frame) => frame.frame.page));
  return { state, title, body, lastPage, floating };
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

