import type { Face, FontBook } from '../fonts/book.js';
import { settleClusters } from '../fonts/segment.js';
import { BIDI_CONTROLS, mayNeedBidi, paragraphLevels, type Direction } from './bidi.js';
import { appendText, bidiUnits, placeInTextOrder, placeInVisualOrder, type Element } from './place.js';
import type { Hyphenator } from './hyphenate.js';
import { breakLines, FIL, type KPBreak, type KPItem } from './knuth-plass.js';
import { punctuationRules, type PunctuationRules } from './punctuation.js';
import type { Fragment, InlineImage, InlineStyle, Inline, Line, PlacedImage, TextRun } from './types.js';

/** `start` is the paragraph's own side (left, or right in a right-to-left paragraph); `left` and `right` are fixed sides. */
export type Align = 'justify' | 'start' | 'left' | 'center' | 'right';

export interface ComposeOptions {
  /** The measure, points. */
  width: number;
  /** Indent of the first line, points. */
  firstIndent?: number;
  align: Align;
  book: FontBook;
  hyphenator?: Hyphenator;
  /**
   * Which way the paragraph runs: as an element's `dir` says, right to left in an article whose language
   * is written so, else (`auto`, the default) as its first strong letter says.
   */
  direction?: Direction;
  /** Told once for every grapheme cluster no face can draw. */
  onMissingGlyph?: (run: TextRun, offset: number, cluster: string) => void;
  /** The text's language (BCP 47): which quotation marks open and which close. English marks when absent. */
  lang?: string;
  /** Words shorter than this many letters are not hyphenated (table cells: 8); default 5. */
  minHyphenLength?: number;
}

/** Word spaces never stretch beyond this many times their natural width. */
export const MAX_SPACE_RATIO = 2;
/**
 * Letter-spacing a justified line may take, in ems, once its word spaces are at MAX_SPACE_RATIO. A line
 * that both cannot fill (a long word that cannot break comes next) is left that much short of the measure.
 */
export const MAX_TRACKING = 0.04;
// Knuth–Plass passes (TeX's order): without hyphenation at a strict tolerance; with hyphenation at the
// space cap; an emergency-stretch pass that may also letter-space lines, within both caps; and a last
// pass that accepts any line that is not overfull (breaking words wider than the measure anywhere).
const FIRST_PASS_TOLERANCE = 1;
const SECOND_PASS_TOLERANCE = 2;
const EMERGENCY_TOLERANCE = 1;
const SPACE_STRETCH = 0.5;
const SPACE_SHRINK = 1 / 3;
const RAGGED_STRETCH = 6;
// Penalties for breaks inside words, in TeX's units: at a hyphenation point or after an explicit
// hyphen (\hyphenpenalty, \exhyphenpenalty), inside a URL, and anywhere at all (the last resort).
const HYPHEN_PENALTY = 50;
const EXPLICIT_PENALTY = 50;
const URL_PENALTY = 80;
const EMERGENCY_PENALTY = 500;
/** A break next to punctuation that should hold (before », after «), taken only in the last pass when nothing else fits. */
const BOUND_PENALTY = 2000;
/** In the emergency passes, a piece of a URL or code wider than this share of the measure may break anywhere (no hyphen). */
const LONG_TOKEN_SHARE = 0.5;
const DEFAULT_MIN_HYPHEN_LENGTH = 5;

export function faceFor(book: FontBook, style: InlineStyle): Face {
  return book.face(style.role, style.bold, style.italic);
}

/** One grapheme cluster of a word, with the face chosen to draw it and its bidirectional level (0 in a paragraph without right-to-left text). */
interface Cell {
  run: TextRun;
  source: string;
  offset: number;
  face: Face;
  text: string;
  level: number;
}

/** Consecutive cells of a word drawn with the same run and face, their text joined. */
interface CellGroup {
  run: TextRun;
  face: Face;
  text: string;
}

type Opportunity = 'hyphen' | 'explicit' | 'url' | 'emergency';

interface Word {
  /** The word as typed (soft hyphens dropped). */
  text: string;
  cells: Cell[];
  /** Break opportunities by cell index (a break goes before that cell). */
  breaks: ReadonlyMap<number, Opportunity>;
  letters: boolean;
  /** The whole word's cells grouped (see groupCells), once: every pass measures them and the line sets them. */
  groups: readonly CellGroup[];
}

