import GithubSlugger from 'github-slugger';
import type { Heading, Nodes, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import type { Manuscript } from '../../core/article.js';
import { reportWarning, type Place, type Point } from '../../core/diagnostics.js';
import { isRightToLeft } from '../../core/direction.js';
import type { ImageAsset } from '../../read/images.js';
import type { PrintTheme } from '../../template/theme.js';
import type { FontBook } from '../fonts/book.js';
import type { PreparedImage } from '../images/prepare.js';
import type { PageGeometry } from '../layout/frames.js';
import { lineBlocks } from '../layout/lines.js';
import type { Block, BlockRole, DrawOp, GalleyItem, Note, StructNode } from '../layout/types.js';
import { composeParagraph, faceFor, type Align } from '../text/compose.js';
import type { Hyphenator } from '../text/hyphenate.js';
import type { Inline, InlineStyle, TextRun } from '../text/types.js';
import type { BlockHandler, BlockHandlers } from './types.js';

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
}

/** A footnote as the handlers know it: numbered at its first citation, set once the body is done. */
export interface FootnoteEntry {
  note: Note;
  anchor: string;
  definition: Nodes | undefined;
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

/** Everything handlers share while they turn the mdast tree into a galley. */
export class State {
  galley: GalleyItem[] = [];
  context: Context;
  readonly footnotes = new Map<string, FootnoteEntry>();
  readonly footnoteOrder: FootnoteEntry[] = [];
  readonly definitions = new Map<string, { url: string; title: string | null | undefined }>();
  /** Heading slugs that internal links may point at. */
  readonly anchors = new Set<string>();
  readonly footnoteDefinitions = new Map<string, Nodes>();
  /** What the last block was: paragraphs after paragraphs get a first-line indent. */
  previous: 'start' | 'paragraph' | 'other' = 'start';
  private structCount = 0;
  private paragraphCount = 0;
  private readonly missingReported = new Set<string>();
  private readonly headingSlugger = new GithubSlugger();

  constructor(
    readonly manuscript: Manuscript,
    readonly theme: PrintTheme,
    readonly book: FontBook,
    readonly geometry: PageGeometry,
    readonly hyphenator: Hyphenator | undefined,
    readonly images: ReadonlyMap<ImageAsset, PreparedImage | undefined>,
    readonly root: StructNode,
    private readonly handlers: BlockHandlers,
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
  }

  get file(): VFile {
    return this.manuscript.file;
  }

  /** The article's language is written right to left, and so are all its paragraphs. */
  get rightToLeft(): boolean {
    return isRightToLeft(this.manuscript.article.lang);
  }

  /** The measure here. */
  get measure(): number {
    return Math.max(24, this.context.width - this.context.left - this.context.right);
  }

  struct(type: string, extra: Partial<Pick<StructNode, 'alt' | 'lang' | 'scope'>> = {}, parent: StructNode = this.context.struct): StructNode {
    return { id: ++this.structCount, type, parent, ...extra };
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

  /** The anchor of the next heading, as the ebook and GitHub make it. */
  nextHeadingSlug(node: Heading): string {
    return this.headingSlugger.slug(toString(node));
  }

  /** Hands each block node to its handler. */
  blocks(nodes: readonly RootContent[]): void {
    for (const node of nodes) {
      const handler = this.handlers[node.type] as BlockHandler<RootContent> | undefined;
      if (handler) {
        handler(node, this);
        continue;
      }
      const text = toString(node);
      if (text.trim() === '') continue;
      this.warn(`${node.type} is not laid out in print yet; its text is kept as a paragraph`, node.position?.start, 'pdf-node');
      const struct = this.struct('P');
      this.setParagraph([{ kind: 'text', text, style: this.bodyStyle(), struct }], { struct });
      this.previous = 'other';
    }
  }

  emit(...items: GalleyItem[]): void {
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
    const lines = composeParagraph(inlines, {
      width: this.measure,
      firstIndent: options.indent ?? 0,
      align: options.align ?? (this.theme.paragraph.justify ? 'justify' : 'start'),
      book: this.book,
      rightToLeft: this.rightToLeft,
      ...(hyphenate && this.hyphenator ? { hyphenator: this.hyphenator } : {}),
      onMissingGlyph: (run, offset, cluster) => this.missingGlyph(run, offset, cluster),
    });
    const blocks = lineBlocks(lines, {
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

/** Where character `offset` of a run is in the manuscript: exact when the run's text is the source's, else the run's start. */
function placeInRun(run: TextRun, offset: number): Point | undefined {
  const start = run.origin?.start;
  if (!run.origin?.exact || !start) return start;
  const newlines = run.text.slice(0, offset).split('\n');
  return newlines.length > 1
    ? { line: start.line + newlines.length - 1, column: newlines[newlines.length - 1]!.length + 1 }
    : { line: start.line, column: start.column + offset };
}
