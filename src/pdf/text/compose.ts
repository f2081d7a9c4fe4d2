import type { Face, FontBook } from '../fonts/book.js';
import { clusters, settleCluster } from '../fonts/segment.js';
import type { Hyphenator } from './hyphenate.js';
import { breakLines, FIL, type KPBreak, type KPItem } from './knuth-plass.js';
import type { Fragment, InlineImage, InlineStyle, Inline, Line, PlacedImage, TextRun } from './types.js';

export type Align = 'justify' | 'left' | 'center' | 'right';

export interface ComposeOptions {
  /** The measure, points. */
  width: number;
  /** Indent of the first line, points. */
  firstIndent?: number;
  align: Align;
  book: FontBook;
  hyphenator?: Hyphenator;
  /** Told once for every grapheme cluster no face can draw. */
  onMissingGlyph?: (run: TextRun, offset: number, cluster: string) => void;
}

/** Word spaces never stretch beyond this many times their natural width, even in an emergency. */
export const MAX_SPACE_RATIO = 2;
// Knuth–Plass passes: without hyphenation, then with it, then with emergency breaks inside long words.
const FIRST_PASS_TOLERANCE = 1;
const SECOND_PASS_TOLERANCE = 2;
const SPACE_STRETCH = 0.5;
const SPACE_SHRINK = 1 / 3;
const RAGGED_STRETCH = 6;

export function faceFor(book: FontBook, style: InlineStyle): Face {
  return book.face(style.role, style.bold, style.italic);
}

/** One grapheme cluster of a word, with the face chosen to draw it. */
interface Cell {
  run: TextRun;
  source: string;
  offset: number;
  face: Face;
  text: string;
}

type Opportunity = 'hyphen' | 'explicit' | 'url' | 'emergency';

interface Word {
  cells: Cell[];
  /** Break opportunities by cell index (a break goes before that cell). */
  breaks: Map<number, Opportunity>;
  letters: boolean;
}

type Token = { kind: 'word'; word: Word } | { kind: 'space'; run: TextRun } | { kind: 'hard' } | { kind: 'image'; image: InlineImage };

type Meta =
  | { kind: 'indent' }
  | { kind: 'chunk'; cells: Cell[] }
  | { kind: 'image'; image: InlineImage }
  | { kind: 'space'; run: TextRun; face: Face; width: number }
  | { kind: 'hyphen'; run: TextRun; face: Face }
  | { kind: 'break' }
  | { kind: 'rag' }
  | { kind: 'end' };

const WHITESPACE = /[ \t\n\r\f]+/g;
const LETTERS = /^[\p{L}\p{M}]+$/u;
const DASHES = new Set(['-', '\u2010', '\u2013', '\u2014']);
const URL_START = /^(https?:\/\/|ftp:\/\/|www\.|mailto:)/i;

/** Sets a paragraph: styled runs in, lines of positioned fragments out. */
export function composeParagraph(inlines: readonly Inline[], options: ComposeOptions): Line[] {
  const tokens = tokenize(inlines, options);
  if (!tokens.some((token) => token.kind === 'word' || token.kind === 'image')) return [];
  const measure = Math.max(1, options.width);
  const lineWidth = () => measure;
  const hyphenated = options.hyphenator ? tokens.map((token) => (token.kind === 'word' ? hyphenateWord(token.word, options.hyphenator!) : token)) : tokens;
  const passes: { tokens: Token[]; tolerance: number }[] = [
    { tokens, tolerance: FIRST_PASS_TOLERANCE },
    { tokens: hyphenated, tolerance: SECOND_PASS_TOLERANCE },
  ];
  for (const pass of passes) {
    const { items, meta } = toItems(pass.tokens, options);
    const breaks = breakLines(items, lineWidth, { tolerance: pass.tolerance });
    if (breaks) return toLines(items, meta, breaks, measure, options);
  }
  const limit = measure - (options.firstIndent ?? 0);
  const emergency = hyphenated.map((token) => (token.kind === 'word' ? emergencyBreaks(token.word, limit, options.book) : token));
  const { items, meta } = toItems(emergency, options);
  const breaks = breakLines(items, lineWidth, { tolerance: Infinity });
  if (!breaks) throw new Error('line breaking found no solution even in its emergency pass');
  return toLines(items, meta, breaks, measure, options);
}

