import type { ElementContent, Text } from 'hast';
import type { DocumentModel } from './types.js';

/**
 * A place in a document's text that every writer can find: the `node`-th text node of the model
 * (body first, then the notes, in document order; see `modelTexts`) and a UTF-16 offset into its value.
 * Numbers, so that places are ordered (a page's start is the earliest place of its text) and named
 * without holding the writers' own objects.
 */
export interface TextPoint {
  node: number;
  offset: number;
}

/** A place in an article or edition: before any of an article's text (`point` undefined), or at a text point. */
export interface BookPoint {
  /** Which article of an edition (0 for a lone article); -1 for an edition's own pages, before every article. */
  article: number;
  point: TextPoint | undefined;
}

const textsOf = new WeakMap<DocumentModel, readonly Text[]>();

/** The model's text nodes in document order: the body's, then each note's. Computed once per model. */
export function modelTexts(document: DocumentModel): readonly Text[] {
  let texts = textsOf.get(document);
  if (!texts) {
    const found: Text[] = [];
    const visit = (nodes: readonly ElementContent[]) => {
      for (const node of nodes) {
        if (node.type === 'text') found.push(node);
        else if (node.type === 'element') visit(node.children);
      }
    };
    visit(document.body);
    for (const note of document.notes) visit(note.content);
    texts = found;
    textsOf.set(document, texts);
  }
  return texts;
}

/** Each of the model's text nodes with its number (see `modelTexts`). */
export function textNumbers(document: DocumentModel): ReadonlyMap<Text, number> {
  return new Map(modelTexts(document).map((text, index) => [text, index]));
}

/** Negative when `a` comes before `b` in the book's reading order, 0 when they are the same place. */
export function compareBookPoints(a: BookPoint, b: BookPoint): number {
  if (a.article !== b.article) return a.article - b.article;
  if (!a.point || !b.point) return (a.point ? 1 : 0) - (b.point ? 1 : 0);
  return a.point.node - b.point.node || a.point.offset - b.point.offset;
}
