import type { TableCell } from 'mdast';
import { at, element } from '../hast.js';
import type { NodeHandler } from './types.js';

/** A cell's content; its row decides whether it is a header cell and how it aligns. */
export const tableCell: NodeHandler<TableCell> = (node, state) => at(node, element('td', {}, state.all(node)));
