import type { ElementContent } from 'hast';
import type { Point } from '../core/diagnostics.js';
import { labelsFor } from '../core/labels.js';
import type { ImageAsset } from '../core/image.js';
import type { DocumentModel } from '../model/types.js';
import type { RenderContext, Renderer } from '../render/types.js';
import { FontBook } from './fonts/book.js';
import { harfbuzzReady } from './fonts/harfbuzz.js';
import { blockHandlers, setFootnotes, State, titleBlock } from './handlers/index.js';
import { prepareImage, type PreparedImage } from './images/prepare.js';
import { Furniture } from './ink/furniture.js';
import { Ink } from './ink/draw.js';
import { openDocument } from './ink/document.js';
import { StructureWriter } from './ink/structure.js';
import { columnFrames, fullWidthFrames, pageGeometry } from './layout/frames.js';
import { paginate, type FilledFrame } from './layout/paginate.js';
import type { GalleyItem, StructNode } from './layout/types.js';
import { hyphenatorFor } from './text/hyphenate.js';

export interface Composition {
  state: State;
  title: FilledFrame[];
  body: FilledFrame[];
  pages: number;
}

const NOTE_STYLE = { gap: 6, between: 2 };

/** Turns a document model into laid-out pages (everything but drawing); exported for the composer's tests. */
export async function compose(document: DocumentModel, context: RenderContext): Promise<Composition> {
  await harfbuzzReady;
  const theme = context.template.print;
  const geometry = pageGeometry(theme);
  const book = new FontBook(theme.fonts);
  const images = await prepareImages(document);
  const root: StructNode = { id: 0, type: 'Document', parent: undefined, lang: document.article.lang };
  const state = new State(document, theme, book, geometry, hyphenatorFor(document.article.lang), images, root, blockHandlers);

  const titleGalley = state.collect(() => titleBlock(state));
  const bodyGalley = state.collect(() => {
    state.blocks(document.body);
    setFootnotes(state, labelsFor(document.article.lang).notes);
  });

  const title = paginate(titleGalley, fullWidthFrames(geometry), NOTE_STYLE, geometry.textHeight);
  const last = title[title.length - 1];
  let startPage = last ? last.frame.page : 0;
  let offset = last ? last.used + state.context.leading : 0;
  if (offset > geometry.textHeight - state.context.leading * 4) {
    startPage += 1;
    offset = 0;
  }
  const body = paginate(bodyGalley, columnFrames(geometry, startPage, offset), NOTE_STYLE, geometry.textHeight);
  const pages = Math.max(startPage, ...title.map((frame) => frame.frame.page), ...body.map((frame) => frame.frame.page)) + 1;
  return { state, title, body, pages };
}

export const renderPdf: Renderer = async (document, context) => {
  const composition = await compose(document, context);
  const { state, pages } = composition;
  const theme = context.template.print;
  const { doc, finish } = openDocument(document, context);
  const structure = new StructureWriter(doc, theme.pdf.tagged, state.root);
  const ink = new Ink(doc, structure, document.file, [theme.page.width, theme.page.height]);
  // Page by page, in reading order (title frames before body frames on a shared page), furniture last;
  // a page's frames are let go once it is drawn.
  const byPage = new Map<number, FilledFrame[]>();
  for (const frame of [...composition.title, ...composition.body]) {
    const list = byPage.get(frame.frame.page);
    if (list) list.push(frame);
    else byPage.set(frame.frame.page, [frame]);
  }
  composition.title = [];
  composition.body = [];
  const inOrder: FilledFrame[] = [];
  for (let page = 0; page < pages; page++) inOrder.push(...(byPage.get(page) ?? []));
  ink.scan(inOrder, state.root);
  inOrder.length = 0;
  const furniture = new Furniture(ink, pages, theme, document.article, state.geometry, state.book);
  for (let page = 0; page < pages; page++) {
    ink.goToPage(page);
    for (const frame of byPage.get(page) ?? []) ink.drawFrame(frame);
    byPage.delete(page);
    furniture.draw(page);
  }
  structure.finish();
  // finish() ends the document at once (fonts are subset and written); only then are glyph objects dropped.
  const bytes = finish();
  state.book.forgetGlyphs();
  return bytes;
};

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

export type { GalleyItem };
