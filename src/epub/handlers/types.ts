import type { ElementContent } from 'hast';
import type { Nodes, Parents } from 'mdast';
import type { State } from 'mdast-util-to-hast';
import type { EpubState } from '../state.js';

export type HastResult = ElementContent | ElementContent[] | undefined;

/** Turns one mdast node into XHTML-ready hast; `state` walks children, `epub` is shared across the book. */
export type NodeHandler<Node extends Nodes> = (node: Node, state: State, epub: EpubState, parent: Parents | undefined) => HastResult;

/** Every mdast node type but the root (mdast-util-to-hast's own root handler is right as it is). */
export type HandledType = Exclude<Nodes['type'], 'root'>;

/** One handler per node type; the compiler refuses a registry that forgets one. */
export type HandlerRegistry = { [Type in HandledType]: NodeHandler<Extract<Nodes, { type: Type }>> };
