import type { Break } from 'mdast';
import { at, element, text } from '../hast.js';
import type { NodeHandler } from './types.js';

export const hardBreak: NodeHandler<Break> = (node) => [at(node, element('br')), text('\n')];
