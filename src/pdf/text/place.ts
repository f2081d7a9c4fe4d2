import type { Face, FontBook } from '../fonts/book.js';
import { levelledRuns, overriddenLeftToRight, reorder } from './bidi.js';
import type { Fragment, InlineImage, InlineStyle, PlacedImage, TextRun } from './types.js';

/*
 * Placing a set line's parts: one after another, or, with right-to-left text, run by run where the
 * bidirectional algorithm puts them.
 */

/** A piece of a set line drawn in one call, before it is placed. */
export interface Part {
  text: string;
  face: Face;
  run: TextRun;
  /** Advance at natural spacing, points. */
  advance: number;
  glyphs: number;
  /** False for text with positioned marks, which is never letter-spaced. */
  trackable: boolean;
}

/**
 * What a set line holds. In a paragraph with right-to-left text each carries its embedding level: a
 * word one for each UTF-16 unit of its parts' text (it may hold runs of several levels), a space or a
 * picture its own. `leftToRight`: a run of right-to-left letters at an even level (see overriddenLeftToRight).
 * A mark is an invisible character that is not drawn but stands between what is on either side of it
 * at its level (L2): an isolate's ends (LRI, RLI, FSI, PDI), or LRM, RLM, ALM where no face draws them.
 */
export type Element =
  | { kind: 'word'; parts: Part[]; levels?: number[]; leftToRight?: boolean }
  | { kind: 'space'; width: number; face: Face; size: number; level?: number }
  | { kind: 'image'; image: InlineImage; level?: number }
  | { kind: 'indent'; width: number }
  | { kind: 'mark'; level: number };

function sameLook(a: { face: Face; run: TextRun }, b: { face: Face; run: TextRun }): boolean {
  const x = a.run.style;
  const y = b.run.style;
  return (
    a.face === b.face &&
    x.size === y.size &&
    x.color === y.color &&
    (x.rise ?? 0) === (y.rise ?? 0) &&
    a.run.struct === b.run.struct &&
    a.run.link === b.run.link &&
    x.strike === y.strike &&
    x.underline === y.underline &&
    a.run.note === b.run.note
  );
}

export function appendText(parts: Part[], text: string, face: Face, run: TextRun): void {
  const last = parts[parts.length - 1];
  if (last && sameLook(last, { face, run })) last.text += text;
  else parts.push({ text, face, run, advance: 0, glyphs: 0, trackable: false });
}

/**
 * A line's elements with each word cut into its bidirectional runs (an Arabic word and the full stop
 * after it, a Hebrew prefix and the number it is joined to, a stretch at another level), and the level
 * of each; an indent is at the paragraph's level.
 */
export function bidiUnits(elements: readonly Element[], paragraphLevel: number): { units: Element[]; levels: number[] } {
  const units: Element[] = [];
  const levels: number[] = [];
  for (const element of elements) {
    if (element.kind !== 'word') {
      units.push(element);
      levels.push(element.kind === 'indent' ? paragraphLevel : (element.level ?? paragraphLevel));
      continue;
    }
    let partIndex = 0;
    let offset = 0;
    for (const run of levelledRuns(element.parts.map((part) => part.text).join(''), element.levels ?? [])) {
      const parts: Part[] = [];
      for (let remaining = run.end - run.start; remaining > 0; ) {
        const part = element.parts[partIndex]!;
        const take = Math.min(part.text.length - offset, remaining);
        parts.push({ ...part, text: part.text.slice(offset, offset + take) });
        remaining -= take;
        offset += take;
        if (offset === part.text.length) {
          partIndex++;
          offset = 0;
        }
      }
      units.push(overriddenLeftToRight(run.type, run.level) ? { kind: 'word', parts, leftToRight: true } : { kind: 'word', parts });
      levels.push(run.level);
    }
  }
  return { units, levels };
}

/**
 * Places a line's parts one after another, left to right; parts of one look with a natural space
 * between are one fragment, drawn in one go. Returns the spaces' drawn width.
 */
export function placeInTextOrder(elements: readonly Element[], stretch: number, tracking: number, book: FontBook, fragments: Fragment[], images: PlacedImage[]): Placed {
  let x = 0;
  let spaceDrawn = 0;
  let pendingSpace: { face: Face; size: number; natural: boolean } | undefined;
  for (const element of elements) {
    if (element.kind === 'indent') {
      x += element.width;
    } else if (element.kind === 'space') {
      const drawn = element.width * (1 + stretch);
      spaceDrawn += drawn;
      x += drawn;
      pendingSpace = { face: element.face, size: element.size, natural: stretch === 0 };
    } else if (element.kind === 'image') {
      images.push({ ...element.image, x });
      x += element.image.width;
      pendingSpace = undefined;
    } else if (element.kind === 'word') {
      element.parts.forEach((part, at) => {
        const spacing = partSpacing(part, tracking);
        const width = partWidth(part, tracking);
        const last = fragments[fragments.length - 1];
        if (at === 0 && last && pendingSpace && tracking === 0 && pendingSpace.natural && pendingSpace.face === part.face && pendingSpace.size === last.size && sameLook(fragmentLook(last), part)) {
          // Same look, a natural space between: one string, drawn in one go.
          last.text += ' ' + part.text;
          last.width = x + width - last.x;
        } else {
          if (at === 0 && last && pendingSpace && book.has(last.face, 0x20)) last.text += ' ';
          fragments.push(partFragment(part, x, width, spacing));
        }
        x += at === element.parts.length - 1 ? width : width + spacing;
      });
      pendingSpace = undefined;
    }
  }
  return { spaceDrawn };
}

