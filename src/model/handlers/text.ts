import type { Text } from 'mdast';
import { at, text as textNode } from '../hast.js';
import type { NodeHandler } from './types.js';

export const text: NodeHandler<Text> = (node) => at(node, textNode(node.value));
