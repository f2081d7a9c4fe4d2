import type { PrintTheme } from '../../template/theme.js';
import type { Block } from './types.js';

/** Where text goes on a page: the area inside the margins, split into columns. */
export interface PageGeometry {
  width: number;
  height: number;
  left: number;
  top: number;
  textWidth: number;
  textHeight: number;
  columns: number;
  gutter: number;
  columnWidth: number;
  /** Columns are read from the right (the article's language is written right to left). */
  rightToLeft: boolean;
}

/** A rectangle blocks are placed in: one column of one page, or a band across all its columns. */
export interface Frame {
  page: number;
  column: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Placed {
  block: Block;
  /** Top of the block, from the frame's top. */
  y: number;
}

export interface FilledFrame {
  frame: Frame;
  placed: Placed[];
  /** Footnote blocks at the frame's foot, top to bottom, with their y from the frame's top. */
  notes: Placed[];
  /** Height the content used (without footnotes). */
  used: number;
  /** Top of the footnote area (rule included) from the frame's top; the frame's height when it has none. */
  footTop: number;
}

export function pageGeometry(theme: PrintTheme, rightToLeft = false): PageGeometry {
  const { width, height, margin, columns, gutter } = theme.page;
  const textWidth = width - margin.left - margin.right;
  const textHeight = height - margin.top - margin.bottom;
  if (textWidth <= 36 || textHeight <= 72) throw new Error(`page ${width}×${height}pt leaves no room for text inside its margins`);
  const columnWidth = columns === 2 ? (textWidth - gutter) / 2 : textWidth;
  return { width, height, left: margin.left, top: margin.top, textWidth, textHeight, columns, gutter, columnWidth, rightToLeft };
}

/** The frame of column `column` (in reading order) of a page, from `top` to `bottom` (points below the top margin). */
export function columnFrame(geometry: PageGeometry, page: number, column: number, top: number, bottom: number): Frame {
  const place = geometry.rightToLeft ? geometry.columns - 1 - column : column;
  return { page, column, x: geometry.left + place * (geometry.columnWidth + geometry.gutter), y: geometry.top + top, width: geometry.columnWidth, height: bottom - top };
}

/** A frame across the whole text width, from `top` to `bottom` (the title block; an element spanning the columns). */
export function bandFrame(geometry: PageGeometry, page: number, top: number, bottom: number): Frame {
  return { page, column: 0, x: geometry.left, y: geometry.top + top, width: geometry.textWidth, height: bottom - top };
}
