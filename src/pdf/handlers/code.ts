import type { Code } from 'mdast';
import type { Face } from '../fonts/book.js';
import { settleClusters } from '../fonts/segment.js';
import { baselineOffset } from '../layout/lines.js';
import type { Block, DrawOp } from '../layout/types.js';
import type { State } from './state.js';

const PADDING = 5;
const TAB = '    ';

interface Cell {
  face: Face;
  text: string;
  width: number;
  space: boolean;
}

/** A code block: monospaced, shaded, long lines wrapped (at a space when one is near, else anywhere). */
export function code(node: Code, state: State): void {
  const { theme, context } = state;
  const size = theme.code.fontSize * (context.size / theme.base.fontSize);
  const leading = size * 1.38;
  const face = state.book.face('mono');
  const width = state.measure - PADDING * 2;
  const paragraph = state.struct('P');
  const struct = state.struct('Code', {}, paragraph);
  const source = String(state.file.value ?? '');
  const startOffset = node.position?.start.offset;
  const fenced = startOffset !== undefined && /^\s{0,3}(`{3,}|~{3,})/.test(source.slice(startOffset, startOffset + 10));
  const firstLine = (node.position?.start.line ?? 1) + (fenced ? 1 : 0);
  const rows: Cell[][] = [];
  node.value.split('\n').forEach((raw, lineIndex) => {
    const text = raw.replace(/\t/g, TAB);
    const cells: Cell[] = [];
    settleClusters(text, face, state.book, (cluster, index, drawnFace, drawn, missing) => {
      if (missing) {
        state.warn(
          `no font in the template has the character "${cluster}"; it prints as a replacement mark. Add a font that has it to fonts.fallback or fonts.scripts in the template`,
          { line: firstLine + lineIndex, column: index + 1 + (fenced ? 0 : 4) },
          'pdf-glyph',
        );
      }
      cells.push({ face: drawnFace, text: drawn, width: state.book.width(drawnFace, drawn, size), space: cluster === ' ' });
    });
    state.noteRightToLeftInCode(raw, (offset) => ({ line: firstLine + lineIndex, column: offset + 1 + (fenced ? 0 : 4) }));
    rows.push(...wrap(cells, width));
  });
  const baseline = baselineOffset(face, size, leading);
  const left = context.left;
  const blocks: Block[] = rows.map((row, index) => {
    const top = index === 0 ? PADDING : 0;
    const height = leading + top + (index === rows.length - 1 ? PADDING : 0);
    const ops: DrawOp[] = [{ kind: 'rect', x: left, y: 0, width: state.measure, height, color: theme.code.background }];
    const decorate = state.decorate();
    if (decorate) ops.push(...decorate(height));
    let x = left + PADDING;
    for (const group of groupCells(row)) {
      if (group.text.trim() !== '') {
        ops.push({ kind: 'text', x, y: top + baseline, text: group.text, face: group.face, size, color: theme.base.color, width: group.width, struct });
      }
      x += group.width;
    }
    const block: Block = { kind: 'block', height, ops, role: 'code' };
    if (rows.length > 1 && (index === 0 || index === rows.length - 2)) block.keepWithNext = true;
    return block;
  });
  state.space(context.leading * 0.5);
  state.emit(...blocks);
  state.space(context.leading * 0.5);
  state.previous = 'other';
}

/** Breaks one source line into rows no wider than `width`. */
function wrap(cells: Cell[], width: number): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let used = 0;
  for (const cell of cells) {
    if (used + cell.width > width + 0.01 && row.length > 0) {
      const lastSpace = row.map((entry) => entry.space).lastIndexOf(true);
      if (lastSpace > row.length * 0.4 && !cell.space) {
        rows.push(row.slice(0, lastSpace + 1));
        row = row.slice(lastSpace + 1);
      } else {
        rows.push(row);
        row = [];
      }
      used = row.reduce((sum, entry) => sum + entry.width, 0);
    }
    row.push(cell);
    used += cell.width;
  }
  rows.push(row);
  return rows;
}

function groupCells(cells: Cell[]): { face: Face; text: string; width: number }[] {
  const groups: { face: Face; text: string; width: number }[] = [];
  for (const cell of cells) {
    const last = groups[groups.length - 1];
    if (last && last.face === cell.face) {
      last.text += cell.text;
      last.width += cell.width;
    } else groups.push({ face: cell.face, text: cell.text, width: cell.width });
  }
  return groups;
}
