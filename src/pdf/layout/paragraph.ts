import { composeParagraph, composeTighter, type ComposeOptions } from '../text/compose.js';
import type { Inline } from '../text/types.js';
import { lineBlocks, type LineBlockOptions } from './lines.js';
import type { Block, ParagraphSource } from './types.js';

/**
 * Sets a paragraph and turns its lines into galley blocks. A text paragraph of two lines or more can be
 * set again a line shorter (see ParagraphSource), for the page builder to pull a short last page back.
 */
export function paragraphBlocks(inlines: readonly Inline[], compose: ComposeOptions, options: LineBlockOptions): Block[] {
  const lines = composeParagraph(inlines, compose);
  const blocks = lineBlocks(lines, options);
  const id = options.paragraphId;
  const first = blocks[0];
  if (!first || blocks.length < 2 || options.role !== 'line' || id === undefined) return blocks;
  const count = lines.length;
  // Ops the caller adds to the first line once it is set (a list label, an anchor) are put in front of its own.
  const own = first.ops.length;
  const source: ParagraphSource = {
    id,
    tighter: () => {
      const tighter = composeTighter(inlines, compose, count);
      if (!tighter) return undefined;
      const set = lineBlocks(tighter, options);
      set[0]!.ops.unshift(...first.ops.slice(0, first.ops.length - own));
      for (const block of set) block.paragraph!.source = source;
      return set;
    },
  };
  for (const block of blocks) block.paragraph!.source = source;
  return blocks;
}