function tokenize(inlines: readonly Inline[], options: ComposeOptions): Token[] {
  const tokens: Token[] = [];
  let cells: Cell[] = [];
  const flush = () => {
    if (cells.length > 0) tokens.push({ kind: 'word', word: makeWord(cells) });
    cells = [];
  };
  const pushSpace = (run: TextRun) => {
    const last = tokens[tokens.length - 1];
    if (last && (last.kind === 'word' || last.kind === 'image')) tokens.push({ kind: 'space', run });
  };
  for (const inline of inlines) {
    if (inline.kind === 'image') {
      flush();
      tokens.push({ kind: 'image', image: inline });
      continue;
    }
    if (inline.kind === 'break') {
      flush();
      if (tokens[tokens.length - 1]?.kind === 'space') tokens.pop();
      if (tokens.length > 0) tokens.push({ kind: 'hard' });
      continue;
    }
    const primary = faceFor(options.book, inline.style);
    let last = 0;
    const addText = (text: string, base: number) => {
      for (const { cluster, index } of clusters(text)) {
        const setting = settleCluster(cluster, primary, options.book);
        if (setting.missing) options.onMissingGlyph?.(inline, base + index, cluster);
        cells.push({ run: inline, source: cluster, offset: base + index, face: setting.face, text: setting.text });
      }
    };
    for (const match of inline.text.matchAll(WHITESPACE)) {
      addText(inline.text.slice(last, match.index), last);
      flush();
      pushSpace(inline);
      last = match.index + match[0].length;
    }
    addText(inline.text.slice(last), last);
  }
  flush();
  while (tokens.length > 0 && (tokens[tokens.length - 1]!.kind === 'space' || tokens[tokens.length - 1]!.kind === 'hard')) tokens.pop();
  return tokens;
}

