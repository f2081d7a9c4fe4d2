import { describe, expect, it } from 'vitest';
import type { PageOptions } from '../src/pdf/layout/column.js';
import type { FilledFrame, PageGeometry } from '../src/pdf/layout/frames.js';
import { paginateBody } from '../src/pdf/layout/paginate.js';
import type { Block, GalleyItem, Note, StructNode, Unit } from '../src/pdf/layout/types.js';

/*
 * The page builder on galleys made by hand: lines of a known height, figures, tables and notes, so that
 * each rule can be checked exactly (floats, spanning, balancing, breaks, notes, short last pages).
 */

const LINE = 10;
const struct: StructNode = { id: 1, type: 'P', parent: undefined };

function geometry(columns: 1 | 2, textHeight = 200): PageGeometry {
  const textWidth = 400;
  const gutter = 20;
  return { width: 500, height: textHeight + 100, left: 50, top: 50, textWidth, textHeight, columns, gutter, columnWidth: columns === 2 ? (textWidth - gutter) / 2 : textWidth, rightToLeft: false };
}

function options(columns: 1 | 2, more: Partial<PageOptions> = {}): PageOptions {
  return { floats: new Set(['figure', 'table']), minScale: 0.8, balance: true, leading: LINE, notes: { gap: 2, between: 1 }, columns, ...more };
}

let paragraphs = 0;

/** A paragraph of `count` lines, with the usual keeps (no orphan, no widow). */
function paragraph(count: number, label = 'text'): Block[] {
  const id = ++paragraphs;
  return Array.from({ length: count }, (_, line) => {
    const block: Block = { kind: 'block', height: LINE, role: 'line', ops: [{ kind: 'text', x: 0, y: 8, text: `${label} ${id}.${line}`, face: undefined as never, size: 10, color: '#000000', width: 10, struct }], paragraph: { id, line, lines: count } };
    if (count > 1 && (line === 0 || line === count - 2)) block.keepWithNext = true;
    return block;
  });
}

function heading(text: string): Block {
  return { kind: 'block', height: LINE * 1.5, role: 'heading', keepWithNext: true, ops: [{ kind: 'outline', title: text, level: 2, y: 0 }] };
}

/** A figure: a picture `height` points tall at the top of its block, a caption line under it. */
function figure(height: number, span = false, width = 150): Block {
  const unit: Unit = { kind: 'figure', span, struct: { id: 1000 + height, type: 'Figure', parent: undefined } };
  const image = { kind: 'image', x: 0, y: 0, width, height, image: undefined as never, alt: 'a picture', struct: unit.struct } as const;
  return { kind: 'block', height: height + LINE, role: 'figure', unit, ops: [image] };
}

function space(height = LINE / 2): GalleyItem {
  return { kind: 'space', height };
}

function text(block: Block): string {
  return block.ops.map((op) => (op.kind === 'text' ? op.text : op.kind === 'outline' ? op.title : op.kind === 'image' ? `[${op.height}]` : '')).join('');
}

/** Each page's frames, in drawing order, as what they hold. */
function pages(frames: FilledFrame[]): string[][][] {
  const byPage: string[][][] = [];
  for (const filled of frames) (byPage[filled.frame.page] ??= []).push(filled.placed.map((entry) => text(entry.block)));
  return byPage;
}

function lowest(filled: FilledFrame): number {
  return filled.notes.length > 0 ? filled.frame.height : filled.used;
}

