import type { Blockquote } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

export const blockquote: NodeHandler<Blockquote> = (node, state) => at(node, element('blockquote', {}, state.wrap(state.all(node), true)));
