import type { Emphasis } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

export const emphasis: NodeHandler<Emphasis> = (node, state) => at(node, element('em', {}, state.all(node)));
