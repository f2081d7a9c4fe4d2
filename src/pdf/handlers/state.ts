import type { Element, ElementContent } from 'hast';
import type { VFile } from 'vfile';
import { reportWarning, type Place, type Point } from '../../core/diagnostics.js';
import { isRightToLeft } from '../../core/direction.js';
import type { ImageAsset } from '../../core/image.js';
import type { DocumentModel, ModelNote } from '../../model/types.js';
import { isBlockTag, isPhrasingTag } from '../../model/vocabulary.js';
import type { PrintTheme } from '../../template/theme.js';
import type { FontBook } from '../fonts/book.js';
import type { PreparedImage } from '../images/prepare.js';
import type { PageGeometry } from '../layout/frames.js';
import { paragraphBlocks } from '../layout/paragraph.js';
import type { Block, BlockRole, DrawOp, GalleyItem, Note, StructNode } from '../layout/types.js';
import type { Direction } from '../text/bidi.js';
import { faceFor, type Align, type ComposeOptions } from '../text/compose.js';
import type { Hyphenator } from '../text/hyphenate.js';
import type { Inline, InlineStyle, TextRun } from '../text/types.js';
import type { BlockHandler, BlockHandlers } from './types.js';

/** The direction an element's `dir` sets, if it sets one. */
export function directionOf(node: Element): Direction | undefined {
  const dir = node.properties.dir;
  return dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? dir : undefined;
}

/** Where blocks are being set: the measure, the structure parent, the type size. */
export interface Context {
  /** Left and right indents from the frame's edges. */
  left: number;
  right: number;
  /** Block-quote bars, x from the frame's left. */
  bars: number[];
  struct: StructNode;
  /** Body type size and line height here (footnotes are smaller). */
  size: number;
  leading: number;
  /** Width of the frame the blocks go into. */
  width: number;
  /** Set in a list item or note: no first-line indent. */
  tight: boolean;
  /** Nesting depth of lists (0 outside any). */
  listDepth: number;
  /** The direction an enclosing element's `dir` gives the paragraphs here (HTML: it inherits); absent, the article's. */
  direction?: Direction;
}

/** A footnote of the model as print sets it: its citations carry `note`, set once the body is done. */
export interface FootnoteEntry {
  note: Note;
  model: ModelNote;
}

export interface SetOptions {
  struct: StructNode;
  align?: Align;
  /** First-line indent. */
  indent?: number;
  size?: number;
  leading?: number;
  role?: BlockRole;
  keep?: 'paragraph' | 'all' | 'none';
  hyphenate?: boolean;
  /** Extra ops for the first line (list labels), relative to the line's top. */
  firstLineOps?: DrawOp[];
  /** Base style for the baseline (default: body roman at `size`). */
  baseStyle?: InlineStyle;
}

/**
 * Where an article's galley goes in a PDF that may hold others (an edition): named destinations
 * get a prefix, so that each article's `#id` links find its own elements; outline entries sit
 * levels deeper (under the edition's sections); structure elements are numbered across the PDF.
 */
export interface ArticlePlacement {
  destinationPrefix: string;
  outlineShift: number;
  structIds: { next: number };
}

const ALONE: () => ArticlePlacement = () => ({ destinationPrefix: '', outlineShift: 0, structIds: { next: 0 } });

/** Everything handlers share while they turn the document model into a galley. */
export class State {
  galley: GalleyItem[] = [];
  context: Context;
  /** The model's notes by their id (what a citation's link points at), in number order. */
  readonly footnotes: ReadonlyMap<string, FootnoteEntry>;
  /** What the last block was: paragraphs after paragraphs get a first-line indent. */
  previous: 'start' | 'paragraph' | 'other' = 'start';
  /** Ids met since the last block was set: named destinations on its first line, for `#id` links. */
  private pendingAnchors: string[] = [];
  private paragraphCount = 0;
  private readonly missingReported = new Set<string>();

