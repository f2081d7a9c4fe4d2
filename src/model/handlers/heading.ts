import type { Heading } from 'mdast';
import { at, element } from '../hast.js';
import { headingText } from '../headings.js';
import type { NodeHandler } from './types.js';

export const heading: NodeHandler<Heading> = (node, state, model) => {
  if (headingText(node) === '') {
    model.warn('empty heading left out; a heading needs words for readers to navigate by', node.position?.start, 'heading-empty');
    return undefined;
  }
  const planned = model.headings.get(node);
  // Only a heading inside a footnote is unplanned: it belongs to the note, not to the outline.
  if (!planned) return at(node, element(`h${Math.min(6, node.depth + 1)}`, {}, state.all(node)));
  return at(node, element(`h${planned.level}`, { id: planned.id }, state.all(node)));
};
