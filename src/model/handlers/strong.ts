import type { Strong } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

export const strong: NodeHandler<Strong> = (node, state) => at(node, element('strong', {}, state.all(node)));
