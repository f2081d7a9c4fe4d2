import type { Text } from 'hast';
import type { Point } from '../../core/diagnostics.js';
import type { Face } from '../fonts/book.js';
import type { PreparedImage } from '../images/prepare.js';

/** A node of the logical structure tree (tagged PDF), built by the handlers, written by the ink layer. */
export interface StructNode {
  id: number;
  type: string;
  parent: StructNode | undefined;
  alt?: string;
  lang?: string;
  scope?: 'Row' | 'Column';
}

export type LinkTarget = { kind: 'uri'; uri: string } | { kind: 'internal'; name: string };

/**
 * One drawing instruction, relative to the top-left corner of the block that holds it (y grows downwards).
 * Ops without `struct` are drawn as artifacts (decoration, not content).
 */
export type DrawOp =
  | { kind: 'text'; x: number; y: number; text: string; face: Face; size: number; color: string; width: number; struct?: StructNode; spacing?: number; rightToLeft?: boolean; leftToRight?: boolean }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; color: string }
  | { kind: 'rule'; x1: number; y1: number; x2: number; y2: number; width: number; color: string }
  | { kind: 'image'; x: number; y: number; width: number; height: number; image: PreparedImage; alt: string; struct: StructNode; place?: Point }
  | { kind: 'link'; x: number; y: number; width: number; height: number; target: LinkTarget; struct?: StructNode }
  | { kind: 'anchor'; name: string; y: number }
  | { kind: 'outline'; title: string; level: number; y: number };

/** A footnote's body, set at the column width, placed at the foot of the frame that cites it first. */
export interface Note {
  id: string;
  number: number;
  blocks: Block[];
}

export type BlockRole = 'line' | 'heading' | 'figure' | 'row' | 'header-row' | 'code' | 'rule' | 'title' | 'note' | 'other';

/**
 * An element the page builder may move or set across the columns as a whole: a figure (picture, caption
 * and credit), a table, a code block. Every block of the element points at the same unit.
 */
export interface Unit {
  kind: 'figure' | 'table' | 'code';
  /** Set at the full text width: it spans all columns of a multi-column page. */
  span: boolean;
  /** Its structure element: the tagged PDF keeps it at the element's place in the reading order wherever it is drawn. */
  struct: StructNode;
}

/** A set paragraph, shared by its lines. */
export interface ParagraphSource {
  id: number;
  /** The paragraph set one line shorter (TeX's looseness −1), or undefined when it cannot be. */
  tighter?: () => Block[] | undefined;
}

/** An unbreakable piece of the galley: a line of text, a table row, a figure. */
export interface Block {
  kind: 'block';
  height: number;
  ops: DrawOp[];
  role: BlockRole;
  /**
   * No page or column break may follow this block (headings, first and next-to-last lines, table headers);
   * 'soft': better not (a line ending in a hyphen), unless keeping it would leave much of the frame empty.
   */
  keepWithNext?: boolean | 'soft';
  /** Footnotes cited in this block. */
  notes?: Note[];
  /** Splits a block taller than the room left into a part that fits and the rest (table rows, between lines). */
  split?: (room: number) => [Block, Block] | undefined;
  /** Drawn again at the top of a frame this block starts (a table's header row). */
  repeatHeader?: Block;
  /** Which paragraph and line this is (checks; the page builder tightens paragraphs to pull back a short last page). */
  paragraph?: { id: number; line: number; lines: number; source?: ParagraphSource };
  /** The figure, table or code block this block is part of. */
  unit?: Unit;
  /** Where its first word begins in the model's text, when it has text of the model's (page starts for the EPUB's page-list). */
  start?: TextStart;
  /** For checks: how the line was set. */
  setting?: { measure: number; width: number; ratio: number; justified: boolean; spaceRatio: number; tracking: number };
}

/** A character of a model text node: the node itself and a UTF-16 offset into its value. */
export interface TextStart {
  text: Text;
  offset: number;
}

/** Vertical space, dropped at the top and bottom of a frame. */
export interface Space {
  kind: 'space';
  height: number;
}

export type GalleyItem = Block | Space;