describe('floats', () => {
  it('sends a picture that does not fit on to the top of the next page, the text going on filling this one', () => {
    const galley: GalleyItem[] = [...paragraph(15), space(), figure(120), space(), ...paragraph(20), ...paragraph(6)];
    const frames = paginateBody(galley, { geometry: geometry(1), options: options(1, { minScale: 1 }), firstPage: 0, firstOffset: 0 });
    const [first, second] = pages(frames);
    // Page 1: the first paragraph and then the text after the picture, filling the page.
    expect(first![0]!.some((entry) => entry.startsWith('[120]'))).toBe(false);
    expect(lowest(frames[0]!)).toBeGreaterThan(200 - LINE * 2);
    expect(first![0]!.filter((entry) => entry.startsWith('text 2.')).length).toBeGreaterThan(0);
    // Page 2: the picture on top.
    expect(second![0]![0]).toBe('[120]');
  });

  it('shrinks a picture within the least scale to keep it where it is cited, and not below', () => {
    // 9 lines and a picture of 110 with its caption line: 210 on a page of 200.
    const fits = paginateBody([...paragraph(9), figure(110), ...paragraph(30)], { geometry: geometry(1), options: options(1, { minScale: 0.8 }), firstPage: 0, firstOffset: 0 });
    const shrunk = fits.find((filled) => filled.frame.page === 0)!.placed.find((entry) => entry.block.role === 'figure');
    expect(shrunk, 'the picture stays on page 1, smaller').toBeDefined();
    const image = shrunk!.block.ops.find((op) => op.kind === 'image')!;
    expect(image.kind === 'image' && image.height).toBeGreaterThanOrEqual(110 * 0.8 - 0.01);
    expect(image.kind === 'image' && image.height).toBeLessThan(110);
    const tooSmall = paginateBody([...paragraph(9), figure(110), ...paragraph(30)], { geometry: geometry(1), options: options(1, { minScale: 0.95 }), firstPage: 0, firstOffset: 0 });
    expect(tooSmall.find((filled) => filled.frame.page === 0)!.placed.some((entry) => entry.block.role === 'figure')).toBe(false);
  });

  it('keeps floats in their order and within a page of where they are cited', () => {
    const galley: GalleyItem[] = [...paragraph(12), figure(110), ...paragraph(2), figure(30), ...paragraph(40), ...paragraph(30)];
    const frames = paginateBody(galley, { geometry: geometry(1), options: options(1, { minScale: 1 }), firstPage: 0, firstOffset: 0 });
    const at = (height: number) => frames.find((filled) => filled.placed.some((entry) => text(entry.block) === `[${height}]`))!.frame.page;
    expect(at(110)).toBe(1);
    // The small picture would fit on page 1 where it is cited, but it may not pass the one before it.
    expect(at(30)).toBe(1);
    const second = frames.find((filled) => filled.frame.page === 1)!.placed.map((entry) => text(entry.block));
    expect(second.indexOf('[30]')).toBeGreaterThan(second.indexOf('[110]'));
  });

  it('sets a float too tall for any page where it stands, splitting a table with its header again', () => {
    const unit: Unit = { kind: 'table', span: false, struct: { id: 2000, type: 'Table', parent: undefined } };
    const header: Block = { kind: 'block', height: LINE, role: 'header-row', keepWithNext: true, unit, ops: [{ kind: 'text', x: 0, y: 8, text: 'header', face: undefined as never, size: 10, color: '#000', width: 10, struct }] };
    const copy: Block = { ...header, ops: [{ kind: 'text', x: 0, y: 8, text: 'header again', face: undefined as never, size: 10, color: '#000', width: 10 }] };
    const rows = Array.from({ length: 30 }, (_, index): Block => ({ kind: 'block', height: LINE, role: 'row', unit, repeatHeader: copy, ops: [{ kind: 'text', x: 0, y: 8, text: `row ${index}`, face: undefined as never, size: 10, color: '#000', width: 10, struct }] }));
    const frames = paginateBody([...paragraph(5), header, ...rows, ...paragraph(5)], { geometry: geometry(1), options: options(1), firstPage: 0, firstOffset: 0 });
    const [first, second] = pages(frames);
    expect(first![0]).toContain('row 0');
    expect(second![0]![0]).toBe('header again');
  });
});

