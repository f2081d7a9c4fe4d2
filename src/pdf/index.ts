import GithubSlugger from 'github-slugger';
import type { Heading, Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Point } from '../core/diagnostics.js';
import { labelsFor } from '../core/labels.js';
import type { ImageAsset } from '../read/images.js';
import type { Renderer } from '../render/types.js';
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

/** Turns a manuscript into laid-out pages (everything but drawing); exported for the composer's tests. */
export async function compose(manuscript: Parameters<Renderer>[0], context: Parameters<Renderer>[1]): Promise<Composition> {
  await harfbuzzReady;
  const theme = context.template.print;
  const geometry = pageGeometry(theme);
  const book = new FontBook(theme.fonts);
  const images = await prepareImages(manuscript);
  const root: StructNode = { id: 0, type: 'Document', parent: undefined, lang: manuscript.article.lang };
  const state = new State(manuscript, theme, book, geometry, hyphenatorFor(manuscript.article.lang), images, root, blockHandlers);
  gather(manuscript.tree, state);

  const titleGalley = state.collect(() => titleBlock(state));
  const bodyGalley = state.collect(() => {
    state.blocks(manuscript.tree.children);
    setFootnotes(state, labelsFor(manuscript.article.lang).notes);
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

export const renderPdf: Renderer = async (manuscript, context) => {
  const composition = await compose(manuscript, context);
  const { state, pages } = composition;
  const theme = context.template.print;
  const { doc, finish } = openDocument(manuscript, context);
  const structure = new StructureWriter(doc, theme.pdf.tagged, state.root);
  const ink = new Ink(doc, structure, manuscript.file, [theme.page.width, theme.page.height]);
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
  const furniture = new Furniture(ink, pages, theme, manuscript.article, state.geometry, state.book);
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

/** Link definitions, footnote bodies and heading anchors, known before the first block is set. */
function gather(tree: Nodes, state: State): void {
  const slugger = new GithubSlugger();
  const visit = (node: Nodes, inNote: boolean) => {
    if (node.type === 'definition') state.definitions.set(node.identifier.toLowerCase(), { url: node.url, title: node.title });
    if (node.type === 'footnoteDefinition') state.footnoteDefinitions.set(node.identifier.toLowerCase(), node);
    if (node.type === 'heading' && !inNote) state.anchors.add(slugger.slug(toString(node as Heading)));
    if ('children' in node) for (const child of node.children) visit(child as Nodes, inNote || node.type === 'footnoteDefinition');
  };
  visit(tree, false);
}

async function prepareImages(manuscript: Parameters<Renderer>[0]): Promise<Map<ImageAsset, PreparedImage | undefined>> {
  const prepared = new Map<ImageAsset, PreparedImage | undefined>();
  const places = new Map<string, Point | undefined>();
  const visit = (node: Nodes) => {
    if (node.type === 'image' && !places.has(node.url)) places.set(node.url, node.position?.start);
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  // Where each picture is first used, for messages (no walk when the manuscript has no pictures).
  if (manuscript.images.size > 0) visit(manuscript.tree);
  const lead = manuscript.article.image;
  if (lead?.asset) prepared.set(lead.asset, await prepareImage(manuscript.file, lead.asset, lead.position));
  for (const [url, asset] of manuscript.images) {
    if (!prepared.has(asset)) prepared.set(asset, await prepareImage(manuscript.file, asset, places.get(url)));
  }
  return prepared;
}

export type { GalleyItem };
