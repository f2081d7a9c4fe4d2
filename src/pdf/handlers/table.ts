import type { Element, ElementContent } from 'hast';
import { segmentText } from '../fonts/segment.js';
import { lineBlocks } from '../layout/lines.js';
import { keepEnds } from '../layout/keeps.js';
import { shift } from '../layout/ops.js';
import type { Block, DrawOp, Note, StructNode, TextStart, Unit } from '../layout/types.js';
import type { Direction } from '../text/bidi.js';
import { composeParagraph, faceFor, type Align } from '../text/compose.js';
import type { Inline, InlineStyle, Line, TextRun } from '../text/types.js';
import { figureCaption, spansColumns } from './figure.js';
import { phrasing } from './inline.js';
import { directionOf, type State } from './state.js';
import { langOf } from './text-blocks.js';

const PAD_X = 4;
const CELL_MIN_HYPHEN_LENGTH = 8;
const PAD_Y = 3;
const RULE_COLOR = '#9a9a9a';
const HEADER_FILL = '#ececec';

interface Cell {
  /** The first column it covers, and how many. */
  column: number;
  span: number;
  inlines: Inline[];
  struct: StructNode;
  align: Align;
  /** Which way its paragraph runs: its `dir`, its row's, or the table's. */
  direction: Direction;
  lines: Line[];
}

interface Row {
  struct: StructNode;
  header: boolean;
  cells: Cell[];
}

/**
 * A table of the model (a GFM table, or the author's HTML one): columns sized to their content,
 * cells wrapped, spanning cells across their columns (a cell spanning rows is set in its first),
 * header rows repeated after a break, rows split only between lines; its caption above it.
 */
export function table(node: Element, state: State): void {
  const { theme, context } = state;
  const size = context.size * 0.9;
  const leading = size * 1.32;
  const struct = state.struct('Table', langOf(node));
  state.space(context.leading * 0.6);
  const rows = tableRows(node, state, struct, size);
  const columns = Math.max(1, ...rows.map((row) => row.cells.reduce((end, cell) => Math.max(end, cell.column + cell.span), 0)));
  // A table wider than its column is set across all the columns (the page builder places it).
  const span = spansColumns(state) && naturalWidths(rows, columns, state).natural.reduce((a, b) => a + b, 0) > state.measure;
  const start = state.galley.length;
  const caption = childElements(node).find((child) => child.tagName === 'caption');
  const across = span ? { width: state.geometry.textWidth, left: 0, right: 0 } : {};
  if (caption) state.within({ ...across, struct }, () => figureCaption(caption, state));
  const measure = span ? state.geometry.textWidth : state.measure;
  const widths = columnWidths(rows, columns, measure, state);
  for (const row of rows) {
    for (const cell of row.cells) {
      cell.lines = composeParagraph(cell.inlines, {
        width: spanWidth(widths, cell) - PAD_X * 2,
        align: cell.align,
        book: state.book,
        direction: cell.direction,
        lang: state.document.article.lang,
        // Short words in a narrow cell stay whole ("Sweden", not "Swe-den").
        minHyphenLength: CELL_MIN_HYPHEN_LENGTH,
        ...(state.hyphenator && theme.paragraph.hyphenate ? { hyphenator: state.hyphenator } : {}),
        onMissingGlyph: (run, offset, text) => state.missingGlyph(run, offset, text),
      });
    }
  }
  const baseStyle: InlineStyle = { role: 'sans', bold: false, italic: false, size, color: theme.base.color };
  const geometry: RowGeometry = {
    left: span ? 0 : context.left,
    widths,
    leading,
    face: faceFor(state.book, baseStyle),
    size,
    decorate: span ? undefined : state.decorate(),
    rightToLeft: state.rightToLeft,
  };
  const blocks: Block[] = [];
  let header: Block | undefined;
  rows.forEach((row, index) => {
    const block = rowPart(row.cells, 0, row.header, geometry, index === 0);
    if (row.header) {
      block.keepWithNext = true;
      header = header ? stack(header, artifactCopy(block)) : artifactCopy(block);
    } else if (header) {
      attachHeader(block, header);
    }
    blocks.push(block);
  });
  state.emit(...blocks);
  // The caption and the rows are one element for the page builder; at least two rows of the body on each side of a break.
  const unit: Unit = { kind: 'table', span, struct };
  const element = state.galley.slice(start).filter((item): item is Block => item.kind === 'block');
  for (const block of element) block.unit = unit;
  const captionEnd = element.length - blocks.length - 1;
  if (captionEnd >= 0) element[captionEnd]!.keepWithNext = true;
  keepEnds(blocks.filter((block) => block.role === 'row'));
  state.space(context.leading * 0.6);
  state.previous = 'other';
}