/** A space is `bound` when no line may break at it (it comes before closing punctuation or after opening punctuation). */
type Token = { kind: 'word'; word: Word } | { kind: 'space'; run: TextRun; bound?: boolean; level: number } | { kind: 'hard' } | { kind: 'image'; image: InlineImage; level: number };

/** A chunk is cells `from` to `to` of a word's `cells`, drawn as `groups`. */
type Meta =
  | { kind: 'indent' }
  | { kind: 'chunk'; groups: readonly CellGroup[]; cells: readonly Cell[]; from: number; to: number }
  | { kind: 'image'; image: InlineImage; level: number }
  | { kind: 'space'; run: TextRun; face: Face; width: number; level: number }
  | { kind: 'hyphen'; run: TextRun; face: Face }
  | { kind: 'break' }
  | { kind: 'rag' }
  | { kind: 'end' };

const WHITESPACE = /[ \t\n\r\f]+/g;
// A word of letters, perhaps with apostrophes or hyphens inside (Ukraine’s, o'clock, open-door).
const LETTERS = /^[\p{L}\p{M}]+(?:['\u2019\u02BC\-\u2010][\p{L}\p{M}]+)*$/u;
const LETTER = /^\p{L}\p{M}*$/u;
const DASHES = new Set(['-', '\u2010', '\u2013', '\u2014']);
const URL_START = /^(https?:\/\/|ftp:\/\/|www\.|mailto:)/i;
// A path: starting at a root, a home or the current folder, or with two slashes in it.
const PATH = /^(~|\.{1,2})?\/[^/]|\/[^/]+\//;
/** Where a URL or a path may break: after these, without a hyphen. */
const URL_BREAK_AFTER = new Set(['/', '.', '-', '?', '&', '=', '_', '~', '#']);

/** Sets a paragraph: styled runs in, lines of positioned fragments out. */
export function composeParagraph(inlines: readonly Inline[], options: ComposeOptions): Line[] {
  const lines = compose(inlines, options, 0, undefined);
  if (!lines) throw new Error('line breaking found no solution even in its emergency pass');
  return lines;
}

/**
 * The paragraph set in `lines - 1` lines (TeX's \looseness −1), within the passes' tolerances; undefined
 * when it cannot be set shorter. The page builder uses it to pull a short last page back.
 */
export function composeTighter(inlines: readonly Inline[], options: ComposeOptions, lines: number): Line[] | undefined {
  return lines > 1 ? compose(inlines, options, -1, lines - 1) : undefined;
}

/** Runs the passes in turn; with a looseness, only a result of `wanted` lines is taken. */
function compose(inlines: readonly Inline[], options: ComposeOptions, looseness: number, wanted: number | undefined): Line[] | undefined {
  const bidi = paragraphBidi(inlines, options.direction ?? 'auto');
  const tokens = tokenize(inlines, options, bidi);
  if (!tokens.some((token) => token.kind === 'word' || token.kind === 'image')) return looseness === 0 ? [] : undefined;
  const measure = Math.max(1, options.width);
  const lineWidth = () => measure;
  const justify = options.align === 'justify';
  // Hyphenated words, and words wider than the measure broken anywhere, are made only for the passes that need them.
  let hyphenatedTokens: Token[] | undefined;
  const hyphenated = () =>
    (hyphenatedTokens ??= options.hyphenator
      ? tokens.map((token) => (token.kind === 'word' ? hyphenateWord(token.word, options.hyphenator!, options.minHyphenLength ?? DEFAULT_MIN_HYPHEN_LENGTH) : token))
      : tokens);
  const limit = measure - (options.firstIndent ?? 0);
  const rules = punctuationRules(options.lang ?? 'en');
  let emergencyTokens: Token[] | undefined;
  const emergency = () =>
    (emergencyTokens ??= hyphenated().map((token) =>
      token.kind === 'word' ? { kind: 'word', word: emergencyBreaks(token.word, token.word.letters ? limit : limit * LONG_TOKEN_SHARE, options.book, rules) } : token,
    ));
  const passes: { tokens: () => Token[]; tolerance: number; track: boolean; lastResort?: boolean }[] = [
    { tokens: () => tokens, tolerance: FIRST_PASS_TOLERANCE, track: false },
    { tokens: hyphenated, tolerance: SECOND_PASS_TOLERANCE, track: false },
  ];
  if (justify) passes.push({ tokens: emergency, tolerance: EMERGENCY_TOLERANCE, track: true });
  passes.push({ tokens: emergency, tolerance: Infinity, track: justify, lastResort: true });
  for (const pass of passes) {
    const { items, meta } = toItems(pass.tokens(), options, pass.track, pass.lastResort === true);
    const breaks = breakLines(items, lineWidth, { tolerance: pass.tolerance, looseness });
    if (breaks && (wanted === undefined || breaks.length === wanted)) return toLines(items, meta, breaks, measure, options, bidi);
  }
  return undefined;
}

function tokenize(inlines: readonly Inline[], options: ComposeOptions, bidi: ParagraphBidi | undefined): Token[] {
  const tokens: Token[] = [];
  const rules = punctuationRules(options.lang ?? 'en');
  let cells: Cell[] = [];
  const flush = () => {
    if (cells.length > 0) {
      const word = makeWord(cells, rules);
      // No break before closing punctuation standing after a space (« Bonjour »), nor after opening punctuation.
      const space = tokens[tokens.length - 1];
      if (space?.kind === 'space' && rules.startsClosing(word.text)) space.bound = true;
      tokens.push({ kind: 'word', word });
    }
    cells = [];
  };
  const pushSpace = (run: TextRun, level: number) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'image') tokens.push({ kind: 'space', run, level });
    else if (last?.kind === 'word') tokens.push(rules.endsOpening(last.word.text) ? { kind: 'space', run, bound: true, level } : { kind: 'space', run, level });
  };
  for (const inline of inlines) {
    if (inline.kind === 'image') {
      flush();
      tokens.push({ kind: 'image', image: inline, level: bidi ? bidi.levels[bidi.starts.get(inline)!]! : 0 });
      continue;
    }
    if (inline.kind === 'break') {
      flush();
      if (tokens[tokens.length - 1]?.kind === 'space') tokens.pop();
      if (tokens.length > 0) tokens.push({ kind: 'hard' });
      continue;
    }
    const primary = faceFor(options.book, inline.style);
    // Where the run's text starts in the paragraph's, for the levels of its characters.
    const at = bidi ? bidi.starts.get(inline)! : 0;
    let last = 0;
    const addText = (text: string, base: number) =>
      settleClusters(text, primary, options.book, (cluster, index, face, drawn, missing) => {
        if (missing) options.onMissingGlyph?.(inline, base + index, cluster);
        cells.push({ run: inline, source: cluster, offset: base + index, face, text: drawn, level: bidi ? bidi.levels[at + base + index]! : 0 });
      });
    for (const match of inline.text.matchAll(WHITESPACE)) {
      addText(inline.text.slice(last, match.index), last);
      flush();
      pushSpace(inline, bidi ? bidi.levels[at + match.index]! : 0);
      last = match.index + match[0].length;
    }
    addText(inline.text.slice(last), last);
  }
  flush();
  while (tokens.length > 0 && (tokens[tokens.length - 1]!.kind === 'space' || tokens[tokens.length - 1]!.kind === 'hard')) tokens.pop();
  return tokens;
}

