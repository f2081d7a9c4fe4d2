import type { Link } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

/** Every link is written as is; the links pass (links.ts) decides which may stay, for Markdown and raw HTML alike. */
export const link: NodeHandler<Link> = (node, state) =>
  at(node, element('a', { href: node.url, title: node.title || undefined }, state.all(node)));
