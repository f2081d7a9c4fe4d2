import type { Element, ElementContent } from 'hast';
import { segmentText } from '../fonts/segment.js';
import { keepEnds } from '../layout/keeps.js';
import type { Block } from '../layout/types.js';
import { faceFor } from '../text/compose.js';
import { labelOps } from './label.js';
import { bodyBaseline, langOf } from './text-blocks.js';
import type { State } from './state.js';

const BULLETS = ['•', '◦', '▪'];
const LABEL_GAP = 5;
const MIN_INDENT = 16;

/**
 * Lists: labels hang in the indent (on the right in a right-to-left article, where a number's
 * full stop is seen before it: ".1"); ordered lists count from their start; task items get ☐ or ☑.
 */
export function list(node: Element, state: State): void {
  const { context } = state;
  const struct = state.struct('L', langOf(node));
  const style = state.bodyStyle();
  const face = faceFor(state.book, style);
  const ordered = node.tagName === 'ol';
  const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li');
  const start = Number.isInteger(Number(node.properties.start)) && node.properties.start !== undefined ? Number(node.properties.start) : node.properties.reversed ? items.length : 1;
  const step = node.properties.reversed ? -1 : 1;
  const labels = items.map((item, index) => {
    const checkbox = taskBox(item);
    if (checkbox) return checkbox.properties.checked ? '☑' : '☐';
    if (!ordered) return BULLETS[context.listDepth % BULLETS.length]!;
    const number = start + index * step;
    return state.rightToLeft ? `.${number}` : `${number}.`;
  });
  const measureLabel = (label: string) =>
    segmentText(label, face, state.book).reduce((sum, segment) => sum + state.book.width(segment.face, segment.text, style.size), 0);
  const indent = Math.max(MIN_INDENT, ...labels.map((label) => measureLabel(label) + LABEL_GAP * 2));
  // A loose list (its items' words in paragraphs) gets space between its items.
  const spread = items.some((item) => item.children.some((child) => child.type === 'element' && child.tagName === 'p'));
  if (state.previous !== 'start') state.space(context.listDepth === 0 ? context.leading * 0.4 : 0);
  const listStart = state.galley.length;
  items.forEach((item, index) => {
    const itemStruct = state.struct('LI', langOf(item), struct);
    const labelStruct = state.struct('Lbl', {}, itemStruct);
    const bodyStruct = state.struct('LBody', {}, itemStruct);
    const label = labels[index]!;
    if (index > 0 && spread) state.space(context.leading * 0.3);
    state.anchor(item);
    const before = state.galley.length;
    state.previous = 'other';
    const hang = state.rightToLeft ? { right: context.right + indent } : { left: context.left + indent };
    state.within({ ...hang, struct: bodyStruct, tight: true, listDepth: context.listDepth + 1 }, () => state.directed(item, () => state.blocks(item.children)));
    const first = state.galley.slice(before).find((entry) => entry.kind === 'block');
    const baseline = first?.kind === 'block' ? (first.ops.find((op) => op.kind === 'text')?.y ?? bodyBaseline(state)) : bodyBaseline(state);
    const look = { face, size: style.size, color: style.color };
    const edge = state.rightToLeft ? { left: context.width - context.right - indent + LABEL_GAP } : { right: context.left + indent - LABEL_GAP };
    const hung = labelOps(state, label, look, labelStruct, edge, baseline);
    if (first?.kind === 'block') first.ops.unshift(...hung);
    else state.emit({ kind: 'block', height: context.leading, role: 'line', ops: hung });
  });
  keepEnds(state.galley.slice(listStart).filter((item): item is Block => item.kind === 'block'));
  state.space(context.listDepth === 0 ? context.leading * 0.4 : 0);
  state.previous = 'other';
}

/** A task item's checkbox: the first thing in the item, or in its first paragraph. */
function taskBox(item: Element): Element | undefined {
  const first = firstElement(item.children);
  const box = first?.tagName === 'p' ? firstElement(first.children) : first;
  return box?.tagName === 'input' && box.properties.type === 'checkbox' ? box : undefined;
}

function firstElement(nodes: readonly ElementContent[]): Element | undefined {
  for (const node of nodes) {
    if (node.type === 'element') return node;
    if (node.type === 'text' && node.value.trim() !== '') return undefined;
  }
  return undefined;
}
