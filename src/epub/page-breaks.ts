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
}

/**
 * Shares a PDF's page starts out among a book's articles (one, or an edition's), each page numbered
 * from 1 as printed. A page without text of its own is marked where the next page begins (or at the
 * book's end): every page is in the page-list, and marks stay in page order.
 */
export function shareMarks(pages: PrintPages, documents: readonly DocumentModel[]): ArticleMarks[] {
  const marks = documents.map((): ArticleMarks => ({ before: [], inText: new Map(), after: [] }));
  if (documents.length === 0) return marks;
  let waiting: number[] = [];
  pages.starts.forEach((start, index) => {
    waiting.push(index + 1);
    if (!start) return;
    const article = Math.max(0, start.article);
    const at = marks[article];
    const node = start.point && start.article >= 0 ? modelTexts(documents[article]!)[start.point.node] : undefined;
    if (!at) return;
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
  return marks;
}

/** The mark where print page `page` begins (EPUB 3 Structural Semantics, DPUB-ARIA). */
export function pageBreak(page: number): Element {
  return element('span', { id: pageId(page), 'epub:type': 'pagebreak', role: 'doc-pagebreak', ariaLabel: String(page) });
}

export function pageId(page: number): string {
  return `page-${page}`;
}

/** A text node with the marks of the pages that begin in it put before their words; undefined when none does. */
export function markText(node: Text, marks: ArticleMarks | undefined): ElementContent[] | undefined {
  const places = marks?.inText.get(node);
  if (!places) return undefined;
  const pieces: ElementContent[] = [];
  let from = 0;
  for (const place of [...places].sort((a, b) => a.offset - b.offset)) {
    if (place.offset > from) pieces.push(text(node.value.slice(from, place.offset)));
    pieces.push(...place.pages.map(pageBreak));
    from = Math.max(from, place.offset);
  }
  if (from < node.value.length) pieces.push(text(node.value.slice(from)));
  return pieces;
}

/** The page-list: every marked page and the page of the book (`files`, one per article) it is marked in. */
export function pageTargets(marks: readonly ArticleMarks[], files: readonly string[]): PageTarget[] {
  const targets = marks.flatMap((at, index) => {
    const pages = [...at.before, ...[...at.inText.values()].flat().flatMap((place) => place.pages), ...at.after];
    return pages.map((page) => ({ page, href: `${files[index]!}#${pageId(page)}` }));
  });
  return targets.sort((a, b) => a.page - b.page);
}
