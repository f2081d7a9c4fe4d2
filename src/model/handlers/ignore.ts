import type { Definition, FootnoteDefinition, Yaml } from 'mdast';
import type { NodeHandler } from './types.js';

/**
 * Nodes with no place in the flow: link definitions are resolved by references, footnote
 * definitions are rendered in the notes section, and front matter was read before rendering.
 */
export const ignore: NodeHandler<Definition | FootnoteDefinition | Yaml> = () => undefined;
