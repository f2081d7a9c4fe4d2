import type { PhrasingContent, Table } from 'mdast';
import { segmentText } from '../fonts/segment.js';
import { lineBlocks } from '../layout/lines.js';
import type { Block, DrawOp, StructNode } from '../layout/types.js';
import { composeParagraph, faceFor, type Align } from '../text/compose.js';
import type { Inline, InlineStyle, Line, TextRun } from '../text/types.js';
import { shift } from './figure.js';
import { phrasing } from './inline.js';
import type { State } from './state.js';

const PAD_X = 4;
const PAD_Y = 3;
const RULE_COLOR = '#9a9a9a';
const HEADER_FILL = '#ececec';

interface Cell {
  inlines: Inline[];
  struct: StructNode;
  align: Align;
  lines: Line[];
}

/** A GFM table: columns sized to their content, cells wrapped, header repeated after a break, rows split only between lines. */
export function table(node: Table, state: State): void {
  const { theme, context } = state;
  const size = context.size * 0.9;
  const leading = size * 1.32;
  const struct = state.struct('Table');
  const columns = Math.max(...node.children.map((row) => row.children.length));
  const aligns: Align[] = Array.from({ length: columns }, (_, index) => {
    const align = node.align?.[index];
    // A column marked `:--` is set left in any article; an unmarked one from the paragraph's start.
    return align === 'right' ? 'right' : align === 'center' ? 'center' : align === 'left' ? 'left' : 'start';
  });
  const rows: { struct: StructNode; header: boolean; cells: Cell[] }[] = node.children.map((row, rowIndex) => {
    const header = rowIndex === 0;
    const rowStruct = state.struct('TR', {}, struct);
    const style: InlineStyle = { role: 'sans', bold: header, italic: false, size, color: theme.base.color };
    const cells = Array.from({ length: columns }, (_, index) => {
      const cell = row.children[index];
      const cellStruct = state.struct(header ? 'TH' : 'TD', header ? { scope: 'Column' } : {}, rowStruct);
      const inlines = cell ? phrasing(cell.children as PhrasingContent[], state, { style, struct: cellStruct }) : [];
      return { inlines, struct: cellStruct, align: aligns[index]!, lines: [] as Line[] };
    });
    return { struct: rowStruct, header, cells };
  });
  const widths = columnWidths(rows.map((row) => row.cells), columns, state.measure, state);
  for (const row of rows) {
    row.cells.forEach((cell, index) => {
      cell.lines = composeParagraph(cell.inlines, {
        width: widths[index]! - PAD_X * 2,
        align: cell.align,
        book: state.book,
        rightToLeft: state.rightToLeft,
        ...(state.hyphenator && theme.paragraph.hyphenate ? { hyphenator: state.hyphenator } : {}),
        onMissingGlyph: (run, offset, cluster) => state.missingGlyph(run, offset, cluster),
      });
    });
  }
  const baseStyle: InlineStyle = { role: 'sans', bold: false, italic: false, size, color: theme.base.color };
  const geometry: RowGeometry = { left: context.left, widths, leading, face: faceFor(state.book, baseStyle), size, decorate: state.decorate(), rightToLeft: state.rightToLeft };
  const blocks: Block[] = [];
  let header: Block | undefined;
  rows.forEach((row, index) => {
    const block = rowPart(row.cells, 0, row.header, geometry, index === 0);
    if (row.header) {
      block.keepWithNext = true;
      header = artifactCopy(block);
    } else if (header) {
      attachHeader(block, header);
    }
    blocks.push(block);
  });
  state.space(context.leading * 0.6);
  state.emit(...blocks);
  state.space(context.leading * 0.6);
  state.previous = 'other';
}

interface RowGeometry {
  left: number;
  widths: number[];
  leading: number;
  face: ReturnType<typeof faceFor>;
  size: number;
  decorate: ((height: number) => DrawOp[]) | undefined;
  /** The first column on the right, as a right-to-left article reads. */
  rightToLeft: boolean;
}

function attachHeader(block: Block, header: Block): void {
  block.repeatHeader = header;
  const split = block.split;
  if (split) {
    block.split = (room) => {
      const parts = split(room);
      if (parts) attachHeader(parts[1], header);
      return parts;
    };
  }
}

