import { fillColumn, type ColumnRequest, type PageOptions, type Stop } from './column.js';
import { heightOf, type Cursor, type Flow, type Pending } from './flow.js';
import { bandFrame, columnFrame, type FilledFrame, type PageGeometry } from './frames.js';

export interface PageRequest {
  flow: Flow;
  cursor: Cursor;
  page: number;
  geometry: PageGeometry;
  options: PageOptions;
  /** Where the body starts, below the top margin (below the title block on the first page). */
  offset: number;
  /**
   * The body begins in this column (in reading order), `offset` below its top, and runs on at the top of the
   * columns after it; those before it hold the article before (an edition's article beginning in a column).
   * Nothing is set across the columns of such a page, nor are its columns balanced. Undefined: every column
   * begins `offset` below the top.
   */
  column?: number;
  /** Points taken off the foot of the page, to carry lines over to the last page. */
  shorten?: number;
  /** Floats cited further down this page, placed at its top (the text ends on this page and would leave them no room). */
  early?: readonly Pending[];
  /** Elements (by galley item) set where they are cited, split across columns and pages if need be, rather than floated. */
  inPlace?: ReadonlySet<number>;
}

export interface PageResult {
  frames: FilledFrame[];
  cursor: Cursor;
}

/** Columns of one height side by side, filled one after another. */
interface Section {
  frames: FilledFrame[];
  cursor: Cursor;
  stop: Stop;
}

/** A section lower than this many lines is not begun: the page is done. */
const MIN_SECTION_LINES = 3;
/** Precision of the balanced height, points. */
const BALANCE_PRECISION = 0.5;
/** Balanced columns more unequal than a line are tried this much higher, up to BALANCE_REACH lines. */
const BALANCE_STEP = 2;
const BALANCE_REACH = 6;
/** Balanced columns ending further apart than this share of the body try smaller floating pictures. */
const BALANCE_TOLERANCE = 0.06;

/**
 * Builds one page: elements set across the columns that wait from earlier pages go on top; then columns,
 * filled in turn. An element wider than a column met in the text spans them: at its point with the columns
 * above it balanced, else at the page's foot, else on top of the next page. The last page's columns end together.
 */