/** The breaks of the many words that have none, shared. */
const NO_BREAKS: ReadonlyMap<number, Opportunity> = new Map();

function makeWord(cells: Cell[], rules: PunctuationRules): Word {
  const breaks = new Map<number, Opportunity>();
  const kept: Cell[] = [];
  for (const cell of cells) {
    // A soft hyphen in the manuscript is a hyphenation point, never a glyph.
    if (cell.source === '\u00AD') {
      if (kept.length > 0) breaks.set(kept.length, 'hyphen');
      continue;
    }
    kept.push(cell);
  }
  const text = kept.map((cell) => cell.source);
  const joined = text.join('');
  const isUrl = kept.some((cell) => cell.run.url) || URL_START.test(joined) || PATH.test(joined) || (joined.length >= 25 && joined.includes('/'));
  for (let index = 1; index < kept.length; index++) {
    const before = text[index - 1]!;
    const after = text[index]!;
    if (rules.holdsTogether(before, after)) continue;
    if (isUrl) {
      // URLs and paths break after a slash, dot, hyphen, question mark, ampersand or equals sign, never inside "//".
      if (URL_BREAK_AFTER.has(before) && after !== '/' && !URL_BREAK_AFTER.has(after) && index >= 3 && index <= kept.length - 2) breaks.set(index, 'url');
    } else if (DASHES.has(before) && index >= 2 && index <= kept.length - 2 && /[\p{L}\p{N}]/u.test(text[index - 2]!) && /[\p{L}\p{N}]/u.test(after)) {
      breaks.set(index, 'explicit');
    } else if (before === '/' && after !== '/' && index >= 3) {
      breaks.set(index, 'url');
    }
  }
  const letters = LETTERS.test(joined.replace(/^\P{L}+|\P{L}+$/gu, '')) && !isUrl;
  return { text: joined, cells: kept, breaks: breaks.size > 0 ? breaks : NO_BREAKS, letters, groups: wordGroups(kept, joined) };
}

