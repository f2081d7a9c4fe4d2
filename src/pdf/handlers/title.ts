import { bylineText, datelineText } from '../../core/display.js';
import type { Block } from '../layout/types.js';
import type { InlineStyle } from '../text/types.js';
import { altText, figureBlock } from './figure.js';
import { textRun } from './inline.js';
import type { State } from './state.js';

/**
 * The article's head, across the full text width (or as wide as `width`): publisher, headline, dek, byline, dates,
 * lead picture — unless `leadApart` (an edition's article in flow), which leaves the picture to `leadFigure`.
 */
export function titleBlock(state: State, width = state.geometry.textWidth, leadApart = false): void {
  const { theme, document } = state;
  const { article } = document;
  const switches = theme.titleBlock;
  const base = theme.base;
  state.within({ width, left: 0, right: 0, struct: state.root }, () => {
    const line = (text: string, style: InlineStyle, type = 'P', leadingFactor = 1.3, keep: 'paragraph' | 'all' = 'paragraph') => {
      const struct = state.struct(type);
      return state.setParagraph([textRun(text, { style, struct, hyphenate: false })], {
        struct,
        align: 'start',
        size: style.size,
        leading: style.size * leadingFactor,
        hyphenate: false,
        keep,
        baseStyle: style,
        role: 'title',
      });
    };
    const sans = (size: number, bold: boolean, color: string): InlineStyle => ({ role: 'sans', bold, italic: false, size, color });

    if (switches.showPublisher && article.publisher) {
      line(article.publisher, sans(base.fontSize * 0.85, true, theme.links.color));
      state.space(4);
    }
    const headlineStyle: InlineStyle = { role: theme.headings.font, bold: false, italic: false, size: switches.headlineSize, color: theme.headings.color };
    const headline = line(article.title, headlineStyle, 'H1', 1.12, 'all');
    headline[0]?.ops.unshift({ kind: 'outline', title: article.title, level: state.outlineLevel(1), y: 0 });
    if (switches.showDek && article.dek) {
      state.space(6);
      line(article.dek, { role: 'body', bold: false, italic: true, size: switches.dekSize, color: base.color }, 'P', 1.32);
    }
    const meta: InlineStyle = sans(base.fontSize * 0.82, false, theme.credit.color);
    if (switches.showByline && article.reporters.length > 0) {
      state.space(8);
      line(bylineText(article), sans(base.fontSize * 0.92, true, base.color));
    }
    if (switches.showDates) {
      state.space(switches.showByline ? 1 : 8);
      line(datelineText(article, '  ·  '), meta);
    }
    if (switches.showIdentifier) line(article.identifier, meta);
    if (switches.showImage && article.image && !leadApart) {
      state.space(10);
      const lead = leadBlock(state);
      if (lead) state.emit(lead);
      else altText(state, article.image.alt);
    }
    state.space(8);
    state.emit({ kind: 'block', height: 6, role: 'rule', ops: [{ kind: 'rule', x1: 0, y1: 3, x2: state.measure, y2: 3, width: 0.8, color: '#444444' }] });
  });
  state.previous = 'start';
}

/**
 * The lead picture as a figure of the body that the page builder may float (to the top of the next column or
 * page) and shrink like any other, set across the columns: an edition's article in flow begins below the one
 * before with its headline block alone, the picture following where it fits.
 */
export function leadFigure(state: State): void {
  const image = state.document.article.image;
  if (!state.theme.titleBlock.showImage || !image) return;
  const span = state.geometry.columns > 1;
  const lead = span ? state.within({ width: state.geometry.textWidth, left: 0, right: 0 }, () => leadBlock(state, { span })) : leadBlock(state, { span });
  if (lead) state.emit(lead);
  else altText(state, image.alt);
  state.space(state.context.leading * 0.6);
  // The text still opens the article (its first paragraph set as the first after the title block).
  state.previous = 'start';
}

/** The lead picture with its caption and credit, as wide as the measure; undefined when it cannot be drawn. */
function leadBlock(state: State, unit?: { span: boolean }): Block | undefined {
  const { document } = state;
  const image = document.article.image;
  const prepared = document.lead ? state.images.get(document.lead) : undefined;
  if (!image || !prepared) return undefined;
  return figureBlock(state, {
    image: prepared,
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    width: state.measure,
    maxHeight: state.geometry.textHeight * 0.42,
    place: image.position,
    ...(unit ? { unit } : {}),
  });
}
