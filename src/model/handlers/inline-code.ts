import type { InlineCode } from 'mdast';
import { at, element, text } from '../hast.js';
import type { NodeHandler } from './types.js';

export const inlineCode: NodeHandler<InlineCode> = (node) => at(node, element('code', {}, [at(node, text(node.value))]));