function hyphenateWord(word: Word, hyphenator: Hyphenator, minLength: number): Token {
  if (!word.letters || word.cells.some((cell) => cell.run.hyphenate === false)) return { kind: 'word', word };
  const sources = word.cells.map((cell) => cell.source);
  let breaks: Map<number, Opportunity> | undefined;
  // Each stretch of letters is hyphenated on its own: "alliance’s" as "alliance", then "s".
  for (let start = 0; start < sources.length; ) {
    if (!LETTER.test(sources[start]!)) {
      start++;
      continue;
    }
    let end = start;
    while (end < sources.length && LETTER.test(sources[end]!)) end++;
    if (end - start >= minLength) {
      const core = sources.slice(start, end);
      // Hyphenator positions count UTF-16 units; map them back to cell indices.
      const unitToCell = new Map<number, number>();
      let units = 0;
      core.forEach((source, index) => {
        unitToCell.set(units, index);
        units += source.length;
      });
      for (const position of hyphenator(core.join(''))) {
        const cell = unitToCell.get(position);
        if (cell === undefined || word.breaks.has(start + cell)) continue;
        breaks ??= new Map(word.breaks);
        breaks.set(start + cell, 'hyphen');
      }
    }
    start = end;
  }
  return { kind: 'word', word: breaks ? { ...word, breaks } : word };
}

/**
 * Last resort for a piece wider than `limit` (the measure; for URLs and code, part of it): allow a break
 * between any two clusters that punctuation does not hold together.
 */
function emergencyBreaks(word: Word, limit: number, book: FontBook, rules: PunctuationRules): Word {
  let breaks: Map<number, Opportunity> | undefined;
  let from = 0;
  const positions = [...word.breaks.keys(), word.cells.length].sort((a, b) => a - b);
  for (const to of positions) {
    const piece = word.cells.slice(from, to);
    // Leave room for the hyphen a break after the piece may add.
    const allowance = piece.length > 0 ? piece[piece.length - 1]!.run.style.size * 0.5 : 0;
    if (pieceWidth(word.cells, from, to, book) > limit - allowance) {
      breaks ??= new Map(word.breaks);
      for (let index = from + 1; index < to; index++) if (!rules.holdsTogether(word.cells[index - 1]!.source, word.cells[index]!.source)) breaks.set(index, 'emergency');
    }
    from = to;
  }
  return breaks ? { ...word, breaks } : word;
}

/** Letter-spacing a piece of a word can take at MAX_TRACKING (not after its last glyph: the conservative count). */
function trackingStretch(groups: readonly CellGroup[], book: FontBook): number {
  let stretch = 0;
  let lastSize = 0;
  for (const group of groups) {
    const measured = book.measure(group.face, group.text);
    if (measured.offsets) continue;
    lastSize = group.run.style.size;
    stretch += measured.glyphs * MAX_TRACKING * lastSize;
  }
  return Math.max(0, stretch - MAX_TRACKING * lastSize);
}

/** The width of each cell of a word, where its groups are shaped one glyph a character (undefined where not). */
const cellWidths = new WeakMap<readonly Cell[], (number | undefined)[]>();

function widthsOf(cells: readonly Cell[], book: FontBook): (number | undefined)[] {
  let widths = cellWidths.get(cells);
  if (widths) return widths;
  widths = new Array<number | undefined>(cells.length);
  for (let start = 0; start < cells.length; ) {
    const first = cells[start]!;
    let end = start + 1;
    while (end < cells.length && cells[end]!.run === first.run && cells[end]!.face === first.face) end++;
    const text = cells
      .slice(start, end)
      .map((cell) => cell.text)
      .join('');
    const advances = text === '' ? undefined : book.perCharacter(first.face, text);
    if (advances) {
      let at = 0;
      for (let index = start; index < end; index++) {
        let width = 0;
        for (const _char of cells[index]!.text) width += advances[at++]!;
        widths[index] = width * first.run.style.size;
      }
    }
    start = end;
  }
  cellWidths.set(cells, widths);
  return widths;
}

