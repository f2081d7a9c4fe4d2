import type { FilledFrame, PageGeometry, Placed } from './frames.js';

/** A space between blocks grows by at most this many lines when a column is justified. */
const MOST_PER_SPACE = 1;
/** Spaces smaller than this (points) are joins, not spaces: the rows of a table, a code block's lines. */
const LEAST_SPACE = 0.5;

/**
 * Vertical justification (a typesetter's flush bottom): the white a column leaves above `bottom` is
 * shared out among the spaces between its blocks (before headings, between paragraphs, around figures),
 * each growing by at most a line, so that columns end at their foot, or together on a last page.
 * Lines of a paragraph, rows of a table and lines of code stay as set.
 */
export function justifyColumn(filled: FilledFrame, bottom: number, leading: number): FilledFrame {
  const extra = Math.min(bottom, filled.footTop) - filled.used;
  const { placed } = filled;
  const spaces: number[] = [];
  for (let at = 1; at < placed.length; at++) {
    const before = placed[at - 1]!;
    if (placed[at]!.y - (before.y + before.block.height) > LEAST_SPACE) spaces.push(at);
  }
  if (extra < LEAST_SPACE || spaces.length === 0) return filled;
  const each = Math.min(extra / spaces.length, leading * MOST_PER_SPACE);
  const moved: Placed[] = [];
  let shift = 0;
  let next = 0;
  placed.forEach((entry, at) => {
    if (spaces[next] === at) {
      shift += each;
      next++;
    }
    moved.push(shift === 0 ? entry : { block: entry.block, y: entry.y + shift });
  });
  return { ...filled, placed: moved, used: filled.used + shift };
}

/**
 * Justifies the columns of built pages: every page but the last ends its columns at their foot; on
 * the last page, the columns of a section side by side end with the longest of them.
 */
export function justifyPages(pages: readonly FilledFrame[][], geometry: PageGeometry, leading: number): FilledFrame[][] {
  return pages.map((frames, index) => {
    const last = index === pages.length - 1;
    const isColumn = (filled: FilledFrame) => geometry.columns > 1 && filled.frame.width < geometry.textWidth - 0.01;
    if (!last) return frames.map((filled) => (isColumn(filled) || geometry.columns === 1 ? justifyColumn(filled, filled.frame.height, leading) : filled));
    return frames.map((filled) => {
      if (!isColumn(filled)) return filled;
      const beside = frames.filter((other) => isColumn(other) && other.frame.y === filled.frame.y);
      return justifyColumn(filled, Math.max(...beside.map((other) => other.used)), leading);
    });
  });
}
