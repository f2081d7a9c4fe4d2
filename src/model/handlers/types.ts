import type { ElementContent, Text } from 'hast';
import type { Nodes, Parents } from 'mdast';
import type { ModelState } from '../state.js';

export type HastResult = ElementContent | ElementContent[] | undefined;

/** How a handler renders the nodes below its own (the part of mdast-util-to-hast's state Pressroom uses). */
export interface HastState {
  /** One node, by its handler. */
  one(node: Nodes, parent: Parents | undefined): HastResult;
  /** Every child of `parent`, in order. */
  all(parent: Parents): ElementContent[];
  /** Nodes with a line break between each, and around them all when `loose`. */
  wrap<Type extends ElementContent>(nodes: Type[], loose?: boolean): (Type | Text)[];
}

/** Turns one mdast node into the model's hast; `state` walks children, `model` is shared across the book. */
export type NodeHandler<Node extends Nodes> = (node: Node, state: HastState, model: ModelState, parent: Parents | undefined) => HastResult;

/** Every mdast node type but the root (mdast-util-to-hast's own root handler is right as it is). */
export type HandledType = Exclude<Nodes['type'], 'root'>;

/** One handler per node type; the compiler refuses a registry that forgets one. */
export type HandlerRegistry = { [Type in HandledType]: NodeHandler<Extract<Nodes, { type: Type }>> };
