import type { Block } from './types.js';

/**
 * Keeps at least two lines of a block that can split (a list, a quote, a table's rows) on each side of
 * any break: its first line keeps with the next, its next-to-last with its last.
 */
export function keepEnds(blocks: readonly Block[]): void {
  if (blocks.length < 2) return;
  blocks[0]!.keepWithNext = true;
  blocks[blocks.length - 2]!.keepWithNext = true;
}
