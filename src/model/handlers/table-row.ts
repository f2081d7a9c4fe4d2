import type { Element } from 'hast';
import type { Table, TableRow } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

/**
 * A row of a GFM table. Column alignment becomes a class (align-left …), because the HTML
 * `align` attribute is obsolete and invalid in EPUB 3. Short rows are padded to the header's width.
 */
export const tableRow: NodeHandler<TableRow> = (node, state, _epub, parent) => {
  const table = parent as Table;
  const isHeader = table.children[0] === node;
  const width = Math.max(table.children[0]?.children.length ?? 0, node.children.length);
  const cells: Element[] = [];
  for (let column = 0; column < width; column++) {
    const source = node.children[column];
    const cell = source ? (state.one(source, node) as Element) : element('td');
    cell.tagName = isHeader ? 'th' : 'td';
    if (isHeader) cell.properties.scope = 'col';
    const align = table.align?.[column];
    if (align) cell.properties.className = [`align-${align}`];
    cells.push(cell);
  }
  return at(node, element('tr', {}, state.wrap(cells, true)));
};
