import type { PrintTheme } from '../../template/theme.js';
import type { Frame } from './paginate.js';

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
}

export function pageGeometry(theme: PrintTheme): PageGeometry {
  const { width, height, margin, columns, gutter } = theme.page;
  const textWidth = width - margin.left - margin.right;
  const textHeight = height - margin.top - margin.bottom;
  if (textWidth <= 36 || textHeight <= 72) throw new Error(`page ${width}×${height}pt leaves no room for text inside its margins`);
  const columnWidth = columns === 2 ? (textWidth - gutter) / 2 : textWidth;
  return { width, height, left: margin.left, top: margin.top, textWidth, textHeight, columns, gutter, columnWidth };
}

/** Full-width frames, one a page from `firstPage` on (the title block's). */
export function fullWidthFrames(geometry: PageGeometry, firstPage = 0): () => Frame {
  let page = firstPage;
  return () => ({ page: page++, column: 0, x: geometry.left, y: geometry.top, width: geometry.textWidth, height: geometry.textHeight });
}

/** Column frames in reading order, the first page's starting `offset` points below the top margin. */
export function columnFrames(geometry: PageGeometry, firstPage: number, offset: number): () => Frame {
  let page = firstPage;
  let column = 0;
  return () => {
    const top = page === firstPage ? offset : 0;
    const frame: Frame = {
      page,
      column,
      x: geometry.left + column * (geometry.columnWidth + geometry.gutter),
      y: geometry.top + top,
      width: geometry.columnWidth,
      height: geometry.textHeight - top,
    };
    column++;
    if (column >= geometry.columns) {
      column = 0;
      page++;
    }
    return frame;
  };
}
