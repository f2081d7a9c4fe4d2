import type { Article } from '../../core/article.js';
import { joinNames, publishedText, updatedText } from '../../core/display.js';
import type { PrintTheme, RunningLine } from '../../template/theme.js';
import type { FontBook } from '../fonts/book.js';
import { clusters, segmentText } from '../fonts/segment.js';
import type { PageGeometry } from '../layout/frames.js';
import type { DrawOp } from '../layout/types.js';
import type { Ink } from './draw.js';

/** Fills a running header or footer template: {title}, {page} of {pages}, … */
export function fillPlaceholders(template: string, article: Article, page: number, pages: number): string {
  const values: Record<string, string> = {
    title: article.title,
    publisher: article.publisher ?? '',
    reporter: joinNames(article.reporters),
    published: publishedText(article),
    updated: updatedText(article) ?? publishedText(article),
    identifier: article.identifier,
    page: String(page),
    pages: String(pages),
  };
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole).trim();
}

/** Running header (not on the first page, which has the title block) and footer, drawn as pagination artifacts. */
export function drawFurniture(ink: Ink, pages: number, theme: PrintTheme, article: Article, geometry: PageGeometry, book: FontBook): void {
  for (let page = 0; page < pages; page++) {
    ink.goToPage(page);
    ink.structure.mark(undefined, 'Pagination');
    if (page > 0) {
      const baseline = Math.max(theme.header.fontSize * 1.2, theme.page.margin.top * 0.55);
      runningLine(ink, theme.header, article, page + 1, pages, baseline, geometry, book);
    }
    const footerBaseline = geometry.height - Math.max(theme.footer.fontSize * 0.6, theme.page.margin.bottom * 0.45);
    runningLine(ink, theme.footer, article, page + 1, pages, footerBaseline, geometry, book);
    ink.structure.close();
  }
}

function runningLine(ink: Ink, line: RunningLine, article: Article, page: number, pages: number, baseline: number, geometry: PageGeometry, book: FontBook): void {
  const face = book.face('sans');
  const texts = [line.left, line.center, line.right].map((slot) => fillPlaceholders(slot, article, page, pages));
  const hasCenter = texts[1] !== '';
  const slotWidth = hasCenter ? geometry.textWidth / 3 - 8 : geometry.textWidth / 2 - 8;
  texts.forEach((raw, slot) => {
    if (raw === '') return;
    const text = fit(raw, slotWidth, (candidate) => measure(candidate));
    const width = measure(text);
    const x = slot === 0 ? geometry.left : slot === 1 ? geometry.left + (geometry.textWidth - width) / 2 : geometry.left + geometry.textWidth - width;
    let cursor = x;
    for (const segment of segmentText(text, face, book)) {
      const segmentWidth = book.width(segment.face, segment.text, line.fontSize);
      const op: DrawOp = { kind: 'text', x: cursor, y: baseline, text: segment.text, face: segment.face, size: line.fontSize, color: line.color, width: segmentWidth };
      ink.draw(op, 0, 0);
      cursor += segmentWidth;
    }
  });

  function measure(text: string): number {
    return segmentText(text, face, book).reduce((sum, segment) => sum + book.width(segment.face, segment.text, line.fontSize), 0);
  }
}

/** Shortens text with an ellipsis until it fits. */
function fit(text: string, width: number, measure: (text: string) => number): string {
  if (measure(text) <= width) return text;
  const parts = clusters(text).map((entry) => entry.cluster);
  while (parts.length > 1) {
    parts.pop();
    const candidate = `${parts.join('').trimEnd()}…`;
    if (measure(candidate) <= width) return candidate;
  }
  return '…';
}