describe('breaks', () => {
  it('keeps a heading with two lines of what follows, and never pushes more than that over', () => {
    const frames = paginateBody([...paragraph(17), heading('Section'), ...paragraph(8)], { geometry: geometry(1), options: options(1), firstPage: 0, firstOffset: 0 });
    const [first, second] = pages(frames);
    expect(first![0]!.at(-1)).not.toBe('Section');
    expect(second![0]![0]).toBe('Section');
    expect(second![0]!.length).toBeGreaterThanOrEqual(3);
    // What moved over is the heading and the lines it keeps with: the page is otherwise full.
    expect(200 - lowest(frames[0]!)).toBeLessThanOrEqual(LINE * 1.5 + LINE * 2 + 0.01);
  });

  it('splits a paragraph with at least two lines on each side', () => {
    for (let before = 10; before <= 20; before++) {
      const frames = paginateBody([...paragraph(before), ...paragraph(6)], { geometry: geometry(1), options: options(1), firstPage: 0, firstOffset: 0 });
      const counts = new Map<number, Map<number, number>>();
      for (const filled of frames) {
        for (const { block } of filled.placed) {
          if (!block.paragraph) continue;
          const byPage = counts.get(block.paragraph.id) ?? new Map<number, number>();
          byPage.set(filled.frame.page, (byPage.get(filled.frame.page) ?? 0) + 1);
          counts.set(block.paragraph.id, byPage);
        }
      }
      for (const byPage of counts.values()) for (const count of byPage.values()) if (byPage.size > 1) expect(count).toBeGreaterThanOrEqual(2);
    }
  });

  it('continues a footnote with at least two lines, leaving at least two behind', () => {
    const note: Note = { id: 'long', number: 1, blocks: Array.from({ length: 8 }, (_, line): Block => ({ kind: 'block', height: LINE, role: 'note', ops: [{ kind: 'text', x: 0, y: 8, text: `note line ${line}`, face: undefined as never, size: 8, color: '#000', width: 10, struct }] })) };
    for (let before = 8; before <= 16; before++) {
      const citing = paragraph(3);
      citing[1]!.notes = [note];
      const frames = paginateBody([...paragraph(before), ...citing, ...paragraph(30)], { geometry: geometry(1), options: options(1), firstPage: 0, firstOffset: 0 });
      const parts = frames.map((filled) => filled.notes.filter((entry) => note.blocks.includes(entry.block)).length).filter((count) => count > 0);
      expect(parts.reduce((a, b) => a + b, 0), `${before}: every line of the note is placed once`).toBe(8);
      for (const part of parts) expect(part, `${before}: a part of the note has a lone line`).toBeGreaterThanOrEqual(2);
      // The note begins on the page that cites it.
      const cited = frames.find((filled) => filled.placed.some((entry) => entry.block === citing[1]))!;
      expect(cited.notes.some((entry) => entry.block === note.blocks[0])).toBe(true);
    }
  });

  it('leaves no last page holding only a line or two of a footnote', () => {
    for (let count = 44; count <= 58; count++) {
      // The note is cited on the text's last line: what of it does not fit goes on alone to the next page.
      const note: Note = { id: 'end', number: 1, blocks: Array.from({ length: 10 }, (_, line): Block => ({ kind: 'block', height: LINE, role: 'note', ops: [{ kind: 'text', x: 0, y: 8, text: `note line ${line}`, face: undefined as never, size: 8, color: '#000', width: 10, struct }] })) };
      const text = paragraph(count);
      text[count - 1]!.notes = [note];
      const frames = paginateBody(text, { geometry: geometry(1, 600), options: options(1), firstPage: 0, firstOffset: 0 });
      const last = frames.filter((filled) => filled.frame.page === frames.at(-1)!.frame.page);
      const held = Math.max(...last.map((filled) => filled.used + filled.notes.reduce((sum, entry) => sum + entry.block.height, 0)));
      if (frames.at(-1)!.frame.page > 0) expect(held, `${count} lines`).toBeGreaterThanOrEqual(0.04 * 600);
      expect(frames.reduce((sum, filled) => sum + filled.notes.length, 0)).toBe(10);
    }
  });

  it('pulls a last page of a line or two back by setting paragraphs before it a line shorter', () => {
    let tightened = 0;
    const loose = (count: number): Block[] => {
      const blocks = paragraph(count);
      const source = { id: blocks[0]!.paragraph!.id, tighter: () => (tightened++, paragraph(count - 1)) };
      for (const block of blocks) block.paragraph!.source = source;
      // The last line is short: this paragraph can lose a line.
      blocks.at(-1)!.setting = { measure: 100, width: 20, ratio: 0, justified: false, spaceRatio: 1, tracking: 0 };
      return blocks;
    };
    const galley: GalleyItem[] = [...loose(10), ...loose(10), ...loose(10), ...loose(10), ...loose(2)];
    const frames = paginateBody(galley, { geometry: geometry(1, 400), options: options(1), firstPage: 0, firstOffset: 0 });
    // 42 lines on a page of 40: without looseness two would stand alone on page 2.
    expect(tightened).toBeGreaterThan(0);
    expect(new Set(frames.map((filled) => filled.frame.page)).size).toBe(1);
  });

  it('gives a last page of a line or two more lines from the page before when no paragraph can be set shorter', () => {
    const frames = paginateBody([...paragraph(21), ...paragraph(21)], { geometry: geometry(1, 400), options: options(1), firstPage: 0, firstOffset: 0 });
    const last = frames.filter((filled) => filled.frame.page === 1);
    expect(last.reduce((sum, filled) => sum + filled.placed.length, 0)).toBeGreaterThanOrEqual(3);
    expect(400 - lowest(frames[0]!)).toBeLessThanOrEqual(0.1 * 400 + 0.01);
  });
});