/** What placing a line's parts found: the spaces' drawn width and, where it is not its last fragment's end, the line's. */
export interface Placed {
  spaceDrawn: number;
  width?: number;
}

/** The letter-spacing after each glyph of a part, points. */
function partSpacing(part: Part, tracking: number): number {
  return part.trackable ? tracking * part.run.style.size : 0;
}

/** A part's width as drawn: its advance and the letter-spacing between its glyphs (not after its last). */
function partWidth(part: Part, tracking: number): number {
  return part.advance + (part.glyphs > 0 ? (part.glyphs - 1) * partSpacing(part, tracking) : 0);
}

/** A part as drawn at `x`, `width` wide. */
function partFragment(part: Part, x: number, width: number, spacing: number): Fragment {
  const style = part.run.style;
  const fragment: Fragment = { x, width, text: part.text, face: part.face, size: style.size, color: style.color, rise: style.rise ?? 0, struct: part.run.struct };
  if (spacing !== 0) fragment.spacing = spacing;
  if (part.run.link) fragment.link = part.run.link;
  if (style.strike) fragment.strike = true;
  if (style.underline) fragment.underline = true;
  if (part.run.note) fragment.note = part.run.note;
  return fragment;
}

/**
 * Places a line of bidirectional runs (see bidiUnits): each where its level puts it (L2), and the
 * parts of a right-to-left run (a bold stretch in an Arabic word) from its right; but the fragments
 * listed in the order of the text, which is the order they are drawn in, so that the tagged structure
 * (and a screen reader) follows the text. No fragment spans two runs; a left-to-right word followed by
 * a space carries it for text extraction. The line's width counts an indent, wherever it ends up.
 */
export function placeInVisualOrder(
  elements: readonly Element[],
  levels: readonly number[],
  stretch: number,
  tracking: number,
  book: FontBook,
  fragments: Fragment[],
  images: PlacedImage[],
): Placed {
  const widthOf = (element: Element): number => {
    if (element.kind === 'space') return element.width * (1 + stretch);
    if (element.kind === 'image') return element.image.width;
    if (element.kind === 'indent') return element.width;
    if (element.kind === 'mark') return 0;
    return element.parts.reduce((sum, part, at) => sum + partWidth(part, tracking) + (at === element.parts.length - 1 ? 0 : partSpacing(part, tracking)), 0);
  };
  const xs = new Array<number>(elements.length);
  let x = 0;
  for (const index of reorder(levels)) {
    xs[index] = x;
    x += widthOf(elements[index]!);
  }
  let spaceDrawn = 0;
  elements.forEach((element, index) => {
    if (element.kind === 'space') spaceDrawn += widthOf(element);
    else if (element.kind === 'image') images.push({ ...element.image, x: xs[index]! });
    else if (element.kind === 'word') {
      const placed = element.parts.map((part) => partFragment(part, 0, partWidth(part, tracking), partSpacing(part, tracking)));
      const rightToLeft = levels[index]! % 2 === 1;
      // Set right to left: punctuation at this level too (its brackets mirrored, its marks in reverse).
      if (rightToLeft) for (const fragment of placed) fragment.rightToLeft = true;
      if (element.leftToRight) for (const fragment of placed) fragment.leftToRight = true;
      let at = xs[index]!;
      for (const fragment of rightToLeft ? [...placed].reverse() : placed) {
        fragment.x = at;
        at += fragment.width + (fragment.spacing ?? 0);
      }
      fragments.push(...placed);
      const last = fragments[fragments.length - 1]!;
      // (A space after a right-to-left run belongs at its left, where nothing is drawn from: the gap stands for it.)
      if (!rightToLeft && elements[index + 1]?.kind === 'space' && book.has(last.face, 0x20)) last.text += ' ';
    }
  });
  return { spaceDrawn, width: x };
}

/** The look of a placed fragment, to compare with a part's. */
function fragmentLook(fragment: Fragment): { face: Face; run: TextRun } {
  const style: InlineStyle = { role: 'body', bold: false, italic: false, size: fragment.size, color: fragment.color, rise: fragment.rise };
  if (fragment.strike) style.strike = true;
  if (fragment.underline) style.underline = true;
  const run: TextRun = { kind: 'text', text: '', style, struct: fragment.struct };
  if (fragment.link) run.link = fragment.link;
  if (fragment.note) run.note = fragment.note;
  return { face: fragment.face, run };
}
