import type { List } from 'mdast';
import { segmentText } from '../fonts/segment.js';
import { faceFor } from '../text/compose.js';
import { labelOps } from './label.js';
import { bodyBaseline } from './text-blocks.js';
import type { State } from './state.js';

const BULLETS = ['•', '◦', '▪'];
const LABEL_GAP = 5;
const MIN_INDENT = 16;

/**
 * Lists: labels hang in the indent (on the right in a right-to-left article, where a number's
 * full stop is seen before it: ".1"); ordered lists count from their start; task items get ☐ or ☑.
 */
export function list(node: List, state: State): void {
  const { context } = state;
  const struct = state.struct('L');
  const style = state.bodyStyle();
  const face = faceFor(state.book, style);
  const start = node.start ?? 1;
  const labels = node.children.map((item, index) => {
    if (typeof item.checked === 'boolean') return item.checked ? '☑' : '☐';
    if (!node.ordered) return BULLETS[context.listDepth % BULLETS.length]!;
    return state.rightToLeft ? `.${start + index}` : `${start + index}.`;
  });
  const measureLabel = (label: string) =>
    segmentText(label, face, state.book).reduce((sum, segment) => sum + state.book.width(segment.face, segment.text, style.size), 0);
  const indent = Math.max(MIN_INDENT, ...labels.map((label) => measureLabel(label) + LABEL_GAP * 2));
  const spread = node.spread || node.children.some((item) => item.spread);
  if (state.previous !== 'start') state.space(context.listDepth === 0 ? context.leading * 0.4 : 0);
  node.children.forEach((item, index) => {
    const itemStruct = state.struct('LI', {}, struct);
    const labelStruct = state.struct('Lbl', {}, itemStruct);
    const bodyStruct = state.struct('LBody', {}, itemStruct);
    const label = labels[index]!;
    if (index > 0 && spread) state.space(context.leading * 0.3);
    const before = state.galley.length;
    state.previous = 'other';
    const hang = state.rightToLeft ? { right: context.right + indent } : { left: context.left + indent };
    state.within({ ...hang, struct: bodyStruct, tight: true, listDepth: context.listDepth + 1 }, () => state.blocks(item.children));
    const first = state.galley.slice(before).find((entry) => entry.kind === 'block');
    const baseline = first?.kind === 'block' ? (first.ops.find((op) => op.kind === 'text')?.y ?? bodyBaseline(state)) : bodyBaseline(state);
    const look = { face, size: style.size, color: style.color };
    const edge = state.rightToLeft ? { left: context.width - context.right - indent + LABEL_GAP } : { right: context.left + indent - LABEL_GAP };
    const hung = labelOps(state, label, look, labelStruct, edge, baseline);
    if (first?.kind === 'block') first.ops.unshift(...hung);
    else state.emit({ kind: 'block', height: context.leading, role: 'line', ops: hung });
  });
  state.space(context.listDepth === 0 ? context.leading * 0.4 : 0);
  state.previous = 'other';
}
