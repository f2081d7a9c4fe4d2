import type { Html } from 'mdast';
import type { Raw } from 'mdast-util-to-hast';
import { at } from '../hast.js';
import type { NodeHandler } from './types.js';

/**
 * Raw HTML is passed on as is and parsed later together with its surroundings (an inline `<sup>`
 * opens in one node and closes in another). Its source range is remembered so that the sanitiser
 * can tell the author's elements from the ones Pressroom made.
 */
export const html: NodeHandler<Html> = (node, _state, model) => {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start !== undefined && end !== undefined) model.rawHtmlRanges.push([start, end]);
  const rawHtml: Raw = { type: 'raw', value: node.value };
  return at(node, rawHtml);
};