function makeWord(cells: Cell[]): Word {
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
  const isUrl = kept.some((cell) => cell.run.url) || URL_START.test(joined) || (joined.length >= 25 && joined.includes('/'));
  for (let index = 1; index < kept.length; index++) {
    const before = text[index - 1]!;
    const after = text[index]!;
    if (DASHES.has(before) && index >= 2 && index <= kept.length - 2 && /[\p{L}\p{N}]/u.test(text[index - 2]!) && /[\p{L}\p{N}]/u.test(after)) {
      breaks.set(index, 'explicit');
    } else if (before === '/' && after !== '/' && index >= 3) {
      breaks.set(index, 'url');
    } else if (isUrl && index >= 4 && index <= kept.length - 2) {
      if (/[.?&=#%]/.test(after) && before !== '/') breaks.set(index, 'url');
      else if (/[_~]/.test(before)) breaks.set(index, 'url');
      else if (before === '-' && !breaks.has(index)) breaks.set(index, 'url');
    }
  }
  const letters = LETTERS.test(joined.replace(/^\P{L}+|\P{L}+$/gu, '')) && !isUrl;
  return { cells: kept, breaks, letters };
}

function hyphenateWord(word: Word, hyphenator: Hyphenator): Token {
  if (!word.letters || word.cells.some((cell) => cell.run.hyphenate === false)) return { kind: 'word', word };
  const sources = word.cells.map((cell) => cell.source);
  let start = 0;
  while (start < sources.length && !/\p{L}/u.test(sources[start]!)) start++;
  let end = sources.length;
  while (end > start && !/\p{L}/u.test(sources[end - 1]!)) end--;
  if (end - start < 5) return { kind: 'word', word };
  const core = sources.slice(start, end);
  // Hyphenator positions count UTF-16 units; map them back to cell indices.
  const unitToCell = new Map<number, number>();
  let units = 0;
  core.forEach((source, index) => {
    unitToCell.set(units, index);
    units += source.length;
  });
  const breaks = new Map(word.breaks);
  for (const position of hyphenator(core.join(''))) {
    const cell = unitToCell.get(position);
    if (cell !== undefined && !breaks.has(start + cell)) breaks.set(start + cell, 'hyphen');
  }
  return { kind: 'word', word: { ...word, breaks } };
}

/** Last resort for a piece wider than the measure: allow a break between any two clusters. */
function emergencyBreaks(word: Word, limit: number, book: FontBook): Token {
  const breaks = new Map(word.breaks);
  let from = 0;
  const positions = [...breaks.keys(), word.cells.length].sort((a, b) => a - b);
  for (const to of positions) {
    const piece = word.cells.slice(from, to);
    // Leave room for the hyphen a break after the piece may add.
    const allowance = piece.length > 0 ? piece[piece.length - 1]!.run.style.size * 0.5 : 0;
    if (cellsWidth(piece, book) > limit - allowance) for (let index = from + 1; index < to; index++) breaks.set(index, 'emergency');
    from = to;
  }
  return { kind: 'word', word: { ...word, breaks } };
}

function cellsWidth(cells: readonly Cell[], book: FontBook): number {
  let width = 0;
  for (const group of groupCells(cells)) width += book.width(group.face, group.text, group.run.style.size);
  return width;
}

/** Consecutive cells drawn with the same run and face, joined. */
function groupCells(cells: readonly Cell[]): { run: TextRun; face: Face; text: string }[] {
  const groups: { run: TextRun; face: Face; text: string }[] = [];
  for (const cell of cells) {
    const last = groups[groups.length - 1];
    if (last && last.run === cell.run && last.face === cell.face) last.text += cell.text;
    else groups.push({ run: cell.run, face: cell.face, text: cell.text });
  }
  return groups.filter((group) => group.text !== '');
}

function toItems(tokens: readonly Token[], options: ComposeOptions): { items: KPItem[]; meta: Meta[] } {
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
      push({ type: 'box', width: token.image.width }, { kind: 'image', image: token.image });
    } else if (token.kind === 'space') {
      const face = faceFor(options.book, token.run.style);
      const width = options.book.width(face, ' ', token.run.style.size);
      if (justified) {
        push({ type: 'glue', width, stretch: width * SPACE_STRETCH, shrink: width * SPACE_SHRINK }, { kind: 'space', run: token.run, face, width });
      } else {
        // Ragged lines (Knuth & Plass's construction): the white at a line's end stretches, word spaces do not.
        const rag = width * RAGGED_STRETCH;
        push({ type: 'glue', width: 0, stretch: rag, shrink: 0 }, { kind: 'rag' });
        push({ type: 'penalty', width: 0, penalty: 0, flagged: false }, { kind: 'rag' });
        push({ type: 'glue', width, stretch: -rag, shrink: 0 }, { kind: 'space', run: token.run, face, width });
      }
    } else {
      const { cells, breaks } = token.word;
      const cuts = [...breaks.keys()].sort((a, b) => a - b);
      let from = 0;
      for (const cut of [...cuts, cells.length]) {
        if (from > 0) {
          const kind = breaks.get(from)!;
          const previous = cells[from - 1]!;
          const addsHyphen = kind === 'hyphen' || (kind === 'emergency' && token.word.letters);
          const penalty = kind === 'emergency' ? 500 : kind === 'url' ? 80 : 50;
          const width = addsHyphen ? options.book.width(previous.face, '-', previous.run.style.size) : 0;
          push({ type: 'penalty', width, penalty, flagged: addsHyphen || kind === 'explicit' }, addsHyphen ? { kind: 'hyphen', run: previous.run, face: previous.face } : { kind: 'end' });
        }
        const chunk = cells.slice(from, cut);
        push({ type: 'box', width: cellsWidth(chunk, options.book) }, { kind: 'chunk', cells: chunk });
        from = cut;
      }
    }
  }
  push({ type: 'glue', width: 0, stretch: FIL, shrink: 0 }, { kind: 'end' });
  push({ type: 'penalty', width: 0, penalty: -Infinity, flagged: false }, { kind: 'end' });
  return { items, meta };
}

function sameLook(a: Fragment, b: { face: Face; run: TextRun }): boolean {
  const style = b.run.style;
  return (
    a.face === b.face &&
    a.size === style.size &&
    a.color === style.color &&
    a.rise === (style.rise ?? 0) &&
    a.struct === b.run.struct &&
    a.link === b.run.link &&
    a.strike === style.strike &&
    a.underline === style.underline &&
    a.note === b.run.note
  );
}

