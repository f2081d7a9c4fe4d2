import type { Article } from '../../core/article.js';
import { isRightToLeft } from '../../core/direction.js';
import { datelineText, publishedText, reporterNames, updatedText } from '../../core/display.js';
import { fillLabel, labelsFor } from '../../core/labels.js';
import type { Placeholder, PrintTheme, RunningLine } from '../../template/theme.js';
import type { FontBook } from '../fonts/book.js';
import { clusters, segmentText, visualSegments } from '../fonts/segment.js';
import type { PageGeometry } from '../layout/frames.js';
import type { DrawOp } from '../layout/types.js';
import type { Ink } from './draw.js';

/** The placeholders whose value is the same on every page. */
type Name = Exclude<Placeholder, 'page' | 'pages' | 'page_of_pages'>;

/** What the running lines of a page speak of: its article, and in an edition its section and the edition. */
export interface PageContext {
  article: Article;
  section?: string;
  edition?: string;
  /** The header, when not the template's own (an edition's pages). */
  header?: RunningLine;
  /** False on a page that opens with a title (the first page; in an edition, every article's first): no header there. */
  showHeader: boolean;
}

/** The placeholder values that do not change from page to page, each worked out (dates formatted) once, when first used. */
function documentValues(article: Article, context: Pick<PageContext, 'section' | 'edition'> = {}): (name: string) => string | undefined {
  const known = new Map<Name, string>();
  const compute: Record<Name, () => string> = {
    section: () => context.section ?? '',
    edition: () => context.edition ?? '',
    title: () => article.title,
    publisher: () => article.publisher ?? '',
    reporter: () => reporterNames(article),
    published: () => publishedText(article),
    updated: () => updatedText(article) ?? publishedText(article),
    dateline: () => datelineText(article),
    identifier: () => article.identifier,
  };
  return (name) => {
    if (!Object.hasOwn(compute, name)) return undefined;
    let value = known.get(name as Name);
    if (value === undefined) {
      value = compute[name as Name]();
      known.set(name as Name, value);
    }
    return value;
  };
}

/**
 * Fills a running header or footer template: {title}, {page} of {pages}, {page_of_pages}, … Page numbers
 * are written in the digits the article's dates are (Persian ۱۲ in Persian, 12 in Arabic as in English).
 */
export function fillPlaceholders(
  template: string,
  article: Article,
  page: number,
  pages: number,
  values = documentValues(article),
  number = pageNumberFormat(article.lang),
): string {
  return template
    .replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
      if (name === 'page') return number.format(page);
      if (name === 'pages') return number.format(pages);
      if (name === 'page_of_pages') return fillLabel(labelsFor(article.lang).pageOfPages, { page: number.format(page), pages: number.format(pages) });
      return values(name) ?? whole;
    })
    .trim();
}

const pageNumberFormats = new Map<string, Intl.NumberFormat>();

function pageNumberFormat(lang: string): Intl.NumberFormat {
  let format = pageNumberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 0 });
    pageNumberFormats.set(lang, format);
  }
  return format;
}

/** Running header (not on a page that opens with a title block) and footer, drawn as pagination artifacts. */
export class Furniture {
  /** Placeholder values of each page's article and section (an edition has many). */
  private readonly values = new Map<string, { article: Article; values: (name: string) => string | undefined }>();
  /** Set slots by their text: most pages repeat the same header. */
  private readonly fitted = new Map<string, { text: string; width: number }>();
  /** Page numbers in the article's digits when the fonts have them, else in 0-9. */
  private readonly pageNumbers: Intl.NumberFormat;

  /** `contextOf` says which article (and section) each page (from 0) belongs to; `lang` is the document's. */
  constructor(
    private readonly ink: Ink,
    private readonly pages: number,
    private readonly theme: PrintTheme,
    private readonly contextOf: (page: number) => PageContext,
    lang: string,
    private readonly geometry: PageGeometry,
    private readonly book: FontBook,
  ) {
    const localized = pageNumberFormat(lang);
    const covered = !segmentText(localized.format(1234567890), book.face('sans'), book).some((segment) => segment.missing);
    this.pageNumbers = covered ? localized : pageNumberFormat('en');
  }

