import type { Placed } from './frames.js';
import type { Block } from './types.js';

export interface NoteStyle {
  /** Space between the text and the footnote rule, and between the rule and the first note. */
  gap: number;
  /** Space between two notes. */
  between: number;
}

/** A continued footnote carries at least this many lines to the next foot, and leaves as many behind. */
export const MIN_NOTE_LINES = 2;

/** Height of a frame's foot: rule space above, the notes' lines, space between notes. */
export function footHeight(groups: readonly (readonly Block[])[], style: NoteStyle): number {
  let height = 0;
  let used = 0;
  for (const group of groups) {
    if (group.length === 0) continue;
    used++;
    for (const block of group) height += block.height;
  }
  return used === 0 ? 0 : height + style.gap * 2 + style.between * (used - 1);
}

/**
 * The most lines of a note's `lines` that `fits`, leaving at least MIN_NOTE_LINES on each side of the
 * break; undefined when no such split fits.
 */
export function noteSplit(lines: readonly Block[], fits: (part: readonly Block[]) => boolean): number | undefined {
  for (let count = lines.length - MIN_NOTE_LINES; count >= MIN_NOTE_LINES; count--) if (fits(lines.slice(0, count))) return count;
  return undefined;
}

/**
 * Lines carried from the frame before: as many as fit in `room`, but never leaving or taking a lone line
 * (all of them when they fit, else at least MIN_NOTE_LINES here and MIN_NOTE_LINES carried further).
 */
export function takeCarried(carried: readonly Block[], room: number, style: NoteStyle): [Block[], Block[]] {
  if (carried.length === 0 || footHeight([carried], style) <= room) return [[...carried], []];
  const count = noteSplit(carried, (part) => footHeight([part], style) <= room) ?? Math.min(carried.length, MIN_NOTE_LINES);
  return [carried.slice(0, count), carried.slice(count)];
}

/** The foot's lines placed from the frame's bottom up, a group after another with space between. */
export function placeFoot(groups: readonly (readonly Block[])[], frameHeight: number, style: NoteStyle): { placed: Placed[]; top: number } {
  const height = footHeight(groups, style);
  const placed: Placed[] = [];
  let y = frameHeight - height + style.gap * 2;
  let first = true;
  for (const group of groups) {
    if (group.length === 0) continue;
    if (!first) y += style.between;
    first = false;
    for (const block of group) {
      placed.push({ block, y });
      y += block.height;
    }
  }
  return { placed, top: frameHeight - height };
}
