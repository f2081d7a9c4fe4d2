import type { Element, ElementContent, Text } from 'hast';
import { element, text } from '../model/hast.js';
import { modelTexts } from '../model/text-points.js';
import type { DocumentModel } from '../model/types.js';
import type { PrintPages } from '../render/types.js';
import type { PageTarget } from './nav.js';

/** Where one article's page of the book marks the print pages that begin in it. */
export interface ArticleMarks {
  /** Pages that begin before the article's text: with its title block, or on the book's own pages before it. */
  before: number[];
  /** Pages that begin inside a text node of the model, at a word: page numbers by offset. */
  inText: Map<Text, { offset: number; pages: number[] }[]>;
  /** Pages with no text of their own after the article's last. */
  after: number[];
  /** Each page's mark's id: `page-N`, unless an element of the article already has that id. */
  ids: Map<number, string>;
}

/**
 * Shares a PDF's page starts out among a book's articles (one, or an edition's), each page numbered
 * from 1 as printed. A page without text of its own is marked where the next page begins (or at the
 * book's end): every page is in the page-list, and marks stay in page order.
 */
export function shareMarks(pages: PrintPages, documents: readonly DocumentModel[]): ArticleMarks[] {
  const marks = documents.map((): ArticleMarks => ({ before: [], inText: new Map(), after: [], ids: new Map() }));
  if (documents.length === 0) return marks;
  let waiting: number[] = [];
  pages.starts.forEach((start, index) => {
    waiting.push(index + 1);
    if (!start) return;
    const article = Math.max(0, start.article);
    const at = marks[article];
    if (!at) throw new Error(`page ${index + 1} begins in article ${article}, which the book does not have`);
    const node = start.point && start.article >= 0 ? modelTexts(documents[article]!)[start.point.node] : undefined;
    if (start.point && start.article >= 0 && !node) throw new Error(`page ${index + 1} begins at text node ${start.point.node}, which the model does not have`);
    if (!node || !start.point) at.before.push(...waiting);
    else {
      const places = at.inText.get(node) ?? [];
      const same = places.find((place) => place.offset === start.point!.offset);
      if (same) same.pages.push(...waiting);
      else places.push({ offset: start.point.offset, pages: waiting });
      at.inText.set(node, places);
    }
    waiting = [];
  });
  marks[marks.length - 1]!.after.push(...waiting);
  marks.forEach((at, index) => nameMarks(at, documents[index]!));
  return marks;
}

/** Gives each of an article's marks an id no element of its page has (a heading "Page 2" is `page-2`). */
function nameMarks(marks: ArticleMarks, document: DocumentModel): void {
  const pages = [...marks.before, ...[...marks.inText.values()].flat().flatMap((place) => place.pages), ...marks.after];
  if (pages.length === 0) return;
  const used = new Set<string>(document.notes.map((note) => note.id));
  const visit = (nodes: readonly ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      if (typeof node.properties.id === 'string') used.add(node.properties.id);
      visit(node.children);
    }
  };
  visit(document.body);
  for (const note of document.notes) visit(note.content);
  for (const page of pages) {
    let id = `page-${page}`;
    for (let count = 2; used.has(id); count++) id = `page-${page}-${count}`;
    used.add(id);
    marks.ids.set(page, id);
  }
}

/** The mark where print page `page` begins (EPUB 3 Structural Semantics, DPUB-ARIA), with the id `marks` gave it. */
export function pageBreak(page: number, marks: ArticleMarks): Element {
  return element('span', { id: marks.ids.get(page)!, 'epub:type': 'pagebreak', role: 'doc-pagebreak', ariaLabel: String(page) });
}

/** A text node with the marks of the pages that begin in it put before their words; undefined when none does. */
export function markText(node: Text, marks: ArticleMarks | undefined): ElementContent[] | undefined {
  const places = marks?.inText.get(node);
  if (!places) return undefined;
  const pieces: ElementContent[] = [];
  let from = 0;
  for (const place of [...places].sort((a, b) => a.offset - b.offset)) {
    if (place.offset > from) pieces.push(text(node.value.slice(from, place.offset)));
    pieces.push(...place.pages.map((page) => pageBreak(page, marks!)));
    from = Math.max(from, place.offset);
  }
  if (from < node.value.length) pieces.push(text(node.value.slice(from)));
  return pieces;
}

/** The page-list: every marked page and the page of the book (`files`, one per article) it is marked in. */
export function pageTargets(marks: readonly ArticleMarks[], files: readonly string[]): PageTarget[] {
  const targets = marks.flatMap((at, index) => {
    const pages = [...at.before, ...[...at.inText.values()].flat().flatMap((place) => place.pages), ...at.after];
    return pages.map((page) => ({ page, href: `${files[index]!}#${at.ids.get(page)!}` }));
  });
  return targets.sort((a, b) => a.page - b.page);
}
