import { textNumbers } from '../model/text-points.js';
import type { DocumentModel } from '../model/types.js';
import type { RenderContext, Renderer, Writer } from '../render/types.js';
import { renderPdfEdition } from './edition.js';
import type { State } from './handlers/index.js';
import { Furniture } from './ink/furniture.js';
import { Ink } from './ink/draw.js';
import { articleDescription, openDocument } from './ink/document.js';
import { StructureWriter } from './ink/structure.js';
import type { FilledFrame } from './layout/paginate.js';
import type { GalleyItem, StructNode } from './layout/types.js';
import { composeArticle, drawPages, pdfSetup } from './pages.js';
import { printPages } from './print-pages.js';

export interface Composition {
  state: State;
  title: FilledFrame[];
  body: FilledFrame[];
  pages: number;
  /** Structure nodes of the figures, tables and code blocks, which the page builder may move. */
  floating: Set<StructNode>;
}

/** Turns a document model into laid-out pages (everything but drawing); exported for the composer's tests. */
export async function compose(document: DocumentModel, context: RenderContext): Promise<Composition> {
  const setup = await pdfSetup(context);
  const root: StructNode = { id: 0, type: 'Document', parent: undefined, lang: document.article.lang };
  const laid = await composeArticle(document, setup, root, 0);
  return { state: laid.state, title: laid.title, body: laid.body, pages: laid.lastPage + 1, floating: laid.floating };
}

export const renderPdf: Renderer = async (document, context) => {
  const composition = await compose(document, context);
  const { state, pages } = composition;
  context.reportPrintPages?.(printPages([{ article: 0, title: composition.title, body: composition.body, numbers: textNumbers(document) }], pages, context.template));
  const theme = context.template.print;
  const pdf = openDocument(articleDescription(document), context);
  const structure = new StructureWriter(pdf, theme.pdf.tagged, state.root, composition.floating);
  const ink = new Ink(pdf, structure, document.file);
  const furniture = new Furniture(ink, pages, theme, (page) => ({ article: document.article, showHeader: page > 0 }), document.article.lang, state.geometry, state.book);
  drawPages(ink, [...composition.title, ...composition.body], pages, state.root, furniture);
  composition.title = [];
  composition.body = [];
  structure.finish();
  // finish() ends the document at once (fonts are subset and written); only then are glyph objects dropped.
  const bytes = pdf.finish();
  state.book.forgetGlyphs();
  return bytes;
};

export type { GalleyItem };

export const pdfWriter: Writer = { article: renderPdf, edition: renderPdfEdition };