/** The lines `from` onwards of every cell of a row, as one block that can split between lines. */
function rowPart(cells: Cell[], from: number, header: boolean, geometry: RowGeometry, first: boolean): Block {
  const { leading, widths, left } = geometry;
  const total = Math.max(1, ...cells.map((cell) => cell.lines.length));
  const lineCount = total - from;
  const build = (count: number, continued: boolean): Block => {
    const height = PAD_Y * 2 + count * leading;
    const tableWidth = widths.reduce((a, b) => a + b, 0);
    const ops: DrawOp[] = [];
    if (header) ops.push({ kind: 'rect', x: left, y: 0, width: tableWidth, height, color: HEADER_FILL });
    if (geometry.decorate) ops.push(...geometry.decorate(height));
    if (first && !continued) ops.push({ kind: 'rule', x1: left, y1: 0, x2: left + tableWidth, y2: 0, width: 0.8, color: RULE_COLOR });
    let x = geometry.rightToLeft ? left + tableWidth : left;
    cells.forEach((cell, index) => {
      if (geometry.rightToLeft) x -= widths[index]!;
      const lines = cell.lines.slice(from, from + count);
      const blocks = lineBlocks(lines, { x: x + PAD_X, leading, face: geometry.face, size: geometry.size, role: 'line', keep: 'none' });
      blocks.forEach((block, line) => ops.push(...shift(block.ops, PAD_Y + line * leading)));
      if (!geometry.rightToLeft) x += widths[index]!;
    });
    ops.push({ kind: 'rule', x1: left, y1: height, x2: left + tableWidth, y2: height, width: header ? 0.8 : 0.4, color: RULE_COLOR });
    return { kind: 'block', height, ops, role: header ? 'header-row' : 'row' };
  };
  const block = build(lineCount, from > 0);
  if (lineCount > 1) {
    block.split = (room) => {
      const fits = Math.floor((room - PAD_Y * 2) / leading);
      if (fits < 1 || fits >= lineCount) return undefined;
      const head = build(fits, from > 0);
      const rest = rowPart(cells, from + fits, header, geometry, first);
      return [head, rest];
    };
  }
  return block;
}

/** A header row drawn again after a page break: decoration only, so the structure holds it once. */
function artifactCopy(block: Block): Block {
  const ops = block.ops
    .filter((op) => op.kind !== 'link' && op.kind !== 'anchor' && op.kind !== 'outline')
    .map((op) => {
      if (op.kind !== 'text') return op;
      const { struct: _struct, ...rest } = op;
      return rest;
    });
  return { kind: 'block', height: block.height, ops, role: 'header-row' };
}

/** Widths that give each column its content's natural width when they can, and at least its longest word. */
function columnWidths(rows: Cell[][], columns: number, available: number, state: State): number[] {
  const minimum = new Array<number>(columns).fill(PAD_X * 2 + 6);
  const natural = new Array<number>(columns).fill(PAD_X * 2 + 6);
  const measure = (text: string, inline: TextRun) =>
    segmentText(text, faceFor(state.book, inline.style), state.book).reduce((sum, segment) => sum + state.book.width(segment.face, segment.text, inline.style.size), 0);
  for (const cells of rows) {
    cells.forEach((cell, index) => {
      let line = 0;
      for (const inline of cell.inlines) {
        if (inline.kind === 'image') line += inline.width;
        if (inline.kind !== 'text') continue;
        // Words may break after a hyphen or slash: the longest piece is what cannot get narrower.
        for (const piece of inline.text.split(/\s+|(?<=[-/\u2013\u2014])/)) minimum[index] = Math.max(minimum[index]!, measure(piece, inline) + PAD_X * 2);
        line += measure(inline.text, inline);
      }
      natural[index] = Math.max(natural[index]!, line + PAD_X * 2 + 1);
    });
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const sumNatural = sum(natural);
  if (sumNatural <= available) return natural.map((width) => width + (available - sumNatural) * (width / sumNatural));
  if (sum(minimum) <= available) {
    const spare = available - sum(minimum);
    const wants = natural.map((width, index) => width - minimum[index]!);
    const sumWants = sum(wants) || 1;
    return minimum.map((width, index) => width + (spare * wants[index]!) / sumWants);
  }
  // Even the longest words do not fit: columns narrower than an equal share keep their width,
  // the wide ones share what is left (their long words will break).
  const widths = [...minimum];
  let wide = widths.map((_, index) => index);
  for (;;) {
    const fixed = sum(widths.filter((_, index) => !wide.includes(index)));
    const share = (available - fixed) / wide.length;
    const narrow = wide.filter((index) => minimum[index]! <= share);
    if (narrow.length === 0 || narrow.length === wide.length) {
      for (const index of wide) widths[index] = narrow.length === wide.length ? minimum[index]! : share;
      return widths;
    }
    wide = wide.filter((index) => !narrow.includes(index));
  }
}
