import { DOMParser, type Element as XmlElement, type Node as XmlNode } from '@xmldom/xmldom';
import { expect } from 'vitest';
import { wordsOf } from './parity.js';
import { openZip } from './zip.js';

/**
 * The print pages an EPUB marks (issue #20: the page-list), read back as a reading system reads them:
 * the pagebreak marks in the spine's pages, the words after each, and the nav document's page-list.
 */
export interface MarkedPages {
  /** Each mark in reading order: the page it names and the words after it, up to the next mark. */
  marks: { page: number; id: string; file: string; words: string[] }[];
  /** The page-list nav: each entry's page number and target. */
  listed: { page: number; file: string; id: string }[];
  /** Words inside figures, tables and code blocks: what the page builder may float away from its place. */
  floatWords: Set<string>;
  /** What the package document says of the pagination: dc:source refined as its source, and the features. */
  paginationSource: string | undefined;
  features: string[];
}

/** Elements whose words never run into their neighbours' (as in parity.ts). */
const SEPARATE = /^(address|article|aside|blockquote|body|br|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|img|li|nav|ol|p|pre|section|table|td|th|tr|ul)$/;
const FLOATING = new Set(['figure', 'table', 'pre']);

function parse(xml: string, what: string): Document {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml, 'application/xhtml+xml');
  if (errors.length > 0) throw new Error(`${what} is not well-formed: ${errors.join('; ')}`);
  return document as unknown as Document;
}

export async function readMarkedPages(bytes: Uint8Array): Promise<MarkedPages> {
  const zip = await openZip(bytes);
  const opf = parse(await zip.text('OEBPS/content.opf'), 'the package document');
  const hrefs = new Map(Array.from(opf.getElementsByTagName('item')).map((item) => [item.getAttribute('id')!, item.getAttribute('href')!]));
  const spine = Array.from(opf.getElementsByTagName('itemref')).map((itemref) => hrefs.get(itemref.getAttribute('idref')!)!);
  const navHref = Array.from(opf.getElementsByTagName('item')).find((item) => (item.getAttribute('properties') ?? '').split(' ').includes('nav'))!.getAttribute('href')!;

  const marks: MarkedPages['marks'] = [];
  const floatWords = new Set<string>();
  const texts: string[][] = [];
  for (const file of spine) {
    const page = parse(await zip.text(`OEBPS/${file}`), file);
    const visit = (node: XmlNode, floating: boolean): void => {
      if (node.nodeType === 3 || node.nodeType === 4) {
        const data = (node as unknown as { data: string }).data;
        texts.at(-1)?.push(data);
        if (floating) for (const word of wordsOf(data)) floatWords.add(word);
        return;
      }
      if (node.nodeType !== 1) return;
      const element = node as XmlElement;
      const tag = element.localName ?? element.tagName;
      if ((element.getAttribute('epub:type') ?? '').split(/\s+/).includes('pagebreak')) {
        marks.push({ page: Number(element.getAttribute('aria-label')), id: element.getAttribute('id') ?? '', file, words: [] });
        texts.push([]);
      }
      const separate = SEPARATE.test(tag);
      if (separate) texts.at(-1)?.push(' ');
      for (let child = element.firstChild; child; child = child.nextSibling) visit(child, floating || FLOATING.has(tag));
      if (separate) texts.at(-1)?.push(' ');
    };
    const body = page.getElementsByTagName('body')[0];
    if (body) visit(body as unknown as XmlNode, false);
  }
  marks.forEach((mark, index) => (mark.words = wordsOf(texts[index]!.join(''))));

  const nav = parse(await zip.text(`OEBPS/${navHref}`), 'the nav document');
  const pageList = Array.from(nav.getElementsByTagName('nav')).find((element) => element.getAttribute('epub:type') === 'page-list');
  const listed = pageList
    ? Array.from(pageList.getElementsByTagName('a')).map((link) => {
        const [file = '', id = ''] = link.getAttribute('href')!.split('#');
        return { page: Number(link.textContent), file, id };
      })
    : [];
  const metas = Array.from(opf.getElementsByTagName('meta'));
  const sourceId = metas.find((meta) => meta.getAttribute('property') === 'source-of' && meta.textContent === 'pagination')?.getAttribute('refines')?.slice(1);
  const paginationSource = Array.from(opf.getElementsByTagName('dc:source')).find((source) => source.getAttribute('id') === sourceId)?.textContent ?? undefined;
  const features = metas.filter((meta) => meta.getAttribute('property') === 'schema:accessibilityFeature').map((meta) => meta.textContent ?? '');
  return { marks, listed, floatWords, paginationSource, features };
}

/** How many words after a mark are looked for at the start of its page. */
const WORDS_COMPARED = 5;

/**
 * Where the words after a page's mark are on that page: their position in its words, or -1. A page that
 * begins inside a word hyphenated at the page before's foot is marked before the whole word, so the EPUB's
 * first word may end with the page's first.
 */
export function findOnPage(after: readonly string[], page: readonly string[]): number {
  const wanted = after.slice(0, WORDS_COMPARED);
  if (wanted.length === 0) return -1;
  for (let at = 0; at < page.length; at++) {
    const first = page[at]!;
    if (!(first === wanted[0] || wanted[0]!.endsWith(first))) continue;
    let next = at + 1;
    const rest = wanted.slice(1).every((word) => {
      // The PDF prints list items' numbers and letters, which the EPUB's style sheet draws.
      while (next < page.length && page[next] !== word && LIST_LABEL.test(page[next]!)) next++;
      return page[next++] === word;
    });
    if (rest) return at;
  }
  return -1;
}

const LIST_LABEL = /^(\d+|[a-z]|[ivxlc]+)$/i;

/**
 * Issue #20's check: every page of the PDF is marked once, in order, and listed; the words right after
 * the mark of page N are the first words of page N as pdftotext reads it (less its running lines) — but
 * for a figure, table or code block the page builder floated to the page's top, which comes first on paper
 * and stays at its reference in the EPUB.
 */
export function expectPagesMarked(marked: MarkedPages, pdfPages: readonly string[][], what: string): void {
  const numbers = pdfPages.map((_, index) => index + 1);
  expect(marked.marks.map((mark) => mark.page), `${what}: a mark for each page, in order`).toEqual(numbers);
  expect(marked.listed.map((entry) => entry.page), `${what}: the page-list`).toEqual(numbers);
  for (const entry of marked.listed) {
    expect(marked.marks.some((mark) => mark.file === entry.file && mark.id === entry.id), `${what}: page ${entry.page}'s entry leads to its mark`).toBe(true);
  }
  expect(marked.paginationSource, `${what}: the pagination's source`).toBeTruthy();
  expect(marked.features, what).toEqual(expect.arrayContaining(['printPageNumbers', 'pageNavigation']));
  for (const [index, mark] of marked.marks.entries()) {
    const page = pdfPages[index]!;
    // A page with no words of its own (a full-page picture) is marked where the next page begins.
    if (mark.words.length === 0 || page.length === 0) continue;
    const found = findOnPage(mark.words, page);
    const context = `${what}: page ${mark.page} begins ${JSON.stringify(page.slice(0, 12).join(' '))}; its mark is before ${JSON.stringify(mark.words.slice(0, 12).join(' '))}`;
    expect(found, context).toBeGreaterThanOrEqual(0);
    const before = page.slice(0, found).filter((word) => !marked.floatWords.has(word));
    expect(before, `${context}: words before it that are not of a float`).toEqual([]);
  }
}
