import { heightOf, type Cursor, type Flow, type Pending } from './flow.js';
import type { Placed } from './frames.js';
import { footHeight, noteSplit, placeFoot, takeCarried, type NoteStyle } from './notes.js';
import { placeAtEnd, placeWaiting, type FloatRoom } from './floats.js';
import { scaleFigure, shrinkFigure } from './ops.js';
import type { Block, Note, Unit } from './types.js';

/** What the template says about moving elements and filling pages. */
export interface PageOptions {
  /** Which elements may float to the top of the next column or page when they do not fit where they are cited. */
  floats: ReadonlySet<Unit['kind']>;
  /** The smallest scale a picture may take to stay where it is cited (1: never). */
  minScale: number;
  /** End the columns of the last page (and those above an element set across them) together. */
  balance: boolean;
  /** The body's line height: gaps around floats are one, white space is counted in them. */
  leading: number;
  notes: NoteStyle;
  columns: number;
  /**
   * A picture waiting when the text has ended may shrink (within minScale) to go in this column rather than
   * wait for the next page, as one waiting since the page before may: set in editions, where the next article
   * follows and a page holding only the picture would fall short.
   */
  shrinkAtEnd?: boolean;
}

export interface ColumnRequest {
  flow: Flow;
  cursor: Cursor;
  height: number;
  /** A full column's height: an element taller than this cannot wait for another column. */
  fullHeight: number;
  page: number;
  options: PageOptions;
  /** Stop before this galley item (a section balanced above an element set across the columns). */
  stopAt?: number;
  /** Where elements set across the columns go, decided by the page: a later page, or this page's foot. */
  spans?: ReadonlyMap<number, 'defer' | 'foot'>;
  /** Elements already placed on this page ahead of their place in the text. */
  early?: ReadonlySet<number>;
  /** Elements set where they stand, split across columns if need be, rather than floated (the text ends soon after them). */
  inPlace?: ReadonlySet<number>;
  /** Set every element where it stands (a band of a table across the columns; the title block). */
  inline?: boolean;
  /** Scale for the pictures that may float, wherever they are placed here (the last page's columns balanced with smaller pictures). */
  floatScale?: number;
}

export type Stop = 'full' | 'end' | 'span' | 'limit';

export interface ColumnResult {
  placed: Placed[];
  notes: Placed[];
  used: number;
  footTop: number;
  cursor: Cursor;
  /** The column is full; the text has ended; an element set across the columns comes next; `stopAt` is reached. */
  stop: Stop;
}

const EPSILON = 0.01;
/** Costs of a break: each line of white left at the column's foot, and each beyond MAX_WHITE of the column. */
const LINE_OF_WHITE = 25;
const LINE_BEYOND_MAX_WHITE = 200;
const PENALTY_IN_PARAGRAPH = 5;
const PENALTY_IN_ELEMENT = 10;
const PENALTY_AFTER_HYPHEN = 60;
const PENALTY_SPLIT_ROW = 15;
const PENALTY_SPLIT_NOTE = 20;
/**
 * Breaking where a block keeps with the next: after a first or next-to-last line (an orphan or a widow,
 * two lines of a list or table split off), or, worse, after a heading or a table's header. Taken only
 * when every other break leaves lines beyond MAX_WHITE of the column empty (a long run of headings).
 */
const PENALTY_KEPT = 500;
const PENALTY_KEPT_HEADING = 1600;
/** More white than this share of a full column is a fault the choice of break avoids whenever it can. */
const MAX_WHITE = 0.12;

interface Candidate {
  index: number;
  rest: Block | undefined;
  count: number;
  y: number;
  notes: number;
  pending: number;
  foot: number;
  penalty: number;
}

/**
 * Fills one column from the cursor: floats waiting go on top; then the text, each block where it stands,
 * an element that does not fit sent on as a float (or shrunk to stay, or split when it is taller than any
 * column); footnotes at the foot of the column that cites them. Where the column breaks is chosen among
 * the allowed breaks by cost: white left at the foot, a paragraph or a table split, a hyphen across the break.
 */
