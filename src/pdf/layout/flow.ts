import type { Block, GalleyItem, Note, Unit } from './types.js';

/** A float met in the text and not placed yet: its blocks are galley items `start` to `end`, `rest` standing for the first when it was split. */
export interface Pending {
  unit: Unit;
  start: number;
  end: number;
  rest?: Block;
  /** The page its place in the text is on: it goes no later than the next page if it can. */
  page: number;
}

/** Where the page builder is in the galley; immutable, so that a page can be built again from it. */
export interface Cursor {
  /** The next galley item. */
  index: number;
  /** What is left of the block at `index` after a split (a table row, a code block's rows). */
  rest?: Block;
  /** Footnote lines continued from the frame before, placed first at the next foot. */
  carried: readonly Block[];
  /** Floats waiting for a place, in the order of the text. */
  pending: readonly Pending[];
  /** Floats placed ahead of the text that cites them (on top of the page before): the text skips them (by galley item). */
  ahead?: readonly number[];
}

/** The galley as the page builder reads it: items, the elements it may move, and which block places each footnote. */
export class Flow {
  private readonly ends = new Map<number, number>();
  /** The block that cites a footnote first: the note goes to the foot of the frame that holds it. */
  private readonly noteOwners = new Map<Note, Block>();
  /** Parts of a split block stand for the block they came from. */
  private readonly origins = new WeakMap<Block, Block>();

  constructor(readonly items: GalleyItem[]) {
    this.indexNotes(0);
  }

  private indexNotes(from: number): void {
    for (let index = from; index < this.items.length; index++) {
      const item = this.items[index]!;
      if (item.kind === 'block' && item.notes) for (const note of item.notes) if (!this.noteOwners.has(note)) this.noteOwners.set(note, item);
    }
  }

  get length(): number {
    return this.items.length;
  }

  /** Whether a unit (figure, table, code) starts at this item. */
  unitAt(index: number): Unit | undefined {
    const item = this.items[index];
    if (item?.kind !== 'block' || !item.unit) return undefined;
    const before = this.items[index - 1];
    return before?.kind === 'block' && before.unit === item.unit ? undefined : item.unit;
  }

  /** The item after the last block of the unit starting at `start`. */
  unitEnd(start: number): number {
    let end = this.ends.get(start);
    if (end !== undefined) return end;
    const unit = (this.items[start] as Block).unit;
    end = start + 1;
    while (end < this.items.length && (this.items[end] as Block).unit === unit) end++;
    this.ends.set(start, end);
    return end;
  }

  /** The unit's blocks from `start` (its split rest first) to `end`. */
  blocks(start: number, end: number, rest?: Block): Block[] {
    const blocks = this.items.slice(rest ? start + 1 : start, end) as Block[];
    if (rest) blocks.unshift(rest);
    return blocks;
  }

  /** The first item at or after `index` that is not a space. */
  skipSpaces(index: number): number {
    while (index < this.items.length && this.items[index]!.kind === 'space') index++;
    return index;
  }

  /**
   * Whether the heading ending at item `index` heads an empty section: the next block (past spaces) is a
   * heading of its level or higher, so that a break between the two parts no section from its text.
   */
  headsNothing(index: number): boolean {
    const level = this.headingLevel(index);
    const next = this.items[this.skipSpaces(index + 1)];
    if (level === undefined || next?.kind !== 'block' || next.role !== 'heading' || next.unit) return false;
    const nextLevel = this.headingLevel(this.skipSpaces(index + 1));
    return nextLevel !== undefined && nextLevel <= level;
  }

  /** The outline level of the heading whose line is item `index` (from its first line's outline entry). */
  private headingLevel(index: number): number | undefined {
    const block = this.items[index];
    if (block?.kind !== 'block' || block.role !== 'heading') return undefined;
    let first = index;
    const id = block.paragraph?.id;
    while (first > 0 && id !== undefined && (this.items[first - 1] as Block).paragraph?.id === id) first--;
    const outline = (this.items[first] as Block).ops.find((op) => op.kind === 'outline');
    return outline?.kind === 'outline' ? outline.level : undefined;
  }

  /** Footnotes this block places (those it cites first). */
  notesOf(block: Block): readonly Note[] {
    if (!block.notes) return NONE;
    const origin = this.origins.get(block) ?? block;
    const own = block.notes.filter((note) => this.noteOwners.get(note) === origin);
    return own.length === block.notes.length ? block.notes : own;
  }

  /** Splits a block through its own `split`, its parts standing for it. */
  split(block: Block, room: number): [Block, Block] | undefined {
    const parts = block.split?.(room);
    if (!parts) return undefined;
    const origin = this.origins.get(block) ?? block;
    this.origins.set(parts[0], origin);
    this.origins.set(parts[1], origin);
    return parts;
  }

  /** Puts `replacement` in the place of items `start` to `end` (a paragraph set again). */
  replace(start: number, end: number, replacement: readonly Block[]): void {
    const removed = new Set(this.items.splice(start, end - start, ...replacement));
    this.ends.clear();
    for (const [note, owner] of this.noteOwners) if (removed.has(owner as GalleyItem)) this.noteOwners.delete(note);
    this.indexNotes(start);
  }
}

const NONE: readonly Note[] = [];

export function heightOf(blocks: readonly Block[]): number {
  let height = 0;
  for (const block of blocks) height += block.height;
  return height;
}
