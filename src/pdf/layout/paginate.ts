import { fillColumn, type PageOptions } from './column.js';
import { Flow, type Cursor } from './flow.js';
import { bandFrame, columnFrame, type FilledFrame, type Frame, type PageGeometry } from './frames.js';
import { justifyPages } from './justify.js';
import { buildPage, type PageRequest, type PageResult } from './page.js';
import type { Block, GalleyItem, ParagraphSource } from './types.js';

export type { FilledFrame, Frame, Placed } from './frames.js';
export type { PageOptions } from './column.js';

export interface BodyLayout {
  geometry: PageGeometry;
  options: PageOptions;
  /** The page the body starts on, and how far below the top margin (under the title block). */
  firstPage: number;
  firstOffset: number;
  /**
   * The column of its first page the body starts in, `firstOffset` below its top (under a title block
   * set in that column), running on at the top of the columns after it (see PageRequest.column);
   * undefined: in every column, under a title block across them.
   */
  firstColumn?: number;
}

interface PageRecord {
  request: PageRequest;
  result: PageResult;
}

/** A last page filled less than this share of the body is pulled back onto the page before, or given more. */
const RUNT = 0.07;
/** The page before the last gives the last page at most this share of its body. */
const MOST_CARRIED = 0.1;
/** Paragraphs tried beyond the lines to save, when pulling a last page back. */
const SPARE_PARAGRAPHS = 3;

const START: Cursor = { index: 0, carried: [], pending: [] };

/**
 * A title block (an edition's title page and contents too), every element where it stands: in full-width
 * frames, one a page from `firstPage` on; or, from column `firstColumn` of that page on, in one column after
 * another (an edition's article beginning in a column). `firstFoot` points at the foot of the first page are kept
 * free (for an edition's colophon).
 */
export function paginateTitle(galley: GalleyItem[], geometry: PageGeometry, options: PageOptions, firstPage = 0, firstColumn?: number, firstFoot = 0): FilledFrame[] {
  const flow = new Flow(galley);
  const frames: FilledFrame[] = [];
  let cursor = START;
  for (let slot = 0; !finished(flow, cursor); slot++) {
    const bottom = geometry.textHeight - (slot === 0 ? firstFoot : 0);
    const frame = firstColumn === undefined ? bandFrame(geometry, firstPage + slot, 0, bottom) : columnSlot(geometry, firstPage, firstColumn + slot);
    const page = frame.page;
    const result = fillColumn({ flow, cursor, height: frame.height, fullHeight: frame.height, page, options: { ...options, columns: 1 }, inline: true });
    frames.push({ frame, placed: result.placed, notes: result.notes, used: result.used, footTop: result.footTop });
    cursor = result.cursor;
  }
  return frames;
}

/**
 * The body's pages: built one after another (see buildPage); then, when the last page would hold only a
 * line or two, paragraphs before it are set a line shorter to pull it back (TeX's looseness), or the page
 * before it ends a little higher to give it more; last, columns are justified to their foot (see justifyPages).
 */
export function paginateBody(galley: GalleyItem[], layout: BodyLayout): FilledFrame[] {
  const flow = new Flow(galley);
  let records = buildFrom(flow, layout, [], 0);
  if (isRunt(records, layout)) records = pullBack(flow, layout, records) ?? carryOver(flow, layout, records) ?? records;
  const pages = justifyPages(
    records.map((record) => record.result.frames),
    layout.geometry,
    layout.options.leading,
  );
  return pages.flat();
}

/** The `index`th column counted from the first of page `firstPage`, running on over the pages after it. */
function columnSlot(geometry: PageGeometry, firstPage: number, index: number): Frame {
  return columnFrame(geometry, firstPage + Math.floor(index / geometry.columns), index % geometry.columns, 0, geometry.textHeight);
}

function finished(flow: Flow, cursor: Cursor): boolean {
  return cursor.index >= flow.length && !cursor.rest && cursor.carried.length === 0 && cursor.pending.length === 0;
}

/** Builds the pages from record `from` on (keeping those before it), page `shortened` ending `shorten` points higher. */
function buildFrom(flow: Flow, layout: BodyLayout, records: readonly PageRecord[], from: number, shortened?: { page: number; shorten: number }): PageRecord[] {
  const built = records.slice(0, from);
  let cursor = from === 0 ? START : records[from]!.request.cursor;
  let page = layout.firstPage + from;
  let stalled = 0;
  while (!finished(flow, cursor)) {
    const request: PageRequest = { flow, cursor, page, geometry: layout.geometry, options: layout.options, offset: page === layout.firstPage ? layout.firstOffset : 0 };
    if (page === layout.firstPage && layout.firstColumn !== undefined) request.column = layout.firstColumn;
    if (shortened?.page === page) request.shorten = shortened.shorten;
    let result = buildPage(request);
    // The text ends here, leaving floats cited on this page no room: they go on top of it instead, the text after them.
    const early =
      result.cursor.index >= flow.length
        ? result.cursor.pending.filter((pending) => pending.page === page && !pending.rest && flow.unitAt(pending.start) === pending.unit && pending.start >= request.cursor.index)
        : [];
    if (early.length > 0) {
      // On top of the page, those that fit (the others wait, and the text skips them where they are cited)...
      const onTop = buildPage({ ...request, early });
      if (white(onTop, request) < white(result, request)) result = onTop;
      // ... or where they are cited, going on over the next page.
      const inPlace = buildPage({ ...request, inPlace: new Set(early.map((pending) => pending.start)) });
      if (white(inPlace, request) < white(result, request)) result = inPlace;
    }
    stalled = result.frames.some((filled) => filled.placed.length > 0 || filled.notes.length > 0) ? 0 : stalled + 1;
    if (stalled > 1 || page - layout.firstPage > 4 * flow.length + 50) throw new Error(`the page builder makes no progress at galley item ${cursor.index} (page ${page + 1})`);
    built.push({ request, result });
    cursor = result.cursor;
    page++;
  }
  return built;
}