/**
 * What a break inside a word before cell `at` adds to the line: the hyphen, if one is added, and the
 * difference between the last cell set at the end of the line (no kerning with the next character, but
 * with the hyphen) and set inside the word (the chunk boxes add up to the whole word).
 */
function breakWidth(cells: readonly Cell[], at: number, addsHyphen: boolean, book: FontBook): number {
  const last = cells[at - 1]!;
  const size = last.run.style.size;
  const inWord = widthsOf(cells, book)[at - 1] ?? book.width(last.face, last.text, size);
  return book.width(last.face, addsHyphen ? `${last.text}-` : last.text, size) - inWord;
}

/** The width of cells `from` to `to` of a word: from the word's shaping when it pairs glyphs and characters (no shaping of the piece alone). */
function pieceWidth(cells: readonly Cell[], from: number, to: number, book: FontBook): number {
  const widths = widthsOf(cells, book);
  let width = 0;
  for (let index = from; index < to; index++) {
    const cell = widths[index];
    if (cell === undefined) return groupsWidth(groupCells(cells.slice(from, to)), book);
    width += cell;
  }
  return width;
}

function groupsWidth(groups: readonly CellGroup[], book: FontBook): number {
  let width = 0;
  for (const group of groups) width += book.width(group.face, group.text, group.run.style.size);
  return width;
}

/** Consecutive cells drawn with the same run and face, joined. */
function groupCells(cells: readonly Cell[]): CellGroup[] {
  const groups: CellGroup[] = [];
  for (const cell of cells) {
    const last = groups[groups.length - 1];
    if (last && last.run === cell.run && last.face === cell.face) last.text += cell.text;
    else groups.push({ run: cell.run, face: cell.face, text: cell.text });
  }
  return groups.filter((group) => group.text !== '');
}

/**
 * A word's groups. Most words are one run in one face, drawn as written: their one group is the
 * word's text as already joined (not built again a character at a time).
 */
function wordGroups(cells: readonly Cell[], joined: string): CellGroup[] {
  const first = cells[0];
  if (!first) return [];
  const plain = cells.every((cell) => cell.run === first.run && cell.face === first.face && cell.text === cell.source);
  return plain ? [{ run: first.run, face: first.face, text: joined }] : groupCells(cells);
}

/**
 * The Knuth–Plass items of a paragraph. With `track`, a justified line's stretch is what it can take
 * within both caps: its word spaces up to MAX_SPACE_RATIO, and letter-spacing up to MAX_TRACKING
 * between the glyphs of each word (so an adjustment ratio of 1 is a line at both caps).
 */
