import type { Text } from 'hast';
import type { Point } from '../../core/diagnostics.js';
import type { FontRole } from '../../template/theme.js';
import type { Face } from '../fonts/book.js';
import type { PreparedImage } from '../images/prepare.js';
import type { LinkTarget, Note, StructNode } from '../layout/types.js';

export interface InlineStyle {
  role: FontRole;
  bold: boolean;
  italic: boolean;
  /** Points. */
  size: number;
  color: string;
  strike?: boolean;
  underline?: boolean;
  /** Raise above the baseline, points (superscripts). */
  rise?: number;
}

/** Where a run's text came from, for messages: exact when the text matches the source character for character. */
export interface Origin {
  start: Point;
  exact: boolean;
}

export interface TextRun {
  kind: 'text';
  text: string;
  style: InlineStyle;
  struct: StructNode;
  link?: LinkTarget;
  /** URLs and paths: may break after / and before . ? & = without a hyphen. */
  url?: boolean;
  /** False for text that must never be hyphenated (code, URLs). */
  hyphenate?: boolean;
  /** Footnote cited by this run (its marker). */
  note?: Note;
  origin?: Origin;
  /** The model's text node whose value this run's text is (where the EPUB marks the print pages). */
  source?: Text;
}

export interface HardBreak {
  kind: 'break';
}

/** A picture set in the line like a word, sitting on the baseline. */
export interface InlineImage {
  kind: 'image';
  image: PreparedImage;
  width: number;
  height: number;
  alt: string;
  struct: StructNode;
  place?: Point;
}

export type Inline = TextRun | HardBreak | InlineImage;

/** An inline picture placed in a line. */
export interface PlacedImage extends InlineImage {
  x: number;
}

/** A piece of a set line, drawn in one call. */
export interface Fragment {
  /** From the start of the line. */
  x: number;
  width: number;
  text: string;
  face: Face;
  size: number;
  color: string;
  rise: number;
  struct: StructNode;
  link?: LinkTarget;
  strike?: boolean;
  underline?: boolean;
  note?: Note;
  /** Letter-spacing, points: added after every glyph (PDF's character spacing); absent when none. */
  spacing?: number;
  /** At a right-to-left level: set right to left, punctuation too (brackets mirrored, marks in reverse). */
  rightToLeft?: boolean;
  /** Right-to-left letters at a left-to-right level (under a left-to-right override): set left to right, as typed. */
  leftToRight?: boolean;
}

export interface Line {
  fragments: Fragment[];
  images: PlacedImage[];
  /** The width the line was set to. */
  measure: number;
  /** Width actually used, from the line start to the end of its last glyph. */
  width: number;
  /** Offset of the line start from the measure's left edge (centred and right-aligned lines). */
  offset: number;
  /** Knuth–Plass adjustment ratio (>0 stretched). */
  ratio: number;
  /** Word spaces as drawn divided by their natural width (1 = natural). */
  spaceRatio: number;
  /** Letter-spacing of the line's text, ems (0 = none). */
  tracking: number;
  justified: boolean;
  hyphenated: boolean;
  /** Where the line's first word begins: its run and the offset in the run's text (a hyphenated word's start, on the line before). */
  start?: { run: TextRun; offset: number };
}
