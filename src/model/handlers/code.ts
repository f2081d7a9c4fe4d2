import type { Code } from 'mdast';
import { at, element, text } from '../hast.js';
import type { NodeHandler } from './types.js';

// Only plain language names become classes; an info string is the author's free text.
const LANGUAGE = /^[\w+#.-]+$/;

export const code: NodeHandler<Code> = (node) => {
  const className = node.lang && LANGUAGE.test(node.lang) ? [`language-${node.lang}`] : undefined;
  return at(node, element('pre', {}, [at(node, element('code', { className }, [at(node, text(node.value))]))]));
};