export function fillColumn(request: ColumnRequest): ColumnResult {
  const { flow, height, options } = request;
  const style = options.notes;
  const start = request.cursor;
  const gap = options.leading;
  const [carriedHere, carriedOn] = takeCarried(start.carried, height / 2, style);
  const placed: Placed[] = [];
  const notes: Note[] = [];
  const pending: Pending[] = [...start.pending];
  const groupsWith = (extra: readonly (readonly Block[])[]) => [carriedHere, ...notes.map((note) => note.blocks), ...extra];
  const foot = (extra: readonly Note[] = [], part?: readonly Block[]) => footHeight(groupsWith(part ? [...extra.map((note) => note.blocks), part] : extra.map((note) => note.blocks)), style);
  // Floats waiting from earlier columns go on top, in order, while they fit.
  const room: FloatRoom = { flow, pending, placed, notes, y: 0, height, page: request.page, options, floatScale: request.floatScale, foot: (extra) => foot(extra) };
  if (!request.inline) placeWaiting(room, start.index >= flow.length && !start.rest);
  let y = room.y;

  const floatsOnTop = placed.length;
  let index = start.index;
  let rest = start.rest;
  let pendingSpace = 0;
  let started = false;
  let stop: Stop = 'full';
  const candidates: Candidate[] = [];
  let partial: { note: Note; lines: number } | undefined;
  const mark = (penalty: number) => candidates.push({ index, rest, count: placed.length, y, notes: notes.length, pending: pending.length, foot: foot(), penalty });
  const place = (block: Block, top: number, fresh: readonly Note[]) => {
    placed.push({ block, y: top });
    y = top + block.height;
    notes.push(...fresh);
    pendingSpace = 0;
    started = true;
  };

  for (;;) {
    if (request.stopAt !== undefined && index >= request.stopAt && !rest) {
      stop = 'limit';
      break;
    }
    if (index >= flow.length) {
      room.y = y;
      stop = placeAtEnd(room);
      y = room.y;
      break;
    }
    const item = rest ?? flow.items[index]!;
    if (item.kind === 'space') {
      if (started) pendingSpace += item.height;
      index++;
      continue;
    }
    const unit = rest || request.inline ? undefined : flow.unitAt(index);
    if (unit) {
      const end = flow.unitEnd(index);
      if (request.early?.has(index)) {
        index = flow.skipSpaces(end);
        continue;
      }
      if (unit.span && options.columns > 1) {
        const decided = request.spans?.get(index);
        if (decided === undefined && pending.length === 0) {
          stop = 'span';
          break;
        }
        if (decided !== 'foot') pending.push({ unit, start: index, end, page: request.page });
        index = flow.skipSpaces(end);
        continue;
      }
      if (options.floats.has(unit.kind) && !request.inPlace?.has(index)) {
        const blocks = flow.blocks(index, end).map((block) => (request.floatScale ? scaleFigure(block, request.floatScale) : block));
        const fresh = blocks.flatMap((block) => flow.notesOf(block));
        const top = started ? y + pendingSpace : y;
        const room = height - top - foot(fresh);
        const whole = heightOf(blocks);
        const fitted = pending.length > 0 ? undefined : whole <= room + EPSILON ? blocks : blocks.length === 1 ? shrinkFigure(blocks[0]!, room, options.minScale) : undefined;
        if (fitted) {
          const list = Array.isArray(fitted) ? fitted : [fitted];
          list.forEach((block, at) => place(block, at === 0 ? top : y, at === 0 ? fresh : []));
          index = end;
          if (!list[list.length - 1]!.keepWithNext) mark(0);
          continue;
        }
        if (whole <= request.fullHeight + EPSILON) {
          pending.push({ unit, start: index, end, page: request.page });
          index = flow.skipSpaces(end);
          continue;
        }
        // Taller than any column: set where it stands, split where it can be.
      }
    }

    const block = item;
    if (!started && block.role === 'row' && block.repeatHeader && placed.every((entry) => entry.block !== block.repeatHeader)) {
      // A table continued from the column before: its header again first.
      placed.push({ block: block.repeatHeader, y });
      y += block.repeatHeader.height;
    }
    const fresh = carriedOn.length > 0 ? [] : flow.notesOf(block).filter((note) => !notes.includes(note));
    const blocked = carriedOn.length > 0 && flow.notesOf(block).length > 0;
    const top = started ? y + pendingSpace : y;
    if (!blocked && top + block.height + foot(fresh) <= height + EPSILON) {
      place(block, top, fresh);
      rest = undefined;
      index++;
      const inElement = block.unit !== undefined && (rest !== undefined || (flow.items[index] as Block | undefined)?.unit === block.unit);
      const inParagraph = block.paragraph !== undefined && block.paragraph.line < block.paragraph.lines - 1;
      if (!block.keepWithNext) mark(inElement ? PENALTY_IN_ELEMENT : inParagraph ? PENALTY_IN_PARAGRAPH : 0);
      else if (block.keepWithNext === 'soft') mark(PENALTY_AFTER_HYPHEN);
      else if (block.role === 'heading') mark(!rest && flow.headsNothing(index - 1) ? PENALTY_KEPT : PENALTY_KEPT_HEADING);
      else mark(block.role === 'header-row' || block.role === 'title' ? PENALTY_KEPT_HEADING : PENALTY_KEPT);
      continue;
    }

    // It does not fit: choose where to break, by cost.
    const white = (bottom: number, footAt: number) => height - bottom - footAt;
    const cost = (whiteLeft: number, penalty: number) => penalty + (whiteLeft / gap) * LINE_OF_WHITE + (Math.max(0, whiteLeft - request.fullHeight * MAX_WHITE) / gap) * LINE_BEYOND_MAX_WHITE;
    let best: { cost: number; apply: () => void } | undefined;
    const consider = (value: number, apply: () => void) => {
      if (!best || value <= best.cost) best = { cost: value, apply };
    };
    for (const candidate of candidates) {
      consider(cost(white(candidate.y, candidate.foot), candidate.penalty), () => {
        placed.length = candidate.count;
        notes.length = candidate.notes;
        pending.length = candidate.pending;
        y = candidate.y;
        index = candidate.index;
        rest = candidate.rest;
      });
    }
    if (!blocked && started && block.split) {
      const parts = flow.split(block, height - top - foot(fresh));
      if (parts) {
        consider(cost(white(top + parts[0].height, foot(fresh)), PENALTY_SPLIT_ROW), () => {
          place(parts[0], top, fresh);
          rest = parts[1];
        });
      }
    }
    if (!blocked && fresh.length > 0 && !block.keepWithNext) {
      // The block fits with the first lines of its last note; the note goes on at the next foot.
      const last = fresh[fresh.length - 1]!;
      const others = fresh.slice(0, -1);
      const lines = noteSplit(last.blocks, (part) => top + block.height + foot(others, part) <= height + EPSILON);
      if (lines !== undefined) {
        consider(cost(0, PENALTY_SPLIT_NOTE), () => {
          place(block, top, fresh);
          rest = undefined;
          index++;
          partial = { note: last, lines };
        });
      }
    }
    if (best) {
      best.apply();
      break;
    }
    // No allowed break. A run of blocks kept together is longer than the column: break right here.
    if (started) break;
    // Nothing of the text here yet. A block that fits a full column waits for the next one when floats fill this
    // one, or when this one is short (below the title block) and the block cannot split.
    const fitsFull = block.height + foot(fresh) <= request.fullHeight + EPSILON;
    if (fitsFull && (floatsOnTop > 0 || (height < request.fullHeight - EPSILON && !block.split))) {
      placed.length = floatsOnTop;
      y = placed.length > 0 ? y : 0;
      break;
    }
    // The block is taller than the column: split it if it can be, else set it anyway.
    const parts = flow.split(block, height - top - foot(fresh));
    place(parts ? parts[0] : block, top, fresh);
    if (parts) rest = parts[1];
    else {
      rest = undefined;
      index++;
    }
    break;
  }

  // The foot: carried lines first, then the notes; lines that still do not fit (a block alone overfills the column) go on.
  const groups = groupsWith([]).map((group, at) => (partial && at > 0 && notes[at - 1] === partial.note ? group.slice(0, partial.lines) : [...group]));
  const moved: Block[] = [];
  const lineCount = () => groups.reduce((sum, group) => sum + group.length, 0);
  while (lineCount() > 1 && footHeight(groups, style) > height - y + EPSILON) {
    const group = [...groups].reverse().find((candidate) => candidate.length > 0)!;
    moved.unshift(group.pop()!);
  }
  const { placed: footPlaced, top: footTop } = placeFoot(groups, height, style);
  // Older lines first: those carried here that did not fit, then the ends of this column's notes.
  const cursor: Cursor = { index, carried: [...carriedOn, ...moved, ...(partial ? partial.note.blocks.slice(partial.lines) : [])], pending };
  if (rest) cursor.rest = rest;
  return { placed, notes: footPlaced, used: y, footTop, cursor, stop };
}