  constructor(
    readonly document: DocumentModel,
    readonly theme: PrintTheme,
    readonly book: FontBook,
    readonly geometry: PageGeometry,
    readonly hyphenator: Hyphenator | undefined,
    readonly images: ReadonlyMap<ImageAsset, PreparedImage | undefined>,
    readonly root: StructNode,
    private readonly handlers: BlockHandlers,
    readonly placement: ArticlePlacement = ALONE(),
  ) {
    this.context = {
      left: 0,
      right: 0,
      bars: [],
      struct: root,
      size: theme.base.fontSize,
      leading: theme.base.fontSize * theme.base.leading,
      width: geometry.columnWidth,
      tight: false,
      listDepth: 0,
    };
    this.footnotes = new Map(document.notes.map((model) => [model.id, { note: { id: model.id, number: model.number, blocks: [] }, model }]));
  }

  get file(): VFile {
    return this.document.file;
  }

  /** The article's language is written right to left, and so are all its paragraphs. */
  get rightToLeft(): boolean {
    return isRightToLeft(this.document.article.lang);
  }

  /** Which way paragraphs here run: as an enclosing element's `dir` says, else right to left in a right-to-left article, else each as its first strong letter says. */
  get direction(): Direction {
    return this.context.direction ?? (this.rightToLeft ? 'rtl' : 'auto');
  }

  /** Runs `fn` with the direction an element's `dir` gives the paragraphs in it, when it has one. */
  directed<T>(node: Element, fn: () => T): T {
    const direction = directionOf(node);
    return direction ? this.within({ direction }, fn) : fn();
  }

  /** The measure here. */
  get measure(): number {
    return Math.max(24, this.context.width - this.context.left - this.context.right);
  }

  struct(type: string, extra: Partial<Pick<StructNode, 'alt' | 'lang' | 'scope'>> = {}, parent: StructNode = this.context.struct): StructNode {
    return { id: ++this.placement.structIds.next, type, parent, ...extra };
  }

  /** The PDF's name for the element of this article with `id`: its named destination, and what `#id` links go to. */
  destination(id: string): string {
    return this.placement.destinationPrefix + id;
  }

  /** An outline entry's level in the PDF for a heading of `level` in the article. */
  outlineLevel(level: number): number {
    return level + this.placement.outlineShift;
  }

  /** Runs `fn` with parts of the context changed. */
  within<T>(patch: Partial<Context>, fn: () => T): T {
    const saved = this.context;
    this.context = { ...saved, ...patch };
    try {
      return fn();
    } finally {
      this.context = saved;
    }
  }

  /** Collects what `fn` emits into a separate galley. */
  collect(fn: () => void): GalleyItem[] {
    const saved = this.galley;
    const savedPrevious = this.previous;
    this.galley = [];
    try {
      fn();
      return this.galley;
    } finally {
      this.galley = saved;
      this.previous = savedPrevious;
    }
  }

  /**
   * Hands each block element to its handler. Phrasing content standing among blocks (a tight list
   * item's words before its nested list, text directly in a `<div>`) is set as a paragraph of its own.
   */
  blocks(nodes: readonly ElementContent[]): void {
    let phrasing: ElementContent[] = [];
    const flush = () => {
      if (phrasing.some(showsSomething)) this.handlers.p({ type: 'element', tagName: 'p', properties: {}, children: phrasing }, this);
      phrasing = [];
    };
    for (const node of nodes) {
      if (node.type === 'element' && isBlockTag(node.tagName)) {
        flush();
        this.anchor(node);
        const handler = this.handlers[node.tagName] as BlockHandler;
        this.directed(node, () => handler(node, this));
      } else if (node.type === 'text' || (node.type === 'element' && isPhrasingTag(node.tagName))) {
        phrasing.push(node);
      } else if (node.type === 'element') {
        throw new Error(`<${node.tagName}> is not in the document model's vocabulary`);
      }
    }
    flush();
  }

  /** Remembers an element's id: the next block set carries it as a named destination. */
  anchor(node: Element): void {
    if (typeof node.properties.id === 'string') this.pendingAnchors.push(node.properties.id);
  }

