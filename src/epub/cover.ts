import type { Element as XmlElement } from 'xast';
import type { Article } from '../core/article.js';
import { bylineText } from '../core/display.js';
import { fillLabel, labelsFor } from '../core/labels.js';
import { element } from '../model/hast.js';
import type { Resource, ResourceRegistry } from './resources.js';
import { xastToXml } from './serialize.js';
import { xhtmlPage } from './xhtml.js';
import { x } from './xml.js';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const WIDTH = 1200;
const HEIGHT = 1800;
const MARGIN = 110;
// Average advance of a bold serif letter as a share of the font size, on the wide side: enough to
// wrap without measuring fonts, which the reading system picks.
const AVERAGE_ADVANCE = 0.62;
const BYLINE_SIZE = 44;
const HEADLINE_SIZES = [104, 92, 80, 68, 58, 50];
const MAX_HEADLINE_LINES = 8;

/**
 * The cover picture: the lead image when there is one that can be shown, else a typographic
 * cover drawn here (headline, byline, publisher) so that shelves never show a blank book.
 */
export function coverResource(article: Article, lead: Resource | undefined, resources: ResourceRegistry): Resource {
  return lead ?? resources.addGenerated(typographicCover(article), 'image/svg+xml', WIDTH, HEIGHT);
}

/** The cover as the first page, the picture filling it. */
export function coverPage(article: Article, cover: Resource, isGenerated: boolean): string {
  const what = isGenerated
    ? `${article.title}. ${bylineText(article)}${article.publisher ? `. ${article.publisher}` : ''}`
    : (article.image?.alt ?? article.title);
  const alt = fillLabel(labelsFor(article.lang).coverAlt, { what });
  return xhtmlPage({
    lang: article.lang,
    title: article.title,
    bodyProperties: { 'epub:type': 'cover' },
    body: [element('div', { className: ['cover'] }, [element('img', { src: cover.href, alt, role: 'doc-cover' })])],
  });
}

function typographicCover(article: Article): Buffer {
  const { size, lines } = fitHeadline(article.title);
  const lineHeight = Math.round(size * 1.15);
  const headlineTop = 420;
  const headline = lines.map((line, index) => svgText(line, headlineTop + index * lineHeight, size, 'bold'));
  const bylineTop = headlineTop + lines.length * lineHeight + 90;
  const byline = wrap(bylineText(article), charactersPerLine(BYLINE_SIZE)).map((line, index) =>
    svgText(line, bylineTop + index * Math.round(BYLINE_SIZE * 1.3), BYLINE_SIZE, 'normal'),
  );
  const children: XmlElement[] = [
    x('title', {}, [article.title]),
    x('rect', { width: String(WIDTH), height: String(HEIGHT), fill: '#14213d' }),
    x('rect', { x: String(MARGIN), y: '300', width: '160', height: '12', fill: '#fca311' }),
    ...headline,
    ...byline,
  ];
  // Upper case by the language's rules: Greek capitals drop their accents.
  if (article.publisher) children.push(svgText(article.publisher.toLocaleUpperCase(article.lang), HEIGHT - MARGIN, 38, 'normal', '0.12em'));
  const svg = x('svg', { xmlns: SVG_NAMESPACE, 'xml:lang': article.lang, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: String(WIDTH), height: String(HEIGHT) }, children);
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xastToXml(svg, false)}\n`, 'utf8');
}

function svgText(value: string, y: number, size: number, weight: string, letterSpacing?: string): XmlElement {
  return x(
    'text',
    { x: String(MARGIN), y: String(y), 'font-family': 'serif', 'font-size': String(size), 'font-weight': weight, fill: '#ffffff', 'letter-spacing': letterSpacing },
    [value],
  );
}

/** The largest headline size whose wrapped lines fit the cover. */
function fitHeadline(title: string): { size: number; lines: string[] } {
  for (const size of HEADLINE_SIZES) {
    const lines = wrap(title, charactersPerLine(size));
    if (lines.length <= MAX_HEADLINE_LINES) return { size, lines };
  }
  const size = HEADLINE_SIZES[HEADLINE_SIZES.length - 1]!;
  const lines = wrap(title, charactersPerLine(size));
  return { size, lines: [...lines.slice(0, MAX_HEADLINE_LINES - 1), `${lines[MAX_HEADLINE_LINES - 1]}…`] };
}

function charactersPerLine(size: number): number {
  return Math.floor((WIDTH - 2 * MARGIN) / (size * AVERAGE_ADVANCE));
}

/** Greedy word wrap by character count; a word longer than a line is cut. */
function wrap(value: string, perLine: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while ([...rest].length > perLine) {
      if (current) lines.push(current);
      current = '';
      lines.push([...rest].slice(0, perLine).join(''));
      rest = [...rest].slice(perLine).join('');
    }
    if (!current) current = rest;
    else if ([...`${current} ${rest}`].length <= perLine) current = `${current} ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current) lines.push(current);
  return lines;
}
