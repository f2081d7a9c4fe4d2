import type { Element, ElementContent, Properties, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import { FILES } from './files.js';
import { element, text } from './hast.js';
import { xmlSafe } from './xml.js';

const EPUB_NAMESPACE = 'http://www.idpf.org/2007/ops';
// Void elements are written self-closed; every other empty element keeps its end tag, since
// `<td/>` or `<a id="x"/>` confuses any reading system that falls back to an HTML parser.
const VOID_END_TAG = /><\/(area|br|col|hr|img|input|link|meta|wbr)>/g;
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);

export function isRightToLeft(lang: string): boolean {
  return RIGHT_TO_LEFT.has(lang.toLowerCase().split('-')[0]!);
}

export interface Page {
  lang: string;
  title: string;
  body: ElementContent[];
  bodyProperties?: Properties;
}

/** A complete XHTML content document, as EPUB 3 wants it: well-formed XML, one style sheet. */
export function xhtmlPage(page: Page): string {
  const html = element('html', { 'xmlns:epub': EPUB_NAMESPACE, lang: page.lang, xmlLang: page.lang, dir: isRightToLeft(page.lang) ? 'rtl' : undefined }, [
    element('head', {}, [
      element('meta', { charSet: 'utf-8' }),
      element('title', {}, [text(page.title)]),
      element('link', { rel: ['stylesheet'], type: 'text/css', href: FILES.stylesheet }),
    ]),
    element('body', page.bodyProperties ?? {}, page.body),
  ]);
  removeNonXmlCharacters(html);
  const root: Root = { type: 'root', children: [html] };
  const xml = toXml(toXast(root)).replace(VOID_END_TAG, '/>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${xml}\n`;
}

function removeNonXmlCharacters(node: Element): void {
  for (const [key, value] of Object.entries(node.properties)) {
    if (typeof value === 'string') node.properties[key] = xmlSafe(value);
  }
  for (const child of node.children) {
    if (child.type === 'text') child.value = xmlSafe(child.value);
    else if (child.type === 'element') removeNonXmlCharacters(child);
  }
}
