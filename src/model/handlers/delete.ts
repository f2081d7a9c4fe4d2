import type { Delete } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

/** `~~struck~~` is a removal, so `<del>` rather than the purely visual `<s>`. */
export const strikethrough: NodeHandler<Delete> = (node, state) => at(node, element('del', {}, state.all(node)));
