import type { PageOptions, Stop } from './column.js';
import { heightOf, type Flow, type Pending } from './flow.js';
import type { Placed } from './frames.js';
import { pictureHeight, scaleFigure, shrinkFigure } from './ops.js';
import type { Block, Note } from './types.js';

/** A column being filled, as placing floats in it sees it; `pending`, `placed`, `notes` and `y` change as floats go in. */
export interface FloatRoom {
  flow: Flow;
  /** The floats waiting, in order; those placed are taken off. */
  pending: Pending[];
  placed: Placed[];
  notes: Note[];
  /** Where the next block goes, from the column's top. */
  y: number;
  height: number;
  page: number;
  options: PageOptions;
  /** Scale for the pictures placed (the last page balanced with smaller pictures). */
  floatScale: number | undefined;
  /** The foot's height with these notes added to it. */
  foot: (extra: readonly Note[]) => number;
}

const EPSILON = 0.01;

/**
 * Floats waiting from earlier columns, on top of this one, in order, while they fit: one waiting since
 * the page before may shrink (within the template's least scale), and pictures piling up (waiting since
 * the page before, or the text has ended) share a smaller scale so that more of them go here.
 */
export function placeWaiting(room: FloatRoom, textEnded: boolean): void {
  const { flow, pending, options } = room;
  let shared = sharedScale(room, textEnded);
  while (pending.length > 0) {
    const next = pending[0]!;
    if (next.unit.span && options.columns > 1) break;
    let blocks = scaled(room, flow.blocks(next.start, next.end, next.rest));
    if (shared && shared.count > 0) {
      blocks = blocks.map((block) => scaleFigure(block, shared!.scale));
      shared = { ...shared, count: shared.count - 1 };
    }
    const fresh = blocks.flatMap((block) => flow.notesOf(block));
    const left = room.height - room.y - room.foot(fresh);
    if (heightOf(blocks) > left + EPSILON) {
      const overdue = room.page > next.page || (textEnded && options.shrinkAtEnd === true);
      const shrunk = next.unit.kind === 'figure' && overdue && blocks.length === 1 ? shrinkFigure(blocks[0]!, left, options.minScale) : undefined;
      if (!shrunk) break;
      blocks = [shrunk];
    }
    for (const block of blocks) {
      room.placed.push({ block, y: room.y });
      room.y += block.height;
    }
    room.y += options.leading;
    room.notes.push(...fresh);
    pending.shift();
  }
}

/** At the end of the text, floats still waiting go below it while they fit; the column is full when one does not. */
export function placeAtEnd(room: FloatRoom): Stop {
  const { flow, pending, options } = room;
  while (pending.length > 0) {
    const next = pending[0]!;
    if (next.unit.span && options.columns > 1) return 'end';
    const blocks = scaled(room, flow.blocks(next.start, next.end, next.rest));
    const fresh = blocks.flatMap((block) => flow.notesOf(block));
    let y = room.y + (room.placed.length > 0 ? options.leading : 0);
    if (y + heightOf(blocks) + room.foot(fresh) > room.height + EPSILON) return 'full';
    for (const block of blocks) {
      room.placed.push({ block, y });
      y += block.height;
    }
    room.y = y;
    room.notes.push(...fresh);
    pending.shift();
  }
  return 'end';
}

function scaled(room: FloatRoom, blocks: Block[]): Block[] {
  return room.floatScale ? blocks.map((block) => scaleFigure(block, room.floatScale!)) : blocks;
}

/**
 * When the pictures at the head of the floats waiting are overdue (cited on an earlier page) or the text
 * has ended, the largest number of them that fit one column at one scale no smaller than the template's
 * least, and that scale; undefined when shrinking puts no more of them in the column than their full size does.
 */
function sharedScale(room: FloatRoom, textEnded: boolean): { count: number; scale: number } | undefined {
  const { flow, pending, options, height } = room;
  const gap = options.leading;
  const pictures: Block[] = [];
  for (const next of pending) {
    if ((next.unit.span && options.columns > 1) || next.unit.kind !== 'figure' || next.end - next.start !== 1 || next.rest) break;
    pictures.push(flow.items[next.start] as Block);
  }
  if (pictures.length < 2 || !(textEnded || pending[1]!.page < room.page)) return undefined;
  let atFullSize = 0;
  for (let used = 0; atFullSize < pictures.length && used + pictures[atFullSize]!.height <= height + EPSILON; atFullSize++) used += pictures[atFullSize]!.height + gap;
  for (let count = pictures.length; count > Math.max(1, atFullSize); count--) {
    const group = pictures.slice(0, count);
    const fixed = group.reduce((sum, block) => sum + block.height - pictureHeight(block), 0) + gap * (count - 1);
    const scale = (height - fixed) / group.reduce((sum, block) => sum + pictureHeight(block), 0);
    if (scale >= options.minScale && scale < 1) return { count, scale: scale - EPSILON };
  }
  return undefined;
}
