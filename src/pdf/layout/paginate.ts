import type { Block, GalleyItem, Note } from './types.js';

/** A rectangle text flows into: one column of one page. */
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

export interface NoteStyle {
  /** Space between the text and the footnote rule, and between the rule and the first note. */
  gap: number;
  /** Space between two notes. */
  between: number;
}

const EPSILON = 0.01;
/** How much empty frame a discouraged break (after a hyphenated line) is worth avoiding, points. */
const SOFT_KEEP_SLACK = 40;

/**
 * Breaks a galley into frames: fills each frame greedily, then backs up to the last place a break is
 * allowed (not after a block that keeps with the next: headings, first and next-to-last lines of a
 * paragraph, table headers). A run of kept blocks longer than a whole frame is broken anyway, as
 * late as possible; a block taller than the room left is split when it can be (table rows, between lines).
 * Footnotes go to the foot of the frame holding their first citation.
 */
export function paginate(galley: readonly GalleyItem[], nextFrame: () => Frame, noteStyle: NoteStyle, fullHeight: number): FilledFrame[] {
  const items = [...galley];
  const filled: FilledFrame[] = [];
  const placedNotes = new Set<Note>();
  let carried: Block[] = [];
  let index = 0;
  while (index < items.length || carried.length > 0) {
    while (index < items.length && items[index]!.kind === 'space') index++;
    if (index >= items.length && carried.length === 0) break;
    const frame = nextFrame();
    const result = fillFrame(items, index, frame, placedNotes, carried, noteStyle, fullHeight);
    carried = result.carried;
    index = result.next;
    filled.push(result.filled);
  }
  return filled;
}

interface FillResult {
  filled: FilledFrame;
  next: number;
  carried: Block[];
}

/** Height of a frame's foot: rule space above, the notes, space between notes. */
function footHeight(groups: readonly (readonly Block[])[], style: NoteStyle): number {
  const used = groups.filter((group) => group.length > 0);
  if (used.length === 0) return 0;
  let height = style.gap * 2 + style.between * (used.length - 1);
  for (const group of used) for (const block of group) height += block.height;
  return height;
}

function fillFrame(
  items: GalleyItem[],
  start: number,
  frame: Frame,
  placedNotes: Set<Note>,
  carried: Block[],
  style: NoteStyle,
  fullHeight: number,
): FillResult {
  const placed: Placed[] = [];
  let notes: Note[] = [];
  let y = 0;
  let index = start;
  // Footnote lines that did not fit under the previous frame come first at this foot.
  let carriedHere = carried;
  if (footHeight([carried], style) > frame.height * 0.5) {
    // Keep at least half the frame for text: split the carried note lines.
    let room = frame.height * 0.5 - style.gap * 2;
    let count = 0;
    while (count < carried.length && room >= carried[count]!.height) room -= carried[count++]!.height;
    carriedHere = carried.slice(0, Math.max(1, count));
  }
  let carryOut = carried.slice(carriedHere.length);

  const first = items[index];
  if (first && first.kind === 'block' && first.repeatHeader && first.role !== 'header-row') {
    placed.push({ block: first.repeatHeader, y });
    y += first.repeatHeader.height;
  }
  const headerOffset = placed.length;
  let legal: { index: number; count: number; y: number; notes: number } | undefined;
  let soft: typeof legal;
  let pendingSpace = 0;
  for (; index < items.length; index++) {
    const item = items[index]!;
    if (item.kind === 'space') {
      if (placed.length > headerOffset) pendingSpace += item.height;
      continue;
    }
    const fresh = (item.notes ?? []).filter((note) => !placedNotes.has(note) && !notes.includes(note));
    const foot = footHeight([carriedHere, ...[...notes, ...fresh].map((note) => note.blocks)], style);
    const top = y + pendingSpace;
    if (top + item.height + foot <= frame.height + EPSILON) {
      placed.push({ block: item, y: top });
      y = top + item.height;
      pendingSpace = 0;
      notes = [...notes, ...fresh];
      if (!item.keepWithNext) legal = { index: index + 1, count: placed.length, y, notes: notes.length };
      else if (item.keepWithNext === 'soft') soft = { index: index + 1, count: placed.length, y, notes: notes.length };
      continue;
    }
    // It does not fit. Back up to the last allowed break, if this frame has one; a discouraged one
    // (after a hyphen) when the allowed one would leave much more of the frame empty.
    const back = legal && soft && soft.count > legal.count && soft.y - legal.y > SOFT_KEEP_SLACK ? soft : (legal ?? (soft && soft.y > frame.height - SOFT_KEEP_SLACK ? soft : undefined));
    if (back && back.count > headerOffset) {
      placed.length = back.count;
      notes = notes.slice(0, back.notes);
      y = back.y;
      index = back.index;
      break;
    }
    // No allowed break here. Break right before this block when the frame has something in it.
    if (placed.length > headerOffset) break;
    // An empty frame shorter than a full one (below the title block): try the next frame.
    if (frame.height < fullHeight - EPSILON && item.height + foot <= fullHeight + EPSILON) break;
    // Split the block if it can be; else place it anyway (it is taller than any frame).
    const room = frame.height - top - foot;
    const parts = item.split && room > 0 ? item.split(room) : undefined;
    placed.push({ block: parts ? parts[0] : item, y: top });
    y = top + (parts ? parts[0] : item).height;
    notes = [...notes, ...fresh];
    if (parts) items[index] = parts[1];
    else index++;
    break;
  }
  // Notes: the lines of those that do not fit (only when a block alone overfills the frame) carry over.
  for (const note of notes) placedNotes.add(note);
  const lines = [carriedHere, ...notes.map((note) => note.blocks)].flatMap((group, groupIndex) => group.map((block) => ({ block, groupIndex })));
  const heightOf = (list: typeof lines) => {
    const groups = new Map<number, Block[]>();
    for (const { block, groupIndex } of list) groups.set(groupIndex, [...(groups.get(groupIndex) ?? []), block]);
    return footHeight([...groups.values()], style);
  };
  const moved: Block[] = [];
  while (lines.length > 1 && heightOf(lines) > frame.height - y + EPSILON) moved.unshift(lines.pop()!.block);
  carryOut = [...moved, ...carryOut];
  const total = heightOf(lines);
  const footPlaced: Placed[] = [];
  let footY = frame.height - total + style.gap * 2;
  lines.forEach(({ block, groupIndex }, at) => {
    if (at > 0 && lines[at - 1]!.groupIndex !== groupIndex) footY += style.between;
    footPlaced.push({ block, y: footY });
    footY += block.height;
  });
  return { filled: { frame, placed, notes: footPlaced, used: y, footTop: frame.height - total }, next: index, carried: carryOut };
}
