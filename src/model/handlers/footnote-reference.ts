import type { FootnoteReference } from 'mdast';
import { noteReference } from '../footnotes.js';
import { at, text } from '../hast.js';
import type { NodeHandler } from './types.js';

export const footnoteReference: NodeHandler<FootnoteReference> = (node, _state, model) => {
  const citation = model.footnotes.cite(node.identifier);
  // micromark only makes a reference when the note exists; keep the label if that ever changes.
  if (!citation) return at(node, text(`[^${node.label ?? node.identifier}]`));
  const reference = noteReference(citation);
  at(node, reference.children[0]!);
  return at(node, reference);
};
