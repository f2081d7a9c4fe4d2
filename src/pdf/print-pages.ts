import type { Text } from 'hast';
import { compareBookPoints, type BookPoint } from '../model/text-points.js';
import type { PrintPages } from '../render/types.js';
import { PAGE_SIZES } from '../template/kinds.js';
import type { Template } from '../template/theme.js';
import type { FilledFrame } from './layout/frames.js';

/** An article's laid-out frames, and how to number its text nodes (model/text-points.ts). */
export interface LaidText {
  /** Its place in the book: 0 for a lone article; -1 for an edition's own pages (title, contents). */
  article: number;
  title: FilledFrame[];
  body: FilledFrame[];
  numbers: ReadonlyMap<Text, number>;
}

/**
 * Where each page begins: the earliest place of the text on it (a title block is its article's start)
 * that comes after everything on the pages before. So a figure, table or code block the page builder
 * floated onto the page, whose place in the text is back on the page before, is not where the page
 * begins — the text after it is; one that stands where it is cited, or is carried over, is.
 * A page with nothing of its own past the pages before gets none.
 */
export function printPages(laid: readonly LaidText[], pages: number, template: Template): PrintPages {
  const candidates: BookPoint[][] = Array.from({ length: pages }, () => []);
  for (const { article, title, body, numbers } of laid) {
    for (const { frame, placed } of title) {
      if (placed.some(({ block }) => block.ops.length > 0)) candidates[frame.page]?.push({ article, point: undefined });
    }
    for (const { frame, placed } of body) {
      for (const { block } of placed) {
        const node = block.start && numbers.get(block.start.text);
        if (node !== undefined && block.start) candidates[frame.page]?.push({ article, point: { node, offset: block.start.offset } });
      }
    }
  }
  let furthest: BookPoint | undefined;
  const starts = candidates.map((onPage) => {
    let start: BookPoint | undefined;
    for (const candidate of onPage) {
      if (furthest && compareBookPoints(candidate, furthest) <= 0) continue;
      if (!start || compareBookPoints(candidate, start) < 0) start = candidate;
    }
    for (const candidate of onPage) if (!furthest || compareBookPoints(candidate, furthest) > 0) furthest = candidate;
    return start;
  });
  return { source: `print PDF, ${template.name} template, ${paperName(template.print.page)}`, starts };
}

/** The paper's name when it is a named size (either way round), else its size in millimetres. */
function paperName(page: { width: number; height: number }): string {
  const near = (a: number, b: number) => Math.abs(a - b) < 1;
  for (const [name, [width, height]] of Object.entries(PAGE_SIZES)) {
    if (near(page.width, width) && near(page.height, height)) return name;
    if (near(page.width, height) && near(page.height, width)) return `${name} landscape`;
  }
  const millimetres = (points: number) => Math.round((points / 72) * 25.4);
  return `${millimetres(page.width)} × ${millimetres(page.height)} mm`;
}
