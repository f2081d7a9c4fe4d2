import type { Properties } from 'hast';
import type { List } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

export const list: NodeHandler<List> = (node, state) => {
  const properties: Properties = {};
  if (node.ordered && typeof node.start === 'number' && node.start !== 1) properties.start = node.start;
  if (node.children.some((item) => typeof item.checked === 'boolean')) properties.className = ['contains-task-list'];
  return at(node, element(node.ordered ? 'ol' : 'ul', properties, state.wrap(state.all(node), true)));
};
