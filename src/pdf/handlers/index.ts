import { code } from './code.js';
import { figure, figureCaption } from './figure.js';
import { list } from './list.js';
import { table } from './table.js';
import { blockquote, description, division, heading, paragraph, term, thematicBreak } from './text-blocks.js';
import type { BlockHandlers } from './types.js';

/** Parts of a list or a table met outside one: the HTML parser never leaves them there, but their content is set if it ever did. */
const contentOnly: BlockHandlers['div'] = division;

/** What each block element of the document model becomes in print. Notes are set from the model's list of them. */
export const blockHandlers: BlockHandlers = {
  p: paragraph,
  h1: heading,
  h2: heading,
  h3: heading,
  h4: heading,
  h5: heading,
  h6: heading,
  hr: thematicBreak,
  blockquote,
  pre: code,
  ul: list,
  ol: list,
  li: contentOnly,
  figure,
  figcaption: figureCaption,
  table,
  caption: figureCaption,
  colgroup: () => {},
  col: () => {},
  thead: contentOnly,
  tbody: contentOnly,
  tfoot: contentOnly,
  tr: contentOnly,
  th: contentOnly,
  td: contentOnly,
  div: division,
  details: division,
  summary: term,
  dl: division,
  dt: term,
  dd: description,
};

export { State } from './state.js';
export { leadFigure, titleBlock } from './title.js';
export { setFootnotes } from './footnotes.js';
