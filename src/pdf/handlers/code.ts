import type { Element, Text } from 'hast';
import { textOf } from '../../model/hast.js';
import type { Face } from '../fonts/book.js';
import { settleClusters } from '../fonts/segment.js';
import { baselineOffset } from '../layout/lines.js';
import { keepEnds } from '../layout/keeps.js';
import type { Block, DrawOp, TextStart, Unit } from '../layout/types.js';
import { RIGHT_TO_LEFT_CHARACTER } from '../../core/direction.js';
import { mayNeedBidi, paragraphLevels, reorder } from '../text/bidi.js';
import type { State } from './state.js';
import { langOf } from './text-blocks.js';

const PADDING = 5;
const TAB = '    ';

interface Cell {
  face: Face;
  text: string;
  width: number;
  space: boolean;
  /** Its bidirectional level in the source line: 0 on a line without right-to-left letters. */
  level: number;
}

/** What a row draws in one go. */
interface Group {
  face: Face;
  text: string;
  width: number;
  level: number;
  /** At a right-to-left level: set right to left, punctuation too (brackets mirrored). */
  rightToLeft?: boolean;
  /** Right-to-left letters at a left-to-right level (a left-to-right override): set left to right. */
  leftToRight?: boolean;
}

/**
 * A code block: monospaced, shaded, long lines wrapped (at a space when one is near, else anywhere).
 * A line with right-to-left letters (or embeddings, overrides, isolates) is ordered as a code editor shows it, by the bidirectional
 * algorithm over the line (left to right as a whole): each row of it in the order its runs are seen.
 */