/**
 * The white at the foot of a page's emptiest column, a band across the columns counting in each (for comparing
 * two ways to build it); columns before the one the page's body begins in are not its own.
 */
function white(result: PageResult, request: PageRequest): number {
  const { geometry } = request;
  const bottoms = new Array<number>(geometry.columns - (request.column ?? 0)).fill(0);
  for (const filled of result.frames) {
    const bottom = filled.frame.y - geometry.top + (filled.notes.length > 0 ? filled.frame.height : filled.used);
    const across = filled.frame.width >= geometry.textWidth - 0.01;
    bottoms.forEach((value, at) => {
      if (across || filled.frame.column === at + (request.column ?? 0)) bottoms[at] = Math.max(value, bottom);
    });
  }
  return geometry.textHeight - Math.min(...bottoms);
}

/**
 * Whether the last page holds too little: measured by what is on it, its notes' lines too (footnote lines
 * carried over sit at the foot of a page otherwise empty).
 */
function isRunt(records: readonly PageRecord[], layout: BodyLayout): boolean {
  const last = records[records.length - 1];
  if (!last || records.length < 2) return false;
  const held = Math.max(0, ...last.result.frames.map((filled) => filled.used + filled.notes.reduce((sum, note) => sum + note.block.height, 0)));
  return held < RUNT * layout.geometry.textHeight;
}

/**
 * Pulls a short last page back onto the pages before it: paragraphs there are set one line shorter
 * (looseness −1), those whose last line is shortest first, as many as the last page has lines and a
 * few more if that is not enough; undefined (and the galley as it was) when the last page stays.
 */
function pullBack(flow: Flow, layout: BodyLayout, records: PageRecord[]): PageRecord[] | undefined {
  const from = Math.max(0, records.length - 3);
  const lines = records[records.length - 1]!.result.frames.reduce((sum, filled) => sum + filled.placed.length + filled.notes.length, 0);
  const sources = paragraphsOn(records.slice(from));
  for (let count = lines; count <= Math.min(sources.length, lines + SPARE_PARAGRAPHS); count++) {
    const changes: { start: number; length: number; old: Block[] }[] = [];
    for (const source of sources.slice(0, count)) {
      const range = paragraphRange(flow, source.id, records[from]!.request.cursor.index);
      const tighter = range ? source.tighter?.() : undefined;
      if (!range || !tighter) continue;
      const old = flow.items.slice(range.start, range.end) as Block[];
      if (old[old.length - 1]!.keepWithNext === true) tighter[tighter.length - 1]!.keepWithNext = true;
      flow.replace(range.start, range.end, tighter);
      changes.push({ start: range.start, length: tighter.length, old });
    }
    if (changes.length >= lines) {
      // From the page the first paragraph set again begins on (it may begin before the pages looked at).
      const first = Math.min(...changes.map((change) => change.start));
      let page = from;
      while (page > 0 && records[page]!.request.cursor.index > first) page--;
      const rebuilt = buildFrom(flow, layout, records, page);
      if (rebuilt.length < records.length) return rebuilt;
    }
    for (const change of changes.reverse()) flow.replace(change.start, change.start + change.length, change.old);
  }
  return undefined;
}

/** Paragraphs of these pages that can be set a line shorter, those with the most white in their last line first. */
function paragraphsOn(records: readonly PageRecord[]): ParagraphSource[] {
  const found = new Map<ParagraphSource, number>();
  for (const record of records) {
    for (const filled of record.result.frames) {
      for (const { block } of filled.placed) {
        const info = block.paragraph;
        if (!info?.source?.tighter || info.line !== info.lines - 1 || !block.setting) continue;
        found.set(info.source, (block.setting.measure - block.setting.width) / block.setting.measure);
      }
    }
  }
  return [...found].sort((a, b) => b[1] - a[1] || a[0].id - b[0].id).map(([source]) => source);
}

/** Where paragraph `id` is in the galley: its first line at or after `from`, and back to where it begins. */
function paragraphRange(flow: Flow, id: number, from: number): { start: number; end: number } | undefined {
  const isOf = (index: number) => (flow.items[index] as Block | undefined)?.paragraph?.source?.id === id;
  let start = from;
  while (start < flow.length && !isOf(start)) start++;
  if (start >= flow.length) return undefined;
  while (start > 0 && isOf(start - 1)) start--;
  let end = start;
  while (end < flow.length && isOf(end)) end++;
  return { start, end };
}

/** Gives a short last page more: the page before it ends a line higher at a time, within MOST_CARRIED of its body. */
function carryOver(flow: Flow, layout: BodyLayout, records: PageRecord[]): PageRecord[] | undefined {
  const before = records[records.length - 2]!;
  const leading = layout.options.leading;
  for (let shorten = leading; shorten <= MOST_CARRIED * layout.geometry.textHeight; shorten += leading) {
    const rebuilt = buildFrom(flow, layout, records, records.length - 2, { page: before.request.page, shorten });
    if (rebuilt.length === records.length && !isRunt(rebuilt, layout)) return rebuilt;
  }
  return undefined;
}
