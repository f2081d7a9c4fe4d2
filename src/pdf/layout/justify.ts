import type { FilledFrame, PageGeometry, Placed } from './frames.js';
import type { Block } from './types.js';

/** A space between blocks grows by at most this many lines when a column is justified. */
const MOST_PER_SPACE = 1;
/** Spaces smaller than this (points) are joins, not spaces: the rows of a table, a code block's lines. */
const LEAST_SPACE = 0.5;
/** White left after the spaces have grown, beyond this share of the column, is fed between all its lines... */
const FEATHER_FROM = 0.08;
/** ... each line moving at most this share of a line further from the one above it. */
const MOST_FEATHER = 0.12;

/**
 * Vertical justification (a typesetter's flush bottom): the white a column leaves above `bottom` is
 * shared out among the spaces between its blocks (before headings, between paragraphs, around figures),
 * each growing by at most a line, so that columns end at their foot, or together on a last page. Lines
 * of a paragraph, rows of a table and lines of code stay as set, unless much white is still left (a long
 * code block before a heading that went to the next page): then it is fed between them too, a little
 * each (feathering). `reach` multiplies how much each space and line may grow, and feathers from the
 * first point (an edition's article set to the foot of a page the next one could not begin on).
 */
export function justifyColumn(filled: FilledFrame, bottom: number, leading: number, reach = 1): FilledFrame {
  const extra = Math.min(bottom, filled.footTop) - filled.used;
  const { placed } = filled;
  if (extra < LEAST_SPACE || placed.length < 2) return filled;
  const spaces: number[] = [];
  for (let at = 1; at < placed.length; at++) {
    const before = placed[at - 1]!;
    if (placed[at]!.y - (before.y + before.block.height) > LEAST_SPACE) spaces.push(at);
  }
  const each = spaces.length > 0 ? Math.min(extra / spaces.length, leading * MOST_PER_SPACE * reach) : 0;
  const left = extra - each * spaces.length - (reach > 1 ? 0 : FEATHER_FROM * filled.frame.height);
  const feather = left > 0 ? Math.min(left / (placed.length - 1), leading * MOST_FEATHER * reach) : 0;
  if (each === 0 && feather === 0) return filled;
  const moved: Placed[] = [];
  let shift = 0;
  let next = 0;
  placed.forEach((entry, at) => {
    // A block a feathered line moves away from reaches down to it: code shading and quote bars run on.
    const block = feather > 0 && at < placed.length - 1 && spaces[next] !== at + 1 ? reachDown(entry.block, feather) : entry.block;
    if (at > 0) shift += feather;
    if (spaces[next] === at) {
      shift += each;
      next++;
    }
    moved.push(shift === 0 && block === entry.block ? entry : { block, y: entry.y + shift });
  });
  return { ...filled, placed: moved, used: filled.used + shift };
}

/** A block whose shading and bars (drawn from its top to its foot) reach `more` points further down. */
function reachDown(block: Block, more: number): Block {
  const full = (from: number, to: number) => Math.abs(from) < 0.01 && Math.abs(to - block.height) < 0.01;
  let changed = false;
  const ops = block.ops.map((op) => {
    if (op.kind === 'rect' && full(op.y, op.y + op.height)) {
      changed = true;
      return { ...op, height: op.height + more };
    }
    if (op.kind === 'rule' && op.x1 === op.x2 && full(Math.min(op.y1, op.y2), Math.max(op.y1, op.y2))) {
      changed = true;
      return { ...op, y1: Math.min(op.y1, op.y2), y2: Math.max(op.y1, op.y2) + more };
    }
    return op;
  });
  return changed ? { ...block, ops } : block;
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
