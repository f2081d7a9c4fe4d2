import { code } from './code.js';
import { list } from './list.js';
import { table } from './table.js';
import { blockquote, heading, html, paragraph, thematicBreak } from './text-blocks.js';
import type { BlockHandlers } from './types.js';

const nothing = () => {};

/** What each mdast block becomes in print. Definitions and footnote bodies are gathered beforehand. */
export const blockHandlers: BlockHandlers = {
  paragraph,
  heading,
  thematicBreak,
  blockquote,
  list,
  // A list item outside a list cannot happen in mdast from markdown; set its content if it does.
  listItem: (node, state) => state.blocks(node.children),
  code,
  table,
  html,
  definition: nothing,
  footnoteDefinition: nothing,
  yaml: nothing,
};

export { State } from './state.js';
export { titleBlock } from './title.js';
export { setFootnotes } from './footnotes.js';
