import type { Handler, Handlers } from 'mdast-util-to-hast';
import type { EpubState } from '../state.js';
import { blockquote } from './blockquote.js';
import { hardBreak } from './break.js';
import { code } from './code.js';
import { strikethrough } from './delete.js';
import { emphasis } from './emphasis.js';
import { footnoteReference } from './footnote-reference.js';
import { heading } from './heading.js';
import { html } from './html.js';
import { ignore } from './ignore.js';
import { imageReference } from './image-reference.js';
import { image } from './image.js';
import { inlineCode } from './inline-code.js';
import { linkReference } from './link-reference.js';
import { link } from './link.js';
import { listItem } from './list-item.js';
import { list } from './list.js';
import { paragraph } from './paragraph.js';
import { strong } from './strong.js';
import { tableCell } from './table-cell.js';
import { tableRow } from './table-row.js';
import { table } from './table.js';
import { text } from './text.js';
import { thematicBreak } from './thematic-break.js';
import type { HandlerRegistry } from './types.js';

export const handlers: HandlerRegistry = {
  blockquote,
  break: hardBreak,
  code,
  definition: ignore,
  delete: strikethrough,
  emphasis,
  footnoteDefinition: ignore,
  footnoteReference,
  heading,
  html,
  image,
  imageReference,
  inlineCode,
  link,
  linkReference,
  list,
  listItem,
  paragraph,
  strong,
  table,
  tableCell,
  tableRow,
  text,
  thematicBreak,
  yaml: ignore,
};

/** The registry in mdast-util-to-hast's shape, each handler given the book's shared state. */
export function toHastHandlers(epub: EpubState): Handlers {
  const adapted: Handlers = {};
  for (const [type, handle] of Object.entries(handlers) as [keyof HandlerRegistry, HandlerRegistry[keyof HandlerRegistry]][]) {
    const handler: Handler = (state, node, parent) => (handle as (...args: unknown[]) => ReturnType<Handler>)(node, state, epub, parent);
    adapted[type] = handler;
  }
  return adapted;
}
