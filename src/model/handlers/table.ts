import type { ElementContent } from 'hast';
import type { Table, TableRow } from 'mdast';
import { at, element } from '../hast.js';
import type { HastState, NodeHandler } from './types.js';

/** GFM's first row is the header row; the rest form the body. */
export const table: NodeHandler<Table> = (node, state) => {
  const [headRow, ...bodyRows] = node.children;
  const rows = (list: TableRow[]) => state.wrap(list.flatMap((row) => rowsOf(state, row, node)), true);
  const head = headRow ? [at(headRow, element('thead', {}, rows([headRow])))] : [];
  const body = bodyRows.length > 0 ? [element('tbody', {}, rows(bodyRows))] : [];
  return at(node, element('table', {}, state.wrap([...head, ...body], true)));
};

function rowsOf(state: HastState, row: TableRow, table: Table): ElementContent[] {
  const result = state.one(row, table);
  return result === undefined ? [] : Array.isArray(result) ? result : [result];
}
