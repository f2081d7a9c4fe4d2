import type { LinkReference } from 'mdast';
import { liftNoteReferences } from '../footnotes.js';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

export const linkReference: NodeHandler<LinkReference> = (node, state, model) => {
  const definition = model.definitions.get(node.identifier.toUpperCase());
  // micromark only makes a reference when a definition exists; keep the words if that ever changes.
  if (!definition) return state.all(node);
  const { content, references } = liftNoteReferences(state.all(node));
  const anchor = at(node, element('a', { href: definition.url, title: definition.title || undefined }, content));
  return references.length > 0 ? [anchor, ...references] : anchor;
};
