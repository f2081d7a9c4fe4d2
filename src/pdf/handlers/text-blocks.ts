import type { Blockquote, Heading, Html, Image, ImageReference, Paragraph, PhrasingContent, ThematicBreak } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { faceFor } from '../text/compose.js';
import type { InlineStyle } from '../text/types.js';
import { bodyFigure } from './figure.js';
import { htmlToText } from './html.js';
import { phrasing, textRun } from './inline.js';
import type { State } from './state.js';

/** A paragraph; pictures standing in it become figures between the text before and after them. */
export function paragraph(node: Paragraph, state: State): void {
  const onlyPictures = node.children.every((child) => child.type === 'image' || child.type === 'imageReference' || child.type === 'break' || (child.type === 'text' && child.value.trim() === ''));
  if (!onlyPictures) {
    bodyParagraph(node.children, state);
    return;
  }
  let pending: PhrasingContent[] = [];
  const flush = () => {
    if (pending.some((child) => child.type !== 'break' && toString(child).trim() !== '' || child.type === 'footnoteReference')) bodyParagraph(pending, state);
    pending = [];
  };
  for (const child of node.children) {
    if (child.type === 'image' || child.type === 'imageReference') {
      flush();
      figureFor(child, state);
    } else {
      pending.push(child);
    }
  }
  flush();
}

function figureFor(node: Image | ImageReference, state: State): void {
  if (node.type === 'image') {
    bodyFigure(state, { url: node.url, alt: node.alt ?? '', caption: node.title ?? undefined, place: node.position?.start });
    return;
  }
  const definition = state.definitions.get(node.identifier.toLowerCase());
  bodyFigure(state, { url: definition?.url ?? '', alt: node.alt ?? '', caption: definition?.title ?? undefined, place: node.position?.start });
}

function bodyParagraph(children: PhrasingContent[], state: State): void {
  const struct = state.struct('P');
  const inlines = phrasing(trimBreaks(children), state, { style: state.bodyStyle(), struct });
  const follows = state.previous === 'paragraph';
  if (follows) state.space(state.theme.paragraph.spacing);
  state.setParagraph(inlines, { struct, indent: follows && !state.context.tight ? state.theme.paragraph.indent : 0 });
  state.previous = 'paragraph';
}

function trimBreaks(children: PhrasingContent[]): PhrasingContent[] {
  let start = 0;
  let end = children.length;
  while (start < end && children[start]!.type === 'break') start++;
  while (end > start && children[end - 1]!.type === 'break') end--;
  return children.slice(start, end);
}

export function heading(node: Heading, state: State): void {
  const { theme } = state;
  const level = node.depth;
  const size = theme.headings.sizes[level - 1]! * (state.context.size / theme.base.fontSize);
  const style: InlineStyle = { role: theme.headings.font, bold: false, italic: false, size, color: theme.headings.color };
  const struct = state.struct(`H${level}`);
  const inlines = phrasing(node.children, state, { style, struct, hyphenate: false });
  const leading = size * 1.25;
  if (state.previous !== 'start') state.space(state.context.leading * (level <= 2 ? 1.1 : 0.8));
  const blocks = state.setParagraph(inlines, { struct, align: 'start', size, leading, role: 'heading', keep: 'all', hyphenate: false, baseStyle: style });
  const first = blocks[0];
  if (first) {
    const slug = state.nextHeadingSlug(node);
    first.ops.unshift({ kind: 'anchor', name: slug, y: 0 }, { kind: 'outline', title: toString(node).trim(), level, y: 0 });
  }
  state.space(state.context.leading * 0.35);
  state.previous = 'other';
}

export function thematicBreak(_node: ThematicBreak, state: State): void {
  const leading = state.context.leading;
  const width = state.measure * 0.3;
  const x = state.context.left + (state.measure - width) / 2;
  state.space(leading * 0.5);
  state.emit({ kind: 'block', height: leading, role: 'rule', ops: [{ kind: 'rule', x1: x, y1: leading / 2, x2: x + width, y2: leading / 2, width: 0.6, color: '#888888' }] });
  state.space(leading * 0.5);
  state.previous = 'other';
}

export function blockquote(node: Blockquote, state: State): void {
  const struct = state.struct('BlockQuote');
  const { left, right, width, bars, leading } = state.context;
  state.space(leading * 0.4);
  state.previous = 'other';
  // The bar and the indent are on the side lines start from: the right in a right-to-left article.
  const indent = state.rightToLeft ? { right: right + 14, bars: [...bars, width - right - 2] } : { left: left + 14, bars: [...bars, left + 2] };
  state.within({ ...indent, struct }, () => state.blocks(node.children));
  state.space(leading * 0.4);
  state.previous = 'other';
}

/** Raw HTML: tags dropped, text kept as a paragraph. */
export function html(node: Html, state: State): void {
  const pieces = htmlToText(node.value);
  if (!pieces.some((piece) => piece.trim() !== '')) return;
  const struct = state.struct('P');
  const context = { style: state.bodyStyle(), struct };
  const inlines = pieces.map((piece) => (piece === '\n' ? ({ kind: 'break' } as const) : textRun(piece, context)));
  if (state.previous === 'paragraph') state.space(state.theme.paragraph.spacing);
  state.setParagraph(inlines, { struct });
  state.previous = 'paragraph';
}

/** Baseline of a body line from its top, for labels drawn beside it. */
export function bodyBaseline(state: State): number {
  const face = faceFor(state.book, state.bodyStyle());
  return (state.context.leading - (face.ascent + face.descent) * state.context.size) / 2 + face.ascent * state.context.size;
}