function toLines(items: KPItem[], meta: Meta[], breaks: KPBreak[], measure: number, options: ComposeOptions): Line[] {
  const lines: Line[] = [];
  let start = 0;
  breaks.forEach((lineBreak, lineIndex) => {
    const end = lineBreak.position;
    const endItem = items[end]!;
    const endMeta = meta[end]!;
    const isLast = lineIndex === breaks.length - 1;
    const endsHard = endMeta.kind === 'break';
    const justified = options.align === 'justify' && !isLast && !endsHard;
    // A last line is set at its natural spacing unless it had to shrink to fit (as TeX does).
    const shrinking = options.align === 'justify' && lineBreak.ratio < 0;
    const ratio = justified ? Math.min(lineBreak.ratio, (MAX_SPACE_RATIO - 1) / SPACE_STRETCH) : shrinking ? lineBreak.ratio : 0;
    const fragments: Fragment[] = [];
    const images: PlacedImage[] = [];
    let x = 0;
    let pendingSpace: { width: number; natural: number; face: Face; size: number } | undefined;
    let spaceNatural = 0;
    let spaceDrawn = 0;
    // Items after a break up to the first box are discarded.
    let index = start;
    while (index < end && items[index]!.type !== 'box') index++;
    for (; index < end; index++) {
      const item = items[index]!;
      const info = meta[index]!;
      if (item.type === 'glue') {
        if (info.kind !== 'space') continue;
        const drawn = item.width + (ratio >= 0 ? ratio * item.stretch : ratio * item.shrink);
        spaceNatural += item.width;
        spaceDrawn += drawn;
        pendingSpace = { width: drawn, natural: item.width, face: info.face, size: info.run.style.size };
        x += drawn;
      } else if (item.type === 'box') {
        if (info.kind === 'indent') {
          x += item.width;
          continue;
        }
        if (info.kind === 'image') {
          images.push({ ...info.image, x });
          x += item.width;
          pendingSpace = undefined;
          continue;
        }
        if (info.kind !== 'chunk') continue;
        for (const group of groupCells(info.cells)) {
          const width = options.book.width(group.face, group.text, group.run.style.size);
          const last = fragments[fragments.length - 1];
          if (last && sameLook(last, group) && (!pendingSpace || (pendingSpace.width === pendingSpace.natural && pendingSpace.face === group.face && pendingSpace.size === last.size))) {
            // Same look, nothing or a natural space between: one string, drawn in one go.
            last.text += (pendingSpace ? ' ' : '') + group.text;
            last.width = x + width - last.x;
          } else {
            if (last && pendingSpace && options.book.has(last.face, 0x20)) last.text += ' ';
            const style = group.run.style;
            const fragment: Fragment = { x, width, text: group.text, face: group.face, size: style.size, color: style.color, rise: style.rise ?? 0, struct: group.run.struct };
            if (group.run.link) fragment.link = group.run.link;
            if (style.strike) fragment.strike = true;
            if (style.underline) fragment.underline = true;
            if (group.run.note) fragment.note = group.run.note;
            fragments.push(fragment);
          }
          x += width;
          pendingSpace = undefined;
        }
      }
    }
    let hyphenated = false;
    if (endItem.type === 'penalty' && endMeta.kind === 'hyphen') {
      hyphenated = true;
      const width = options.book.width(endMeta.face, '-', endMeta.run.style.size);
      const last = fragments[fragments.length - 1];
      if (last && last.face === endMeta.face && last.struct === endMeta.run.struct) {
        last.text += '-';
        last.width += width;
      } else {
        const style = endMeta.run.style;
        fragments.push({ x, width, text: '-', face: endMeta.face, size: style.size, color: style.color, rise: style.rise ?? 0, struct: endMeta.run.struct });
      }
      x += width;
    }
    const used = Math.max(0, ...fragments.map((fragment) => fragment.x + fragment.width), ...images.map((image) => image.x + image.width));
    const offset = options.align === 'center' ? Math.max(0, (measure - used) / 2) : options.align === 'right' ? Math.max(0, measure - used) : 0;
    lines.push({
      fragments,
      images,
      measure,
      width: used,
      offset,
      ratio: lineBreak.ratio,
      spaceRatio: spaceNatural > 0 ? spaceDrawn / spaceNatural : 1,
      justified,
      hyphenated,
    });
    start = end + 1;
  });
  return lines;
}