describe('columns', () => {
  it('balances the columns of the last page', () => {
    const frames = paginateBody([...paragraph(9), ...paragraph(9), ...paragraph(7)], { geometry: geometry(2), options: options(2), firstPage: 0, firstOffset: 0 });
    expect(frames.map((filled) => filled.frame.column)).toEqual([0, 1]);
    expect(Math.abs(lowest(frames[0]!) - lowest(frames[1]!))).toBeLessThanOrEqual(2 * LINE);
    expect(lowest(frames[0]!)).toBeLessThan(200);
  });

  it('sets an element wider than a column across both, at its point, the columns above it balanced', () => {
    const frames = paginateBody([...paragraph(6), ...paragraph(6), figure(60, true, 400), ...paragraph(10), ...paragraph(10)], { geometry: geometry(2, 300), options: options(2), firstPage: 0, firstOffset: 0 });
    const band = frames.find((filled) => filled.frame.width === 400)!;
    expect(text(band.placed[0]!.block)).toBe('[60]');
    const above = frames.filter((filled) => filled.frame.width < 400 && filled.frame.y < band.frame.y);
    expect(above.map((filled) => filled.frame.column)).toEqual([0, 1]);
    expect(Math.abs(lowest(above[0]!) - lowest(above[1]!))).toBeLessThanOrEqual(LINE);
    for (const filled of above) expect(filled.frame.y + lowest(filled)).toBeLessThanOrEqual(band.frame.y);
    // The text after it goes on below it, in columns again.
    expect(frames.some((filled) => filled.frame.width < 400 && filled.frame.y > band.frame.y)).toBe(true);
  });

  it('sends an element wider than a column to the top of the next page when it fits neither at its point nor at the foot', () => {
    const frames = paginateBody([...paragraph(35), figure(150, true, 400), ...paragraph(30), ...paragraph(20)], { geometry: geometry(2), options: options(2), firstPage: 0, firstOffset: 0 });
    const band = frames.find((filled) => filled.frame.width === 400)!;
    expect(band.frame.page).toBe(1);
    expect(band.frame.y).toBe(50);
    // Page 1's columns are full of text meanwhile.
    for (const filled of frames.filter((candidate) => candidate.frame.page === 0)) expect(lowest(filled)).toBeGreaterThan(200 - 2 * LINE);
  });
});
