import type { Element as XmlElement } from 'xast';
import type { Element } from 'hast';
import { labelsFor } from '../core/labels.js';
import { FILES } from './files.js';
import { element, text } from '../model/hast.js';
import type { OutlineEntry } from '../model/headings.js';
import { xhtmlPage } from './xhtml.js';
import { x, xmlDocument } from './xml.js';

/** An entry of a book's table of contents: an article, a heading of it, or a section of an edition. */
export interface TocEntry {
  text: string;
  href: string;
  children: TocEntry[];
}

/** What the navigation documents say of the book itself. */
export interface NavBook {
  identifier: string;
  title: string;
  lang: string;
  authors: string[];
}

/** An article's headings as entries pointing into its page. */
export function outlineEntries(outline: readonly OutlineEntry[], page: string): TocEntry[] {
  return outline.map((entry) => ({ text: entry.text, href: entry.id ? `${page}#${entry.id}` : page, children: outlineEntries(entry.children, page) }));
}

/** A print page in the book's page-list: its number and where it begins. */
export interface PageTarget {
  page: number;
  href: string;
}

/**
 * The EPUB 3 navigation document: the contents, landmarks for reading systems' "go to" menus, and
 * the print edition's pages when the book marks them.
 */
export function navDocument(book: NavBook, toc: TocEntry[], bodyStart: string, pageList: readonly PageTarget[] = []): string {
  const labels = labelsFor(book.lang);
  const pages =
    pageList.length === 0
      ? []
      : [
          element('nav', { 'epub:type': 'page-list', role: 'doc-pagelist', ariaLabel: labels.pages, hidden: true }, [
            element('h2', {}, [text(labels.pages)]),
            element('ol', {}, pageList.map((target) => element('li', {}, [element('a', { href: target.href }, [text(String(target.page))])]))),
          ]),
        ];
  return xhtmlPage({
    lang: book.lang,
    title: book.title,
    body: [
      element('nav', { 'epub:type': 'toc', role: 'doc-toc', id: 'toc' }, [element('h1', {}, [text(labels.contents)]), tocList(toc)]),
      element('nav', { 'epub:type': 'landmarks', ariaLabel: labels.landmarks, hidden: true }, [
        element('h2', {}, [text(labels.landmarks)]),
        element('ol', {}, [
          landmark('cover', FILES.cover, labels.cover),
          landmark('toc', `${FILES.nav}#toc`, labels.contents),
          landmark('bodymatter', bodyStart, labels.start),
        ]),
      ]),
      ...pages,
    ],
  });
}

function tocList(entries: TocEntry[]): Element {
  return element(
    'ol',
    {},
    entries.map((entry) => element('li', {}, [element('a', { href: entry.href }, [text(entry.text)]), ...(entry.children.length > 0 ? [tocList(entry.children)] : [])])),
  );
}

function landmark(type: string, target: string, label: string): Element {
  return element('li', {}, [element('a', { 'epub:type': type, href: target }, [text(label)])]);
}

/** The EPUB 2 table of contents, for reading systems that predate the nav document. */
export function ncxDocument(book: NavBook, toc: TocEntry[]): string {
  // NCX wants one playOrder per target: a section and its first article, which begin at one place, share it.
  const orders = new Map<string, number>();
  let count = 0;
  const navPoint = (entry: TocEntry): XmlElement => {
    count++;
    let playOrder = orders.get(entry.href);
    if (playOrder === undefined) {
      playOrder = orders.size + 1;
      orders.set(entry.href, playOrder);
    }
    return x('navPoint', { id: `nav-${count}`, playOrder: String(playOrder) }, [
      x('navLabel', {}, [x('text', {}, [entry.text])]),
      x('content', { src: entry.href }),
      ...entry.children.map(navPoint),
    ]);
  };
  return xmlDocument(
    x('ncx', { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': book.lang }, [
      x('head', {}, [
        x('meta', { name: 'dtb:uid', content: book.identifier }),
        x('meta', { name: 'dtb:depth', content: String(depth(toc)) }),
        x('meta', { name: 'dtb:totalPageCount', content: '0' }),
        x('meta', { name: 'dtb:maxPageNumber', content: '0' }),
      ]),
      x('docTitle', {}, [x('text', {}, [book.title])]),
      ...book.authors.map((author) => x('docAuthor', {}, [x('text', {}, [author])])),
      x('navMap', {}, toc.map(navPoint)),
    ]),
  );
}

function depth(entries: TocEntry[]): number {
  return entries.length === 0 ? 0 : 1 + Math.max(...entries.map((entry) => depth(entry.children)));
}