function toItems(tokens: readonly Token[], options: ComposeOptions, track: boolean, lastResort: boolean): { items: KPItem[]; meta: Meta[] } {
  const items: KPItem[] = [];
  const meta: Meta[] = [];
  const justified = options.align === 'justify';
  const push = (item: KPItem, info: Meta) => {
    items.push(item);
    meta.push(info);
  };
  if (options.firstIndent) push({ type: 'box', width: options.firstIndent }, { kind: 'indent' });
  for (const token of tokens) {
    if (token.kind === 'hard') {
      push({ type: 'glue', width: 0, stretch: FIL, shrink: 0 }, { kind: 'break' });
      push({ type: 'penalty', width: 0, penalty: -Infinity, flagged: false }, { kind: 'break' });
    } else if (token.kind === 'image') {
      push({ type: 'box', width: token.image.width }, { kind: 'image', image: token.image, level: token.level });
    } else if (token.kind === 'space') {
      const face = faceFor(options.book, token.run.style);
      const width = options.book.width(face, ' ', token.run.style.size);
      if (token.bound) {
        // Glue after a penalty is no breakpoint: the space stays, the line does not break at it (unless nothing else fits).
        push({ type: 'penalty', width: 0, penalty: lastResort ? BOUND_PENALTY : Infinity, flagged: false }, { kind: 'end' });
        const stretch = justified ? width * (track ? MAX_SPACE_RATIO - 1 : SPACE_STRETCH) : 0;
        push({ type: 'glue', width, stretch, shrink: justified ? width * SPACE_SHRINK : 0 }, { kind: 'space', run: token.run, face, width, level: token.level });
      } else if (justified) {
        const stretch = width * (track ? MAX_SPACE_RATIO - 1 : SPACE_STRETCH);
        push({ type: 'glue', width, stretch, shrink: width * SPACE_SHRINK }, { kind: 'space', run: token.run, face, width, level: token.level });
      } else {
        // Ragged lines (Knuth & Plass's construction): the white at a line's end stretches, word spaces do not.
        const rag = width * RAGGED_STRETCH;
        push({ type: 'glue', width: 0, stretch: rag, shrink: 0 }, { kind: 'rag' });
        push({ type: 'penalty', width: 0, penalty: 0, flagged: false }, { kind: 'rag' });
        push({ type: 'glue', width, stretch: -rag, shrink: 0 }, { kind: 'space', run: token.run, face, width, level: token.level });
      }
    } else {
      const { cells, breaks } = token.word;
      // Where the word's chunks end: at each break, in order, and at its end (most words are one chunk).
      const ends = breaks.size === 0 ? [cells.length] : [...breaks.keys()].sort((a, b) => a - b).concat(cells.length);
      let from = 0;
      for (const cut of ends) {
        if (from > 0) {
          const kind = breaks.get(from)!;
          const previous = cells[from - 1]!;
          const addsHyphen = kind === 'hyphen' || (kind === 'emergency' && token.word.letters);
          const penalty = kind === 'emergency' ? EMERGENCY_PENALTY : kind === 'url' ? URL_PENALTY : kind === 'explicit' ? EXPLICIT_PENALTY : HYPHEN_PENALTY;
          const width = breakWidth(cells, from, addsHyphen, options.book);
          push({ type: 'penalty', width, penalty, flagged: addsHyphen || kind === 'explicit' }, addsHyphen ? { kind: 'hyphen', run: previous.run, face: previous.face } : { kind: 'end' });
        }
        const whole = from === 0 && cut === cells.length;
        const groups = whole ? token.word.groups : groupCells(cells.slice(from, cut));
        const box: KPItem = { type: 'box', width: whole ? groupsWidth(groups, options.book) : pieceWidth(cells, from, cut, options.book) };
        if (track) box.stretch = trackingStretch(groups, options.book);
        push(box, { kind: 'chunk', groups, cells, from, to: cut });
        from = cut;
      }
    }
  }
  push({ type: 'glue', width: 0, stretch: FIL, shrink: 0 }, { kind: 'end' });
  push({ type: 'penalty', width: 0, penalty: -Infinity, flagged: false }, { kind: 'end' });
  return { items, meta };
}

/** What a line holds, in order: words (as parts of one look), spaces, pictures; with their levels when `levelled`. */
function lineElements(items: KPItem[], meta: Meta[], start: number, end: number, levelled: boolean): Element[] {
  const elements: Element[] = [];
  let index = start;
  // Items after a break up to the first box are discarded.
  while (index < end && items[index]!.type !== 'box') index++;
  for (; index < end; index++) {
    const item = items[index]!;
    const info = meta[index]!;
    if (item.type === 'glue') {
      if (info.kind === 'space') elements.push(levelled ? { kind: 'space', width: info.width, face: info.face, size: info.run.style.size, level: info.level } : { kind: 'space', width: info.width, face: info.face, size: info.run.style.size });
    } else if (item.type === 'box') {
      if (info.kind === 'indent') elements.push({ kind: 'indent', width: item.width });
      else if (info.kind === 'image') elements.push(levelled ? { kind: 'image', image: info.image, level: info.level } : { kind: 'image', image: info.image });
      else if (info.kind === 'chunk' && levelled && hasMark(info.cells, info.from, info.to)) chunkWithMarks(elements, info.cells, info.from, info.to);
      else if (info.kind === 'chunk') {
        let word = elements[elements.length - 1];
        if (word?.kind !== 'word') elements.push((word = levelled ? { kind: 'word', parts: [], levels: [] } : { kind: 'word', parts: [] }));
        for (const group of info.groups) appendText(word.parts, group.text, group.face, group.run);
        // The groups' text is the cells' drawn text, in order: each of its UTF-16 units takes its cell's level.
        if (word.levels) for (let at = info.from; at < info.to; at++) for (let unit = info.cells[at]!.text.length; unit > 0; unit--) word.levels.push(info.cells[at]!.level);
      }
    }
  }
  return elements;
}

/** An isolate's ends, and the directional marks: where no face draws them, they are marks of the line (see Element). */
const MARK = /^[\u061C\u200E\u200F\u2066-\u2069]$/;

function isMark(cell: Cell): boolean {
  return cell.text === '' && MARK.test(cell.source);
}

function hasMark(cells: readonly Cell[], from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (isMark(cells[at]!)) return true;
  return false;
}