  /** Draws the running lines of `page` (0-based), which must be the page being drawn. */
  draw(page: number): void {
    const { ink, theme, geometry } = this;
    const context = this.contextOf(page);
    ink.goToPage(page);
    ink.structure.mark(undefined, 'Pagination');
    if (context.showHeader) {
      const header = context.header ?? theme.header;
      const baseline = Math.max(header.fontSize * 1.2, theme.page.margin.top * 0.55);
      this.runningLine(header, context, page + 1, baseline);
    }
    const footerBaseline = geometry.height - Math.max(theme.footer.fontSize * 0.6, theme.page.margin.bottom * 0.45);
    this.runningLine(theme.footer, context, page + 1, footerBaseline);
    ink.structure.close();
  }

  private valuesOf(context: PageContext): (name: string) => string | undefined {
    const key = `${context.article.identifier}\u0000${context.section ?? ''}`;
    let known = this.values.get(key);
    if (!known || known.article !== context.article) {
      known = { article: context.article, values: documentValues(context.article, context) };
      this.values.set(key, known);
    }
    return known.values;
  }

  private runningLine(line: RunningLine, context: PageContext, page: number, baseline: number): void {
    const { book, geometry } = this;
    const face = book.face('sans');
    const { article } = context;
    const values = this.valuesOf(context);
    const rightToLeft = isRightToLeft(article.lang);
    const texts = [line.left, line.center, line.right].map((slot) => fillPlaceholders(slot, article, page, this.pages, values, this.pageNumbers));
    const measure = (text: string) => segmentText(text, face, book).reduce((sum, segment) => sum + book.width(segment.face, segment.text, line.fontSize), 0);
    const widths = slotWidths(texts, geometry.textWidth, measure);
    texts.forEach((raw, slot) => {
      if (raw === '') return;
      const slotWidth = widths[slot]!;
      const key = `${line.fontSize}\u0000${slotWidth}\u0000${raw}`;
      let set = this.fitted.get(key);
      if (!set) {
        const text = fit(raw, slotWidth, measure);
        set = { text, width: measure(text) };
        this.fitted.set(key, set);
      }
      const { text, width } = set;
      const x = slot === 0 ? geometry.left : slot === 1 ? geometry.left + (geometry.textWidth - width) / 2 : geometry.left + geometry.textWidth - width;
      let cursor = x;
      for (const segment of visualSegments(text, face, book, rightToLeft)) {
        const segmentWidth = book.width(segment.face, segment.text, line.fontSize);
        const op: DrawOp = { kind: 'text', x: cursor, y: baseline, text: segment.text, face: segment.face, size: line.fontSize, color: line.color, width: segmentWidth };
        if (segment.rightToLeft) op.rightToLeft = true;
        if (segment.leftToRight) op.leftToRight = true;
        this.ink.draw(op, 0, 0);
        cursor += segmentWidth;
      }
    });
  }
}

const SLOT_GAP = 16;

/**
 * How wide each of the left, center and right texts may be. With a center text, a third each; without
 * one, the two sides share the line, so a long side (a dateline, a headline) may take what the other
 * side leaves (a page number), and each keeps at least half.
 */
function slotWidths(texts: readonly string[], lineWidth: number, measure: (text: string) => number): number[] {
  if (texts[1] !== '') return texts.map(() => lineWidth / 3 - SLOT_GAP / 2);
  const half = lineWidth / 2 - SLOT_GAP / 2;
  const [left, , right] = texts.map((text) => (text === '' ? 0 : measure(text)));
  return [Math.max(half, lineWidth - right! - SLOT_GAP), 0, Math.max(half, lineWidth - left! - SLOT_GAP)];
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
