import type { Element as XmlElement } from 'xast';
import type { Element } from 'hast';
import type { Article } from '../core/article.js';
import { labelsFor } from '../core/labels.js';
import { FILES } from './files.js';
import { element, text } from '../model/hast.js';
import type { OutlineEntry } from '../model/headings.js';
import { xhtmlPage } from './xhtml.js';
import { x, xmlDocument } from './xml.js';

/** The article as one table-of-contents entry holding its heading outline. */
function contents(article: Article, outline: OutlineEntry[]): OutlineEntry[] {
  return [{ id: '', text: article.title, children: outline }];
}

function href(entry: OutlineEntry): string {
  return entry.id ? `${FILES.article}#${entry.id}` : FILES.article;
}

/** The EPUB 3 navigation document: the outline, and landmarks for reading systems' "go to" menus. */
export function navDocument(article: Article, outline: OutlineEntry[]): string {
  const labels = labelsFor(article.lang);
  return xhtmlPage({
    lang: article.lang,
    title: article.title,
    body: [
      element('nav', { 'epub:type': 'toc', role: 'doc-toc', id: 'toc' }, [element('h1', {}, [text(labels.contents)]), tocList(contents(article, outline))]),
      element('nav', { 'epub:type': 'landmarks', ariaLabel: labels.landmarks, hidden: true }, [
        element('h2', {}, [text(labels.landmarks)]),
        element('ol', {}, [
          landmark('cover', FILES.cover, labels.cover),
          landmark('toc', `${FILES.nav}#toc`, labels.contents),
          landmark('bodymatter', FILES.article, labels.start),
        ]),
      ]),
    ],
  });
}

function tocList(entries: OutlineEntry[]): Element {
  return element(
    'ol',
    {},
    entries.map((entry) =>
      element('li', {}, [element('a', { href: href(entry) }, [text(entry.text)]), ...(entry.children.length > 0 ? [tocList(entry.children)] : [])]),
    ),
  );
}

function landmark(type: string, target: string, label: string): Element {
  return element('li', {}, [element('a', { 'epub:type': type, href: target }, [text(label)])]);
}

/** The EPUB 2 table of contents, for reading systems that predate the nav document. */
export function ncxDocument(article: Article, outline: OutlineEntry[]): string {
  let playOrder = 0;
  const navPoint = (entry: OutlineEntry): XmlElement => {
    playOrder++;
    return x('navPoint', { id: `nav-${playOrder}`, playOrder: String(playOrder) }, [
      x('navLabel', {}, [x('text', {}, [entry.text])]),
      x('content', { src: href(entry) }),
      ...entry.children.map(navPoint),
    ]);
  };
  const entries = contents(article, outline);
  return xmlDocument(
    x('ncx', { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': article.lang }, [
      x('head', {}, [
        x('meta', { name: 'dtb:uid', content: article.identifier }),
        x('meta', { name: 'dtb:depth', content: String(depth(entries)) }),
        x('meta', { name: 'dtb:totalPageCount', content: '0' }),
        x('meta', { name: 'dtb:maxPageNumber', content: '0' }),
      ]),
      x('docTitle', {}, [x('text', {}, [article.title])]),
      ...article.reporters.map((reporter) => x('docAuthor', {}, [x('text', {}, [reporter])])),
      x('navMap', {}, entries.map(navPoint)),
    ]),
  );
}

function depth(entries: OutlineEntry[]): number {
  return entries.length === 0 ? 0 : 1 + Math.max(...entries.map((entry) => depth(entry.children)));
}
