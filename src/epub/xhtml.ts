import type { ElementContent, Properties } from 'hast';
import { isRightToLeft } from '../core/direction.js';
import { FILES } from './files.js';
import { element, text } from '../model/hast.js';
import { hastToXhtml } from './serialize.js';

const EPUB_NAMESPACE = 'http://www.idpf.org/2007/ops';

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
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${hastToXhtml(html)}\n`;
}
