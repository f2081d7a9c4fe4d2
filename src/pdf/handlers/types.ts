import type { Element } from 'hast';
import type { BlockTag } from '../../model/vocabulary.js';
import type { State } from './state.js';

/** Turns one block element of the document model into galley items through the shared state. */
export type BlockHandler = (node: Element, state: State) => void;

/** The registry: one handler for every block element of the model's vocabulary; the compiler refuses one that forgets a kind. */
export type BlockHandlers = Record<BlockTag, BlockHandler>;
