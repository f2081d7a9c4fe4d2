import type { RootContent } from 'mdast';
import type { State } from './state.js';

/** Turns one block node into galley items through the shared state. */
export type BlockHandler<T extends RootContent> = (node: T, state: State) => void;

/** The registry: one handler per mdast block type; a type without one is reported and its text kept. */
export type BlockHandlers = { [K in RootContent['type']]?: BlockHandler<Extract<RootContent, { type: K }>> };
