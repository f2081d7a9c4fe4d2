import type { Element } from 'hast';
import type { Point } from '../../core/diagnostics.js';
import { creditText } from '../../core/display.js';
import { textOf } from '../../model/hast.js';
import type { PreparedImage } from '../images/prepare.js';
import { lineBlocks } from '../layout/lines.js';
import { shift } from '../layout/ops.js';
import type { Block, DrawOp, StructNode } from '../layout/types.js';
import { composeParagraph, faceFor } from '../text/compose.js';
import type { Inline, InlineStyle } from '../text/types.js';
import { phrasing, textRun } from './inline.js';
import type { State } from './state.js';
import { division } from './text-blocks.js';

// Pictures are shown at 96 dpi unless that is wider than the column.
const POINTS_PER_PIXEL = 0.75;
const CAPTION_GAP = 4;

/**
 * The model's `<figure>`: a picture with its caption under it. A figure of the author's raw HTML
 * holds no picture (the model keeps none from raw HTML): its content is set as blocks.
 */
export function figure(node: Element, state: State): void {
  const picture = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'img');
  if (!picture) {
    division(node, state);
    return;
  }
  const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
  bodyFigure(state, picture, caption ? textOf(caption) : undefined);
}

/** A caption of a figure without a picture: a caption-styled paragraph. */
export function figureCaption(node: Element, state: State): void {
  const struct = state.struct('Caption');
  const style: InlineStyle = { role: 'sans', bold: false, italic: false, size: state.theme.caption.fontSize, color: state.theme.caption.color };
  state.setParagraph(phrasing(node.children, state, { style, struct }), { struct, size: style.size, leading: style.size * 1.35, align: 'start', baseStyle: style });
  state.previous = 'other';
}

/** A picture in the body: scaled to fit the column, caption (else its title) under it; its alt text when it cannot be drawn. */
export function bodyFigure(state: State, picture: Element, caption: string | undefined): void {
  const alt = String(picture.properties.alt ?? '');
  const asset = state.document.pictures.get(String(picture.properties.src));
  const prepared = asset ? state.images.get(asset) : undefined;
  const title = typeof picture.properties.title === 'string' ? picture.properties.title : undefined;
  const leading = state.context.leading;
  state.space(leading * 0.6);
  if (!prepared) {
    altText(state, alt || caption || title || '');
  } else {
    // A panorama wider than the column is set across all the columns (the page builder places it).
    const natural = prepared.width * POINTS_PER_PIXEL;
    const span = spansColumns(state) && prepared.width >= prepared.height * state.theme.columns.spanAspect && natural > state.measure;
    const set = () =>
      figureBlock(state, {
        image: prepared,
        alt,
        caption: caption ?? title,
        credit: undefined,
        width: Math.min(state.measure, natural),
        maxHeight: state.geometry.textHeight * 0.6,
        place: picture.position?.start,
        unit: { span },
      });
    state.emit(span ? state.within({ width: state.geometry.textWidth, left: 0, right: 0 }, set) : set());
  }
  state.space(leading * 0.6);
  state.previous = 'other';
}

/** Whether an element here may be set across the columns: the page has several, and it is not in a list, quote or note. */
export function spansColumns(state: State): boolean {
  const { context } = state;
  return state.geometry.columns > 1 && context.left === 0 && context.right === 0 && context.listDepth === 0 && context.width === state.geometry.columnWidth;
}

/** What stands in for a picture that cannot be drawn: its description, in italics. */
export function altText(state: State, alt: string): void {
  if (alt.trim() === '') return;
  const struct = state.struct('P');
  const style: InlineStyle = { ...state.bodyStyle(), italic: true, size: state.theme.caption.fontSize, color: state.theme.caption.color };
  state.setParagraph([textRun(`[${alt}]`, { style, struct })], { struct, size: style.size, leading: style.size * 1.35, align: 'start', baseStyle: style });
}

export interface FigureOptions {
  image: PreparedImage;
  alt: string;
  caption: string | undefined;
  credit: string | undefined;
  /** Wanted width, points; shrunk to keep within `maxHeight`. */
  width: number;
  maxHeight: number;
  place: Point | undefined;
  /** A figure of the body, which the page builder may move (float) or set across the columns (span). */
  unit?: { span: boolean };
}

/** One unbreakable block: the picture, centred, and its caption and credit under it. */
export function figureBlock(state: State, options: FigureOptions): Block {
  const { theme } = state;
  const alt = options.alt.trim() || options.caption?.trim() || '';
  const struct: StructNode = alt ? state.struct('Figure', { alt }) : state.struct('Div');
  let width = Math.min(options.width, state.measure);
  let height = (width * options.image.height) / options.image.width;
  if (height > options.maxHeight) {
    width = (width * options.maxHeight) / height;
    height = options.maxHeight;
  }
  const ops: DrawOp[] = [
    { kind: 'image', x: state.context.left + (state.measure - width) / 2, y: 0, width, height, image: options.image, alt, struct, ...(options.place ? { place: options.place } : {}) },
  ];
  let total = height;
  const inlines: Inline[] = [];
  const captionStruct = state.struct('Caption', {}, struct);
  const captionStyle: InlineStyle = { role: 'sans', bold: false, italic: false, size: theme.caption.fontSize, color: theme.caption.color };
  if (options.caption) inlines.push(textRun(options.caption, { style: captionStyle, struct: captionStruct }));
  if (options.credit) {
    const creditStyle: InlineStyle = { role: 'sans', bold: false, italic: false, size: theme.credit.fontSize, color: theme.credit.color };
    inlines.push(textRun(`${options.caption ? ' ' : ''}${creditText(options.credit, theme.credit.prefix, state.document.article.lang)}`, { style: creditStyle, struct: captionStruct }));
  }
  if (inlines.length > 0) {
    const leading = theme.caption.fontSize * 1.35;
    const lines = composeParagraph(inlines, { width: state.measure, align: 'start', book: state.book, direction: state.direction, lang: state.document.article.lang });
    const blocks = lineBlocks(lines, { x: state.context.left, leading, face: faceFor(state.book, captionStyle), size: captionStyle.size, role: 'line', keep: 'none' });
    total += CAPTION_GAP;
    for (const block of blocks) {
      ops.push(...shift(block.ops, total));
      total += block.height;
    }
  }
  const block: Block = { kind: 'block', height: total, ops, role: 'figure' };
  if (options.unit) block.unit = { kind: 'figure', span: options.unit.span, struct };
  return block;
}
