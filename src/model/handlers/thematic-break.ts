import type { ThematicBreak } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

export const thematicBreak: NodeHandler<ThematicBreak> = (node) => at(node, element('hr'));
