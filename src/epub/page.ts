import type { Element, ElementContent } from 'hast';
import { labelsFor } from '../core/labels.js';
import { element } from '../model/hast.js';
import type { DocumentModel } from '../model/types.js';
import type { RenderContext } from '../render/types.js';
import { noteAside } from './notes.js';
import { markText, pageBreak, type ArticleMarks } from './page-breaks.js';
import { packPicture } from './pictures.js';
import type { Resource, ResourceRegistry } from './resources.js';
import { rewrite } from './rewrite.js';
import { titleBlock } from './title-block.js';
import { xhtmlPage } from './xhtml.js';

/** One article as a page of the book: its title block, body and notes. */
export interface ArticlePage {
  /** The page's `<body>`, for the checks made on what readers get (scripts in unmarked languages). */
  body: Element;
  xhtml: string;
  /** The lead picture as packed, when the article has one to show. */
  lead: Resource | undefined;
}

/**
 * The XHTML page of one article, alone or in an edition: the same page either way. Its pictures are
 * packed into `resources`, shared by every page of the book.
 */
export function articlePage(document: DocumentModel, context: RenderContext, resources: ResourceRegistry, marks?: ArticleMarks): ArticlePage {
  const { article } = document;
  const lead = document.lead ? resources.add(document.lead) : undefined;
  const forBook = (nodes: readonly ElementContent[]) =>
    rewrite(nodes, (node) => (node.type === 'text' ? markText(node, marks) : packPicture(node, document.pictures, resources)));
  const body = forBook(document.body);
  const labels = labelsFor(article.lang);
  const asides = document.notes.map((note) => noteAside(note, forBook(note.content), labels));
  const notes = asides.length > 0 ? [element('section', { className: ['footnotes'], 'epub:type': 'footnotes', ariaLabel: labels.notes }, asides)] : [];
  const page = element('body', { 'epub:type': 'bodymatter' }, [
    ...(marks?.before ?? []).map((page) => pageBreak(page, marks!)),
    titleBlock({ article, template: context.template }, lead),
    ...body,
    ...notes,
    ...(marks?.after ?? []).map((page) => pageBreak(page, marks!)),
  ]);
  return { body: page, xhtml: xhtmlPage({ lang: article.lang, title: article.title, bodyProperties: page.properties, body: page.children }), lead };
}
