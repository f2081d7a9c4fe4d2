import type { ElementContent } from 'hast';
import { RIGHT_TO_LEFT_LETTER } from '../core/direction.js';
import { textOf } from './hast.js';

/** Blocks a reading system gives a direction of their own to, as the PDF gives its paragraphs. */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'td', 'th', 'dt', 'dd']);

/**
 * In an article written left to right, marks each block holding right-to-left letters `dir="auto"`:
 * a reading system then sets it from its first letter, right to left for an Arabic paragraph, as the
 * PDF does (rule P2). An article in a right-to-left language is `dir="rtl"` throughout already.
 */
export function markBlockDirections(nodes: readonly ElementContent[]): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (BLOCKS.has(node.tagName) && node.properties.dir === undefined && RIGHT_TO_LEFT_LETTER.test(textOf(node))) node.properties.dir = 'auto';
    markBlockDirections(node.children);
  }
}