/** A chunk of a word with marks in it (see Element), set cell by cell: a mark ends the word there, and the cells after it begin another. */
function chunkWithMarks(elements: Element[], cells: readonly Cell[], from: number, to: number): void {
  for (let at = from; at < to; at++) {
    const cell = cells[at]!;
    if (isMark(cell)) {
      elements.push({ kind: 'mark', level: cell.level });
      continue;
    }
    if (cell.text === '') continue;
    let word = elements[elements.length - 1];
    if (word?.kind !== 'word') elements.push((word = { kind: 'word', parts: [], levels: [] }));
    appendText(word.parts, cell.text, cell.face, cell.run);
    for (let unit = cell.text.length; unit > 0; unit--) word.levels!.push(cell.level);
  }
}

const BIDI_CONTROL = new RegExp(`^${BIDI_CONTROLS.source}$`);

/**
 * The cell a line's first word begins with (on an earlier line, when the word was hyphenated there):
 * its first letter, past the characters that open an isolate or an embedding (`<bdi>` writes them in runs
 * of their own, which are no text of the model's).
 */
function firstWord(meta: Meta[], start: number, end: number): Cell | undefined {
  for (let index = start; index < end; index++) {
    const info = meta[index]!;
    // The first character that is the model's text: not an isolate's control, nor a mark the writer adds (a <q>'s opening quote).
    if (info.kind === 'chunk') {
      const letters = info.cells.filter((cell) => !BIDI_CONTROL.test(cell.source));
      return letters.find((cell) => cell.run.source) ?? letters[0] ?? info.cells[0];
    }
  }
  return undefined;
}

/**
 * A paragraph with right-to-left text (or set to run right to left, or with explicit embeddings,
 * overrides or isolates): which way it runs, and the level of each of its characters, resolved over
 * the whole paragraph as written (before it is broken into lines). Others are set as typed, left to right.
 */
interface ParagraphBidi {
  rightToLeft: boolean;
  /** The level of each UTF-16 unit of the paragraph's text: its runs' text one after another, a picture as one character. */
  levels: Uint8Array;
  /** Where each run's text (or picture) starts in the paragraph's. */
  starts: Map<Inline, number>;
}

function paragraphBidi(inlines: readonly Inline[], direction: Direction): ParagraphBidi | undefined {
  if (direction !== 'rtl' && !inlines.some((inline) => inline.kind === 'text' && mayNeedBidi(inline.text))) return undefined;
  let text = '';
  const starts = new Map<Inline, number>();
  for (const inline of inlines) {
    starts.set(inline, text.length);
    // A picture is an object in the text (U+FFFC, a neutral); a line break is no character of the paragraph's.
    if (inline.kind === 'text') text += inline.text;
    else if (inline.kind === 'image') text += '\uFFFC';
  }
  const { levels, rightToLeft } = paragraphLevels(text, direction);
  return { rightToLeft, levels, starts };
}