function childElements(node: Element): Element[] {
  return node.children.filter((child): child is Element => child.type === 'element');
}

/** The table's rows in order (head, bodies, foot), each cell placed in its columns around the cells spanning rows from above. */
function tableRows(node: Element, state: State, struct: StructNode, size: number): Row[] {
  const sources: { row: Element; header: boolean }[] = [];
  for (const child of childElements(node)) {
    if (child.tagName === 'tr') sources.push({ row: child, header: false });
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      for (const row of childElements(child)) if (row.tagName === 'tr') sources.push({ row, header: child.tagName === 'thead' });
    }
  }
  // Columns taken by cells spanning rows from above: how many more rows each stays taken.
  const taken: number[] = [];
  return sources.map(({ row, header: inHead }) => {
    const cellElements = childElements(row).filter((cell) => cell.tagName === 'td' || cell.tagName === 'th');
    const header = inHead || (cellElements.length > 0 && cellElements.every((cell) => cell.tagName === 'th'));
    const rowStruct = state.struct('TR', {}, struct);
    const cells: Cell[] = [];
    let column = 0;
    for (const cellElement of cellElements) {
      while ((taken[column] ?? 0) > 0) column++;
      const span = positive(cellElement.properties.colSpan);
      const rows = positive(cellElement.properties.rowSpan);
      const isHead = cellElement.tagName === 'th';
      const style: InlineStyle = { role: 'sans', bold: isHead, italic: false, size, color: state.theme.base.color };
      const cellStruct = state.struct(isHead ? 'TH' : 'TD', { ...(isHead ? { scope: headerScope(cellElement, header) } : {}), ...langOf(cellElement) }, rowStruct);
      state.anchor(cellElement);
      const inlines = phrasing(cellContent(cellElement.children), state, { style, struct: cellStruct });
      const direction = directionOf(cellElement) ?? directionOf(row) ?? state.direction;
      cells.push({ column, span, inlines, struct: cellStruct, align: alignmentOf(cellElement), direction, lines: [] });
      for (let covered = column; covered < column + span; covered++) taken[covered] = Math.max(taken[covered] ?? 0, rows);
      column += span;
    }
    for (let index = 0; index < taken.length; index++) if ((taken[index] ?? 0) > 0) taken[index]!--;
    return { struct: rowStruct, header, cells };
  });
}

function positive(value: unknown): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? Math.min(number, 1000) : 1;
}

/** Which cells a header cell heads: as the author says, else its column in a header row and its row elsewhere. */
function headerScope(cell: Element, inHeaderRow: boolean): 'Row' | 'Column' {
  if (cell.properties.scope === 'row' || cell.properties.scope === 'rowgroup') return 'Row';
  if (cell.properties.scope === 'col' || cell.properties.scope === 'colgroup') return 'Column';
  return inHeaderRow ? 'Column' : 'Row';
}

/** A column marked `:--` is set left in any article; an unmarked one from the paragraph's start. */
function alignmentOf(cell: Element): Align {
  const classes = Array.isArray(cell.properties.className) ? cell.properties.className : [];
  if (classes.includes('align-right')) return 'right';
  if (classes.includes('align-center')) return 'center';
  if (classes.includes('align-left')) return 'left';
  return 'start';
}

/** A cell's content as one paragraph: blocks inside it (the author's HTML) run on, a line break between each. */
function cellContent(children: readonly ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === 'element' && !isInline(child)) {
      if (out.length > 0) out.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
      out.push(...cellContent(child.children));
    } else out.push(child);
  }
  return out;
}

