import type { Element, ElementContent } from 'hast';
import { textOf } from '../../model/hast.js';
import { keepEnds } from '../layout/keeps.js';
import type { Block } from '../layout/types.js';
import type { InlineStyle } from '../text/types.js';
import { bodyFigure } from './figure.js';
import { phrasing } from './inline.js';
import type { State } from './state.js';
import { faceFor } from '../text/compose.js';

/** A paragraph; pictures standing alone in it (with nothing but line breaks beside them) are set as figures. */
export function paragraph(node: Element, state: State): void {
  const pictures = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'img');
  const onlyPictures = pictures.length > 0 && node.children.every((child) => pictures.includes(child as Element) || isLineBreak(child) || (child.type === 'text' && child.value.trim() === ''));
  if (!onlyPictures) {
    bodyParagraph(node, node.children, state);
    return;
  }
  for (const picture of pictures) bodyFigure(state, picture, undefined);
}

function isLineBreak(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'br';
}

function bodyParagraph(node: Element, children: ElementContent[], state: State): void {
  const struct = state.struct('P', langOf(node));
  const inlines = phrasing(trimBreaks(children), state, { style: state.bodyStyle(), struct });
  const follows = state.previous === 'paragraph';
  if (follows) state.space(state.theme.paragraph.spacing);
  state.setParagraph(inlines, { struct, indent: follows && !state.context.tight ? state.theme.paragraph.indent : 0 });
  state.previous = 'paragraph';
}

function trimBreaks(children: ElementContent[]): ElementContent[] {
  let start = 0;
  let end = children.length;
  const skippable = (node: ElementContent) => isLineBreak(node) || (node.type === 'text' && node.value.trim() === '');
  while (start < end && skippable(children[start]!)) start++;
  while (end > start && skippable(children[end - 1]!)) end--;
  return children.slice(start, end);
}

/** The language an element says it is in, for its structure element (`/Lang`). */
export function langOf(node: Element): { lang?: string } {
  return typeof node.properties.lang === 'string' ? { lang: node.properties.lang } : {};
}

/** A heading of the model: its level is the model's (the headline is the only H1); one with an id is in the outline. */
export function heading(node: Element, state: State): void {
  const { theme } = state;
  const level = Number(node.tagName.slice(1));
  const size = theme.headings.sizes[level - 1]! * (state.context.size / theme.base.fontSize);
  const style: InlineStyle = { role: theme.headings.font, bold: false, italic: false, size, color: theme.headings.color };
  const struct = state.struct(`H${level}`, langOf(node));
  const inlines = phrasing(node.children, state, { style, struct, hyphenate: false });
  const leading = size * 1.25;
  if (state.previous !== 'start') state.space(state.context.leading * (level <= 2 ? 1.1 : 0.8));
  const blocks = state.setParagraph(inlines, { struct, align: 'start', size, leading, role: 'heading', keep: 'all', hyphenate: false, baseStyle: style });
  const first = blocks[0];
  if (first && typeof node.properties.id === 'string') first.ops.unshift({ kind: 'outline', title: textOf(node).trim(), level: state.outlineLevel(level), y: 0 });
  state.space(state.context.leading * 0.35);
  state.previous = 'other';
}

export function thematicBreak(_node: Element, state: State): void {
  const leading = state.context.leading;
  const width = state.measure * 0.3;
  const x = state.context.left + (state.measure - width) / 2;
  state.space(leading * 0.5);
  state.emit({ kind: 'block', height: leading, role: 'rule', ops: [{ kind: 'rule', x1: x, y1: leading / 2, x2: x + width, y2: leading / 2, width: 0.6, color: '#888888' }] });
  state.space(leading * 0.5);
  state.previous = 'other';
}

export function blockquote(node: Element, state: State): void {
  const struct = state.struct('BlockQuote', langOf(node));
  const { left, right, width, bars, leading } = state.context;
  state.space(leading * 0.4);
  state.previous = 'other';
  // The bar and the indent are on the side lines start from: the right in a right-to-left article.
  const indent = state.rightToLeft ? { right: right + 14, bars: [...bars, width - right - 2] } : { left: left + 14, bars: [...bars, left + 2] };
  const start = state.galley.length;
  state.within({ ...indent, struct }, () => state.blocks(node.children));
  keepEnds(state.galley.slice(start).filter((item): item is Block => item.kind === 'block'));
  state.space(leading * 0.4);
  state.previous = 'other';
}

/** A block that only groups others (`<div>`, `<details>`): its content, tagged as a division in its own language. */
export function division(node: Element, state: State): void {
  const struct = state.struct('Div', langOf(node));
  state.within({ struct }, () => state.blocks(node.children));
}

/** A term or a summary: a paragraph in bold. */
export function term(node: Element, state: State): void {
  const struct = state.struct('P', langOf(node));
  const inlines = phrasing(trimBreaks(node.children), state, { style: { ...state.bodyStyle(), bold: true }, struct });
  if (state.previous === 'paragraph') state.space(state.theme.paragraph.spacing);
  state.setParagraph(inlines, { struct, align: 'start' });
  state.previous = 'other';
}

/** A description: its content indented under its term. */
export function description(node: Element, state: State): void {
  const struct = state.struct('Div', langOf(node));
  const indent = state.rightToLeft ? { right: state.context.right + 14 } : { left: state.context.left + 14 };
  state.within({ ...indent, struct, tight: true }, () => state.blocks(node.children));
  state.previous = 'other';
}

/** Baseline of a body line from its top, for labels drawn beside it. */
export function bodyBaseline(state: State): number {
  const face = faceFor(state.book, state.bodyStyle());
  return (state.context.leading - (face.ascent + face.descent) * state.context.size) / 2 + face.ascent * state.context.size;
}