export function buildPage(request: PageRequest): PageResult {
  const { flow, geometry, options, page } = request;
  const columns = geometry.columns;
  const firstColumn = request.column ?? 0;
  const across = request.column === undefined;
  const gap = options.leading;
  const frames: FilledFrame[] = [];
  const bottom = geometry.textHeight - (request.shorten ?? 0);
  const early = new Set([...(request.cursor.ahead ?? []), ...(request.early ?? []).map((pending) => pending.start)]);
  let cursor: Cursor = request.early?.length ? { ...request.cursor, pending: [...request.cursor.pending, ...request.early] } : request.cursor;
  let top = request.offset;

  const section = (from: Cursor, sectionTop: number, sectionBottom: number, extra: Partial<ColumnRequest>): Section => {
    const filled: FilledFrame[] = [];
    let at = from;
    let stop: Stop = 'full';
    for (let column = firstColumn; column < columns; column++) {
      const frame = columnFrame(geometry, page, column, across || column === firstColumn ? sectionTop : 0, sectionBottom);
      const result = fillColumn({ flow, cursor: at, height: frame.height, fullHeight: geometry.textHeight, page, options, early, ...(request.inPlace ? { inPlace: request.inPlace } : {}), ...extra });
      filled.push({ frame, placed: result.placed, notes: result.notes, used: result.used, footTop: result.footTop });
      at = result.cursor;
      stop = result.stop;
      if (stop !== 'full') break;
    }
    return { frames: filled, cursor: at, stop };
  };

  /**
   * The section (from `sectionTop` down to at most `maxBottom`) that holds everything up to where it stops
   * with its columns ending most nearly together: the lowest that holds it all, or one a little higher
   * when a block kept together leaves its columns unequal.
   */
  const balanced = (from: Cursor, sectionTop: number, maxBottom: number, extra: Partial<ColumnRequest>): Section | undefined => {
    const reaches = (trial: Section) => trial.stop !== 'full' && trial.stop !== 'span' && trial.cursor.pending.length === 0 && trial.cursor.carried.length === 0;
    let lowest = section(from, sectionTop, maxBottom, extra);
    if (!reaches(lowest)) return undefined;
    let low = 0;
    let high = maxBottom - sectionTop;
    while (high - low > BALANCE_PRECISION) {
      const middle = (low + high) / 2;
      const trial = section(from, sectionTop, sectionTop + middle, extra);
      if (reaches(trial)) {
        high = middle;
        lowest = trial;
      } else {
        low = middle;
      }
    }
    let best = lowest;
    let spread = unevenness(lowest, columns);
    for (let height = high + BALANCE_STEP; height <= Math.min(maxBottom - sectionTop, high + BALANCE_REACH * gap) && spread > gap; height += BALANCE_STEP) {
      const trial = section(from, sectionTop, sectionTop + height, extra);
      const trialSpread = unevenness(trial, columns);
      if (reaches(trial) && trialSpread < spread - BALANCE_PRECISION) {
        best = trial;
        spread = trialSpread;
      }
    }
    return best;
  };

  /** A band across the columns holding a spanning element's blocks from `pending` (as many as fit in `room`). */
  const band = (pending: Pending, bandTop: number, room: number): { frame: FilledFrame; next: Pending | undefined; height: number } | undefined => {
    const start: Cursor = { index: pending.start, carried: [], pending: [] };
    if (pending.rest) start.rest = pending.rest;
    const frame = bandFrame(geometry, page, bandTop, bandTop + room);
    const result = fillColumn({ flow, cursor: start, height: room, fullHeight: geometry.textHeight, page, options, stopAt: pending.end, inline: true });
    const { index, rest } = result.cursor;
    // Nothing, or only what keeps with the rest (a table's header alone), is no band.
    const last = result.placed[result.placed.length - 1];
    if (!last || ((index < pending.end || rest) && last.block.keepWithNext === true)) return undefined;
    const next: Pending | undefined = index >= pending.end && !rest ? undefined : { unit: pending.unit, start: index, end: pending.end, page: pending.page, ...(rest ? { rest } : {}) };
    // Notes cited in the element sit at the foot of the room it was given.
    const height = result.notes.length > 0 ? room : result.used;
    return { frame: { frame: { ...frame, height }, placed: result.placed, notes: result.notes, used: result.used, footTop: result.footTop - room + height }, next, height };
  };

  // Elements set across the columns that wait from earlier pages: on top of this one, in order.
  while (columns > 1 && across && cursor.pending[0]?.unit.span) {
    const waiting = cursor.pending[0];
    const placed = band(waiting, top, bottom - top);
    if (!placed) break;
    frames.push(placed.frame);
    top += placed.height + gap;
    cursor = { ...cursor, pending: placed.next ? [placed.next, ...cursor.pending.slice(1)] : cursor.pending.slice(1) };
    if (placed.next) return finish(frames, cursor, early);
  }

  const spans = new Map<number, 'defer' | 'foot'>();
  const atFoot: { start: number; pending: Pending; height: number }[] = [];
  const footRoom = () => atFoot.reduce((sum, entry) => sum + entry.height + gap, 0);
  let sectionEnd = bottom;
  while (bottom - footRoom() - top >= MIN_SECTION_LINES * gap) {
    sectionEnd = bottom - footRoom();
    const filled = section(cursor, top, sectionEnd, { spans });
    if (filled.stop === 'span' && !across) {
      // The columns before this one are another article's: no band can cross them.
      spans.set(filled.cursor.index, 'defer');
      continue;
    }
    if (filled.stop === 'span') {
      const start = filled.cursor.index;
      const end = flow.unitEnd(start);
      const unit = flow.unitAt(start)!;
      const spanHeight = heightOf(flow.blocks(start, end));
      const pending: Pending = { unit, start, end, page };
      // Taller than a page: it is split, beginning where it stands.
      const mustSplit = spanHeight > geometry.textHeight - gap || request.inPlace?.has(start) === true;
      // A heading just before it goes across the columns with it, above it.
      let bandStart = start;
      while (bandStart > cursor.index && isHeadingOrSpace(flow, bandStart - 1)) bandStart--;
      while (bandStart < start && flow.items[bandStart]!.kind === 'space') bandStart++;
      const headingHeight = heightOf(flow.items.slice(bandStart, start).filter((item) => item.kind === 'block'));
      const above = balanced(cursor, top, mustSplit ? sectionEnd - MIN_SECTION_LINES * gap : sectionEnd - spanHeight - headingHeight - gap, { spans, stopAt: bandStart });
      if (above && above.frames.every((frame) => frame.notes.length === 0)) {
        const aboveBottom = Math.max(top, ...above.frames.map((frame) => frame.frame.y - geometry.top + frame.used));
        const bandTop = aboveBottom > top ? aboveBottom + gap : top;
        const placed = band({ ...pending, start: bandStart }, bandTop, sectionEnd - bandTop);
        if (placed) {
          frames.push(...above.frames, placed.frame);
          cursor = { ...above.cursor, index: flow.skipSpaces(end) };
          if (placed.next) {
            cursor = { ...cursor, pending: [placed.next, ...cursor.pending] };
            break;
          }
          top = bandTop + placed.height + gap;
          continue;
        }
      }
      // Not at its point: at this page's foot when there is room for it and some text, else on top of a later page.
      if (!spans.has(start) && !mustSplit && spanHeight + gap <= sectionEnd - top - MIN_SECTION_LINES * gap) {
        spans.set(start, 'foot');
        atFoot.push({ start, pending, height: spanHeight });
      } else {
        spans.set(start, 'defer');
      }
      continue;
    }
    // An element sent to the foot whose point did not make it onto this page waits for a later page instead.
    const missed = atFoot.filter((entry) => entry.start >= filled.cursor.index);
    if (missed.length > 0) {
      for (const entry of missed) {
        spans.set(entry.start, 'defer');
        atFoot.splice(atFoot.indexOf(entry), 1);
      }
      continue;
    }
    let final = filled;
    if (filled.stop === 'end' && options.balance && columns > 1 && across) {
      final = balanced(cursor, top, sectionEnd, { spans }) ?? filled;
      // A picture the columns cannot share out evenly may be made smaller, within the template's least scale.
      for (const floatScale of [(1 + options.minScale) / 2, options.minScale]) {
        if (unevenness(final, columns) <= BALANCE_TOLERANCE * geometry.textHeight || floatScale >= 1) break;
        const smaller = balanced(cursor, top, sectionEnd, { spans, floatScale });
        if (smaller && unevenness(smaller, columns) < unevenness(final, columns) - gap) final = smaller;
      }
    }
    frames.push(...final.frames);
    cursor = final.cursor;
    if (final !== filled) sectionEnd = Math.max(top, ...final.frames.map((frame) => frame.frame.y - geometry.top + frame.used));
    break;
  }
  // Elements at the foot, in the order of the text, below the columns.
  let footTop = Math.min(sectionEnd, bottom - footRoom()) + gap;
  for (const entry of atFoot) {
    const placed = band(entry.pending, footTop, entry.height);
    if (placed) frames.push(placed.frame);
    footTop += entry.height + gap;
  }
  return finish(frames, cursor, early);
}

/** The page's result, the floats placed ahead of where the text reaches remembered in its cursor. */
function finish(frames: FilledFrame[], cursor: Cursor, early: ReadonlySet<number>): PageResult {
  const ahead = [...early].filter((start) => start >= cursor.index);
  const { ahead: _old, ...rest } = cursor;
  return { frames, cursor: ahead.length > 0 ? { ...rest, ahead } : rest };
}

function isHeadingOrSpace(flow: Flow, index: number): boolean {
  const item = flow.items[index]!;
  return item.kind === 'space' || (item.role === 'heading' && !item.unit);
}

/** How far apart a section's columns end (a column left empty counts as ending at its top). */
function unevenness(section: { frames: FilledFrame[] }, columns: number): number {
  const bottoms = section.frames.map((filled) => (filled.notes.length > 0 ? filled.frame.height : filled.used));
  while (bottoms.length < columns) bottoms.push(0);
  return Math.max(...bottoms) - Math.min(...bottoms);
}