function isInline(node: Element): boolean {
  return !['p', 'div', 'ul', 'ol', 'li', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'details', 'summary', 'figure', 'figcaption', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table'].includes(node.tagName);
}

function spanWidth(widths: readonly number[], cell: Cell): number {
  let width = 0;
  for (let column = cell.column; column < cell.column + cell.span; column++) width += widths[column] ?? 0;
  return width;
}

/** Two blocks one above the other, as one. */
function stack(top: Block, bottom: Block): Block {
  const start = top.start ?? bottom.start;
  return { kind: 'block', height: top.height + bottom.height, ops: [...top.ops, ...shift(bottom.ops, top.height)], role: top.role, ...(start ? { start } : {}) };
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

/** Makes the columns a cell covers together at least `width` wide, sharing what they lack evenly. */
function widen(widths: number[], cell: Cell, width: number): void {
  let covered = 0;
  for (let column = cell.column; column < cell.column + cell.span; column++) covered += widths[column]!;
  if (covered >= width) return;
  for (let column = cell.column; column < cell.column + cell.span; column++) widths[column]! += (width - covered) / cell.span;
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
    // The footnotes its cells' lines cite go to the foot of the page the row (or this part of it) is on.
    const notes: Note[] = [];
    // Where the row's text begins: its first cell's that has any.
    let start: TextStart | undefined;
    for (const cell of cells) {
      const before = widths.slice(0, cell.column).reduce((a, b) => a + b, 0);
      const width = spanWidth(widths, cell);
      const x = geometry.rightToLeft ? left + tableWidth - before - width : left + before;
      const lines = cell.lines.slice(from, from + count);
      const blocks = lineBlocks(lines, { x: x + PAD_X, leading, face: geometry.face, size: geometry.size, role: 'line', keep: 'none' });
      start ??= blocks[0]?.start;
      blocks.forEach((block, line) => ops.push(...shift(block.ops, PAD_Y + line * leading)));
      for (const note of blocks.flatMap((block) => block.notes ?? [])) if (!notes.includes(note)) notes.push(note);
    }
    ops.push({ kind: 'rule', x1: left, y1: height, x2: left + tableWidth, y2: height, width: header ? 0.8 : 0.4, color: RULE_COLOR });
    const part: Block = { kind: 'block', height, ops, role: header ? 'header-row' : 'row' };
    if (notes.length > 0) part.notes = notes;
    // A header row repeated on the next page is no place a page's text begins.
    if (start && !header) part.start = start;
    return part;
  };
  const block = build(lineCount, from > 0);
  // A row splits between lines, at least two on each side, and where no cell's word is hyphenated across the break if it can.
  if (lineCount >= 4) {
    block.split = (room) => {
      const most = Math.min(Math.floor((room - PAD_Y * 2) / leading), lineCount - 2);
      if (most < 2) return undefined;
      const hyphenatedAt = (count: number) => cells.some((cell) => cell.lines[from + count - 1]?.hyphenated);
      let fits = most;
      while (fits > 2 && hyphenatedAt(fits)) fits--;
      if (hyphenatedAt(fits)) fits = most;
      const head = build(fits, from > 0);
      const rest = rowPart(cells, from + fits, header, geometry, first);
      head.unit = rest.unit = block.unit;
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

/** Each column's narrowest width (its longest word) and natural width (its longest cell on one line). */
function naturalWidths(rows: Row[], columns: number, state: State): { minimum: number[]; natural: number[] } {
  const minimum = new Array<number>(columns).fill(PAD_X * 2 + 6);
  const natural = new Array<number>(columns).fill(PAD_X * 2 + 6);
  const measure = (text: string, inline: TextRun) =>
    segmentText(text, faceFor(state.book, inline.style), state.book).reduce((sum, segment) => sum + state.book.width(segment.face, segment.text, inline.style.size), 0);
  // Cells of one column first; a spanning cell then widens its columns evenly where they fall short of it.
  const cells = rows.flatMap((row) => row.cells).sort((a, b) => a.span - b.span);
  for (const cell of cells) {
    let cellMinimum = PAD_X * 2 + 6;
    let line = 0;
    for (const inline of cell.inlines) {
      if (inline.kind === 'image') line += inline.width;
      if (inline.kind !== 'text') continue;
      // Words may break after a hyphen or slash: the longest piece is what cannot get narrower.
      for (const piece of inline.text.split(/\s+|(?<=[-/\u2013\u2014])/)) cellMinimum = Math.max(cellMinimum, measure(piece, inline) + PAD_X * 2);
      line += measure(inline.text, inline);
    }
    widen(minimum, cell, cellMinimum);
    widen(natural, cell, line + PAD_X * 2 + 1);
  }
  return { minimum, natural };
}

/** Widths that give each column its content's natural width when they can, and at least its longest word. */
function columnWidths(rows: Row[], columns: number, available: number, state: State): number[] {
  const { minimum, natural } = naturalWidths(rows, columns, state);
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