export function code(node: Element, state: State): void {
  const { theme, context } = state;
  const size = theme.code.fontSize * (context.size / theme.base.fontSize);
  const leading = size * 1.38;
  const face = state.book.face('mono');
  const width = state.measure - PADDING * 2;
  const paragraph = state.struct('P', langOf(node));
  const struct = state.struct('Code', {}, paragraph);
  const source = String(state.file.value ?? '');
  const startOffset = node.position?.start.offset;
  const fenced = startOffset !== undefined && /^\s{0,3}(`{3,}|~{3,})/.test(source.slice(startOffset, startOffset + 10));
  const firstLine = (node.position?.start.line ?? 1) + (fenced ? 1 : 0);
  const rows: Cell[][] = [];
  // Where each row's text begins in the model, for a row that begins a line of the code.
  const sole = soleText(node);
  const rowStarts: (TextStart | undefined)[] = [];
  let lineOffset = 0;
  textOf(node).split('\n').forEach((raw, lineIndex) => {
    const text = raw.replace(/\t/g, TAB);
    const cells: Cell[] = [];
    const levelAt = RIGHT_TO_LEFT_CHARACTER.test(text) || mayNeedBidi(text) ? paragraphLevels(text, 'ltr').levels : undefined;
    settleClusters(text, face, state.book, (cluster, index, drawnFace, drawn, missing) => {
      if (missing) {
        state.warn(
          `no font in the template has the character "${cluster}"; it prints as a replacement mark. Add a font that has it to fonts.fallback or fonts.scripts in the template`,
          { line: firstLine + lineIndex, column: index + 1 + (fenced ? 0 : 4) },
          'pdf-glyph',
        );
      }
      cells.push({ face: drawnFace, text: drawn, width: state.book.width(drawnFace, drawn, size), space: cluster === ' ', level: levelAt?.[index] ?? 0 });
    });
    if (levelAt) joinRightToLeftWords(cells, (cellFace, text) => state.book.width(cellFace, text, size));
    const wrapped = wrap(cells, width);
    rows.push(...wrapped);
    wrapped.forEach((_row, index) => rowStarts.push(sole && index === 0 ? { text: sole, offset: lineOffset } : undefined));
    lineOffset += raw.length + 1;
  });
  const baseline = baselineOffset(face, size, leading);
  const left = context.left;
  const unit: Unit = { kind: 'code', span: false, struct: paragraph };
  const blocks: Block[] = rows.map((row, index) => {
    const top = index === 0 ? PADDING : 0;
    const height = leading + top + (index === rows.length - 1 ? PADDING : 0);
    const ops: DrawOp[] = [{ kind: 'rect', x: left, y: 0, width: state.measure, height, color: theme.code.background }];
    const decorate = state.decorate();
    if (decorate) ops.push(...decorate(height));
    // Spaces at a row's end are at the line's own level, wherever the row ends (L1).
    for (let at = row.length - 1; at >= 0 && row[at]!.space; at--) row[at]!.level = 0;
    // Placed in the order they are seen, drawn in the order typed (which the tagged structure follows).
    for (const group of placeGroups(groupCells(row), left + PADDING)) {
      if (group.text.trim() === '') continue;
      const op: DrawOp = { kind: 'text', x: group.x, y: top + baseline, text: group.text, face: group.face, size, color: theme.base.color, width: group.width, struct };
      if (group.rightToLeft) op.rightToLeft = true;
      if (group.leftToRight) op.leftToRight = true;
      ops.push(op);
    }
    const start = rowStarts[index];
    return { kind: 'block', height, ops, role: 'code', unit, ...(start ? { start } : {}) } satisfies Block;
  });
  keepEnds(blocks);
  state.space(context.leading * 0.5);
  state.emit(...blocks);
  state.space(context.leading * 0.5);
  state.previous = 'other';
}

/** The one text node an element's text is, when it is one (a code block as the model makes it). */
function soleText(node: Element): Text | undefined {
  const only = node.children.length === 1 ? node.children[0] : undefined;
  if (only?.type === 'text') return only;
  return only?.type === 'element' ? soleText(only) : undefined;
}

/** Punctuation a long token of code (a URL, a path) may break after, as a URL in running text does. */
const BREAK_AFTER = /^[/?&=.,;:-]$/;

/** Breaks one source line into rows no wider than `width`. */
function wrap(cells: Cell[], width: number): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let used = 0;
  let brokeAtSpace = false;
  for (const cell of cells) {
    if (cell.space && ((used + cell.width > width + 0.01 && row.length > 0) || (brokeAtSpace && row.length === 0))) {
      // The spaces a row breaks at end that row (past the measure, where they are not seen) rather than starting the next.
      if (row.length > 0) rows.push(row);
      rows[rows.length - 1]!.push(cell);
      row = [];
      used = 0;
      brokeAtSpace = true;
      continue;
    }
    brokeAtSpace = false;
    if (used + cell.width > width + 0.01 && row.length > 0) {
      // At a space when one is near; else after a URL's or a path's punctuation (/ ? & = . , -), so a
      // word is not cut; only then anywhere.
      const lastSpace = row.map((entry) => entry.space).lastIndexOf(true);
      const lastMark = row.findLastIndex((entry, index) => index < row.length - 1 && BREAK_AFTER.test(entry.text) && !BREAK_AFTER.test(row[index + 1]!.text));
      const at = lastSpace > row.length * 0.4 ? lastSpace : lastMark > row.length * 0.4 ? lastMark : -1;
      if (at >= 0 && !cell.space) {
        rows.push(row.slice(0, at + 1));
        row = row.slice(at + 1);
      } else {
        rows.push(row);
        row = [];
      }
      used = row.reduce((sum, entry) => sum + entry.width, 0);
    }
    row.push(cell);
    used += cell.width;
  }
  rows.push(row);
  return rows;
}

/**
 * A row's cells as groups drawn in one go, in the order typed: cells of one face at one level together,
 * except at a right-to-left level, where each word, space and mark is a group of its own, so that the
 * groups can be turned round (see placeGroups) and each word still set whole (its letters joined).
 */
function groupCells(cells: Cell[]): Group[] {
  const groups: Group[] = [];
  let previous: Cell | undefined;
  for (const cell of cells) {
    const last = groups[groups.length - 1];
    const rightToLeft = cell.level % 2 === 1;
    const joins = last && previous!.face === cell.face && previous!.level === cell.level && (!rightToLeft || (isRightToLeftCharacter(previous!) && isRightToLeftCharacter(cell)));
    if (joins) {
      last.text += cell.text;
      last.width += cell.width;
    } else {
      const group: Group = { face: cell.face, text: cell.text, width: cell.width, level: cell.level };
      if (rightToLeft) group.rightToLeft = true;
      groups.push(group);
    }
    previous = cell;
  }
  for (const group of groups) if (!group.rightToLeft && RIGHT_TO_LEFT_CHARACTER.test(group.text)) group.leftToRight = true;
  return groups;
}

/** Each group with its x, from `left`, where its level puts it (L2); in the order typed. */
function placeGroups(groups: Group[], left: number): (Group & { x: number })[] {
  const placed = groups.map((group) => ({ ...group, x: 0 }));
  let x = left;
  for (const index of reorder(groups.map((group) => group.level))) {
    placed[index]!.x = x;
    x += groups[index]!.width;
  }
  return placed;
}

function isRightToLeftCharacter(cell: Cell): boolean {
  return RIGHT_TO_LEFT_CHARACTER.test(cell.text);
}

/**
 * Gives the cells of each right-to-left word (letters of one face) the width of the word with its letters
 * joined, shared out in proportion: as a code editor shows it, and as wide as it is drawn, so rows wrap
 * where the drawn text reaches the measure.
 */
function joinRightToLeftWords(cells: Cell[], measure: (face: Face, text: string) => number): void {
  for (let start = 0; start < cells.length; ) {
    const first = cells[start]!;
    if (first.level % 2 === 0 || !isRightToLeftCharacter(first)) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < cells.length && cells[end]!.face === first.face && cells[end]!.level === first.level && isRightToLeftCharacter(cells[end]!)) end++;
    const word = cells.slice(start, end);
    const apart = word.reduce((sum, cell) => sum + cell.width, 0);
    const joined = measure(first.face, word.map((cell) => cell.text).join(''));
    if (apart > 0) for (const cell of word) cell.width *= joined / apart;
    start = end;
  }
}