  emit(...items: GalleyItem[]): void {
    if (this.pendingAnchors.length > 0) {
      const first = items.find((item): item is Block => item.kind === 'block');
      if (first) {
        first.ops.unshift(...this.pendingAnchors.map((id): DrawOp => ({ kind: 'anchor', name: this.destination(id), y: 0 })));
        this.pendingAnchors = [];
      }
    }
    this.galley.push(...items);
  }

  space(height: number): void {
    if (height > 0) this.galley.push({ kind: 'space', height });
  }

  warn(reason: string, place: Place, ruleId: string): void {
    reportWarning(this.file, reason, place, ruleId);
  }

  /** The plain style of body text here. */
  bodyStyle(): InlineStyle {
    return { role: 'body', bold: false, italic: false, size: this.context.size, color: this.theme.base.color };
  }

  /** Decorations every line here carries: the bars of enclosing block quotes. */
  decorate(): ((height: number) => DrawOp[]) | undefined {
    const bars = this.context.bars;
    if (bars.length === 0) return undefined;
    return (height) => bars.map((x) => ({ kind: 'rule', x1: x, y1: 0, x2: x, y2: height, width: 1.5, color: '#b8b8b8' }) as DrawOp);
  }

  /** Sets inline content as a paragraph at the current measure and emits its lines. */
  setParagraph(inlines: readonly Inline[], options: SetOptions): Block[] {
    const size = options.size ?? this.context.size;
    const leading = options.leading ?? this.context.leading;
    const base = options.baseStyle ?? { ...this.bodyStyle(), size };
    const hyphenate = options.hyphenate ?? this.theme.paragraph.hyphenate;
    const compose: ComposeOptions = {
      width: this.measure,
      firstIndent: options.indent ?? 0,
      align: options.align ?? (this.theme.paragraph.justify ? 'justify' : 'start'),
      book: this.book,
      direction: this.direction,
      lang: this.document.article.lang,
      ...(hyphenate && this.hyphenator ? { hyphenator: this.hyphenator } : {}),
      onMissingGlyph: (run, offset, cluster) => this.missingGlyph(run, offset, cluster),
    };
    const blocks = paragraphBlocks(inlines, compose, {
      x: this.context.left,
      leading,
      face: faceFor(this.book, base),
      size: base.size,
      role: options.role ?? 'line',
      keep: options.keep ?? 'paragraph',
      paragraphId: ++this.paragraphCount,
      ...(this.decorate() ? { decorate: this.decorate()! } : {}),
    });
    if (options.firstLineOps && blocks[0]) blocks[0].ops.unshift(...options.firstLineOps);
    this.emit(...blocks);
    return blocks;
  }

  missingGlyph(run: TextRun, offset: number, cluster: string): void {
    const codes = [...cluster].map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    const place = placeInRun(run, offset);
    const key = `${codes}@${place?.line}:${place?.column}`;
    if (this.missingReported.has(key)) return;
    this.missingReported.add(key);
    this.warn(
      `no font in the template has the character "${cluster}" (${codes}); it prints as a replacement mark. Add a font that has it to fonts.fallback or fonts.scripts in the template`,
      place,
      'pdf-glyph',
    );
  }
}

/** Phrasing that puts something on the page: not the line breaks between blocks. */
function showsSomething(node: ElementContent): boolean {
  return node.type === 'element' || (node.type === 'text' && node.value.trim() !== '');
}

/** Where character `offset` of a run is in the manuscript: exact when the run's text is the source's, else the run's start. */
function placeInRun(run: TextRun, offset: number): Point | undefined {
  const start = run.origin?.start;
  if (!run.origin?.exact || !start) return start;
  const newlines = run.text.slice(0, offset).split('\n');
  return newlines.length > 1
    ? { line: start.line + newlines.length - 1, column: newlines[newlines.length - 1]!.length + 1 }
    : { line: start.line, column: start.column + offset };
}
