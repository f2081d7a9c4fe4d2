import type { ElementContent, Text } from 'hast';
import type { Nodes, Parents } from 'mdast';
import type { ModelState } from '../state.js';
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
import type { HandledType, HandlerRegistry, HastState, NodeHandler } from './types.js';

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

/**
 * Renders mdast with the handlers above: what mdast-util-to-hast does with every handler replaced,
 * without its set-up passes over the tree. A root's blocks are joined by line breaks; after a hard
 * break, the next text's leading spaces go.
 */
export function createHastState(model: ModelState): HastState {
  const state: HastState = {
    one(node, parent) {
      if (node.type === 'root') return state.wrap(state.all(node));
      const handle = handlers[node.type as HandledType] as NodeHandler<Nodes> | undefined;
      // A node type no handler knows (a future syntax extension): its content, without it.
      if (!handle) return 'children' in node ? state.all(node as Parents) : undefined;
      return handle(node, state, model, parent);
    },
    all(parent) {
      const values: ElementContent[] = [];
      parent.children.forEach((child, index) => {
        const result = state.one(child, parent);
        if (!result) return;
        if (index > 0 && parent.children[index - 1]!.type === 'break' && !Array.isArray(result)) {
          if (result.type === 'text') result.value = trimSpaceStart(result.value);
          else if (result.type === 'element' && result.children[0]?.type === 'text') result.children[0].value = trimSpaceStart(result.children[0].value);
        }
        if (Array.isArray(result)) values.push(...result);
        else values.push(result);
      });
      return values;
    },
    wrap<Type extends ElementContent>(nodes: Type[], loose = false): (Type | Text)[] {
      const result: (Type | Text)[] = loose ? [{ type: 'text', value: '\n' }] : [];
      nodes.forEach((node, index) => {
        if (index > 0) result.push({ type: 'text', value: '\n' });
        result.push(node);
      });
      if (loose && nodes.length > 0) result.push({ type: 'text', value: '\n' });
      return result;
    },
  };
  return state;
}

function trimSpaceStart(value: string): string {
  return value.replace(/^[\t ]+/, '');
}