function toLines(items: KPItem[], meta: Meta[], breaks: KPBreak[], measure: number, options: ComposeOptions, bidi: ParagraphBidi | undefined): Line[] {
  const lines: Line[] = [];
  const book = options.book;
  let start = 0;
  const content = breaks.map((lineBreak) => {
    const end = lineBreak.position;
    const endItem = items[end]!;
    const endMeta = meta[end]!;
    const elements = lineElements(items, meta, start, end, bidi !== undefined);
    const first = firstWord(meta, start, end);
    start = end + 1;
    let hyphenated = false;
    if (endItem.type === 'penalty' && endMeta.kind === 'hyphen') {
      hyphenated = true;
      let word = elements[elements.length - 1];
      if (word?.kind !== 'word') elements.push((word = bidi ? { kind: 'word', parts: [], levels: [] } : { kind: 'word', parts: [] }));
      const last = word.parts[word.parts.length - 1];
      if (last && last.face === endMeta.face && last.run.struct === endMeta.run.struct) last.text += '-';
      else word.parts.push({ text: '-', face: endMeta.face, run: endMeta.run, advance: 0, glyphs: 0, trackable: false });
      // The hyphen is part of the word: at the level of the letter before it.
      word.levels?.push(word.levels[word.levels.length - 1] ?? (bidi?.rightToLeft ? 1 : 0));
    }
    return { elements, hyphenated, first };
  });
  // With right-to-left text, lines are made of bidirectional runs, each at its level.
  const rightToLeft = bidi?.rightToLeft === true;
  const units = bidi ? content.map((line) => bidiUnits(line.elements, rightToLeft ? 1 : 0)) : undefined;
  breaks.forEach((lineBreak, lineIndex) => {
    const endMeta = meta[lineBreak.position]!;
    const isLast = lineIndex === breaks.length - 1;
    const endsHard = endMeta.kind === 'break';
    const justified = options.align === 'justify' && !isLast && !endsHard;
    const { hyphenated, first } = content[lineIndex]!;
    const elements = units ? units[lineIndex]!.units : content[lineIndex]!.elements;

    // Measure every part as it will be drawn, then share out what the line lacks (or has too much of).
    let natural = 0;
    let spaces = 0;
    let gaps = 0;
    for (const element of elements) {
      if (element.kind === 'word') {
        element.parts.forEach((part, at) => {
          const measured = book.measure(part.face, part.text);
          const size = part.run.style.size;
          part.advance = measured.advance * size;
          part.glyphs = measured.glyphs;
          part.trackable = !measured.offsets;
          natural += part.advance;
          // Letter-spacing goes between glyphs: after every glyph of a word but its last.
          if (part.trackable) gaps += (at === element.parts.length - 1 ? part.glyphs - 1 : part.glyphs) * size;
        });
      } else if (element.kind === 'space') {
        natural += element.width;
        spaces += element.width;
      } else if (element.kind === 'image') natural += element.image.width;
      else if (element.kind === 'indent') natural += element.width;
    }
    const { stretch, tracking } = spread(measure - natural, spaces, gaps, justified || (options.align === 'justify' && natural > measure));

    // Place the parts: in the order the words are seen when the line mixes directions, else one after another.
    const fragments: Fragment[] = [];
    const images: PlacedImage[] = [];
    const placed = units
      ? placeInVisualOrder(elements, units[lineIndex]!.levels, stretch, tracking, book, fragments, images)
      : placeInTextOrder(elements, stretch, tracking, book, fragments, images);
    const spaceDrawn = placed.spaceDrawn;
    const used = placed.width ?? Math.max(0, ...fragments.map((fragment) => fragment.x + fragment.width), ...images.map((image) => image.x + image.width));
    // A paragraph set from its start (or justified: its last line, a line that cannot be filled) is flush
    // right when it runs right to left; a line too long for the measure then runs over on the left.
    const align = options.align === 'start' || options.align === 'justify' ? (rightToLeft ? 'right' : 'left') : options.align;
    const offset = align === 'center' ? Math.max(0, (measure - used) / 2) : align === 'right' ? (rightToLeft ? measure - used : Math.max(0, measure - used)) : 0;
    lines.push({
      fragments,
      images,
      measure,
      width: used,
      offset,
      ratio: lineBreak.ratio,
      spaceRatio: spaces > 0 ? spaceDrawn / spaces : 1,
      tracking,
      justified,
      hyphenated,
      ...(first ? { start: { run: first.run, offset: first.offset } } : {}),
    });
  });
  return lines;
}

/**
 * Shares out a line's gap (measure minus natural width; negative when it must shrink). A justified line
 * is filled to the measure: word spaces stretch up to MAX_SPACE_RATIO, then glyphs are letter-spaced up to
 * MAX_TRACKING; neither goes further (a line that cannot be filled within both is left short).
 * `spaces` is the natural width of the line's word spaces, `gaps` the sum of the sizes of its letter gaps.
 * Returns the spaces' extra width as a fraction of their natural width, and the letter-spacing in ems.
 */
function spread(gap: number, spaces: number, gaps: number, fill: boolean): { stretch: number; tracking: number } {
  if (!fill || Math.abs(gap) < 1e-9) return { stretch: 0, tracking: 0 };
  if (gap < 0) {
    // Shrinking (the breaker allows a third of each space); letters are tightened only if a line without spaces must fit.
    if (spaces > 0) return { stretch: gap / spaces, tracking: 0 };
    return { stretch: 0, tracking: gaps > 0 ? gap / gaps : 0 };
  }
  const cap = spaces * (MAX_SPACE_RATIO - 1);
  if (gap <= cap) return { stretch: gap / spaces, tracking: 0 };
  const rest = gap - cap;
  // Both at their caps, what is still missing stays white at the line's end.
  return { stretch: spaces > 0 ? MAX_SPACE_RATIO - 1 : 0, tracking: gaps > 0 ? Math.min(MAX_TRACKING, rest / gaps) : 0 };
}
