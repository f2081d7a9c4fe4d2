import type { Link } from 'mdast';
import { liftNoteReferences } from '../footnotes.js';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

/**
 * Every link is written as is; the links pass (links.ts) decides which may stay, for Markdown and
 * raw HTML alike. A footnote cited inside the link text follows the link instead.
 */
export const link: NodeHandler<Link> = (node, state) => {
  const { content, references } = liftNoteReferences(state.all(node));
  const anchor = at(node, element('a', { href: node.url, title: node.title || undefined }, content));
  return references.length > 0 ? [anchor, ...references] : anchor;
};
