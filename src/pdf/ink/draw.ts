import type PDFDocument from 'pdfkit';
import type { VFile } from 'vfile';
import { reportWarning } from '../../core/diagnostics.js';
import type { Face, GlyphPosition, GlyphUse, Shaped } from '../fonts/book.js';
import type { PreparedImage } from '../images/prepare.js';
import type { FilledFrame, Placed } from '../layout/paginate.js';
import type { Block, DrawOp, LinkTarget, StructNode } from '../layout/types.js';
import type { StructureWriter } from './structure.js';

type Doc = InstanceType<typeof PDFDocument>;

/** The parts of pdfkit's EmbeddedFont (pdfkit 0.20) that drawing text directly uses. */
interface EmbeddedFont {
  id: string;
  scale: number;
  widths: number[];
  unicode: number[][];
  subset: { glyphs: number[]; includeGlyph(glyph: number): number; encode(): Uint8Array };
  ref(): unknown;
  layout: unknown;
  /** Ours: each subset glyph's code as TJ hex. */
  hex: string[];
  /** Ours: the further subset codes of a font glyph drawn for more than one text, by glyph id. */
  variants: Map<number, number[]>;
  /** Ours: each piece's codes, encoded for this document. */
  pieces: Map<Shaped, { hex: string; adjust: number }[]>;
}

/** The part of pdfkit's PDFReference that a page's content goes through. */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
}

/**
 * Collects a page's content operators as strings and hands them to pdfkit in one piece when the page
 * ends: pdfkit would otherwise turn every operator into a small byte array of its own. The bytes are
 * the same (each operator, then a newline).
 */
function gatherContent(content: ContentStream): void {
  const pending: string[] = [];
  const write = content.write.bind(content);
  const end = content.end.bind(content);
  const flush = () => {
    if (pending.length === 0) return;
    write(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
    pending.length = 0;
  };
  content.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  content.end = (chunk) => {
    if (chunk !== undefined) content.write(chunk);
    flush();
    end();
  };
}

/** Numbers as pdfkit writes them (at most six decimals). */
function fmt(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

interface OutlineEntry {
  level: number;
  item: PDFKit.PDFOutline;
}

/** The only code that draws: turns placed blocks into pdfkit calls. */
export class Ink {
  private readonly fonts = new Map<Face, EmbeddedFont>();
  /** The fill color last set on this page (text sets it only when it changes), undefined when unknown. */
  private fill: string | undefined;
  private readonly images = new Map<PreparedImage, unknown>();
  private readonly outline: OutlineEntry[] = [];
  private page = -1;
  /** Structure nodes whose content ends with an op (their own or their descendants'), ended right after it is drawn. */
  private readonly endsAt = new Map<DrawOp, StructNode[]>();
  /** How many more times an op in `endsAt` is drawn (a repeated table header draws the same ops again). */
  private readonly remaining = new Map<DrawOp, number>();
  /** The drawn words of links without a description, and the lines they were gathered from. */
  private readonly linkTexts = new Map<StructNode, string>();
  private readonly linkLines = new Map<StructNode, { block: Block; text: string }[]>();

  constructor(
    readonly doc: Doc,
    readonly structure: StructureWriter,
    private readonly file: VFile,
    private readonly pageSize: [number, number],
  ) {}

  /**
   * Remembers where the content of each structure node ends (call with every frame, in drawing order,
   * before drawing): a node is ended (written out, and its memory freed) once its last op is drawn, and
   * a link on the page its content ends on.
   */
  scan(frames: readonly FilledFrame[], root: StructNode): void {
    const last = new Map<StructNode, DrawOp>();
    const drawn = new Map<DrawOp, number>();
    const visit = (placed: readonly Placed[]) => {
      for (const entry of placed) {
        for (const op of entry.block.ops) {
          if (!('struct' in op) || !op.struct) continue;
          if (op.kind === 'text' && op.struct.type === 'Link' && !op.struct.alt) this.noteLinkText(op.struct, op.text, entry.block);
          drawn.set(op, (drawn.get(op) ?? 0) + 1);
          for (let node: StructNode | undefined = op.struct; node && node !== root; node = node.parent) last.set(node, op);
        }
      }
    };
    for (const frame of frames) {
      visit(frame.placed);
      visit(frame.notes);
    }
    for (const [node, op] of last) {
      const list = this.endsAt.get(op);
      if (list) list.push(node);
      else {
        this.endsAt.set(op, [node]);
        this.remaining.set(op, drawn.get(op)!);
      }
    }
  }

  /**
   * The words of a link the handlers gave no description: its text as drawn, line by line (a
   * repeated table header draws the same block again, and is read once).
   */
  private noteLinkText(node: StructNode, text: string, block: Block): void {
    const lines = this.linkLines.get(node) ?? [];
    if (lines.length === 0) this.linkLines.set(node, lines);
    const line = lines[lines.length - 1];
    if (line?.block === block) line.text += text;
    else if (!lines.some((seen) => seen.block === block)) lines.push({ block, text });
    this.linkTexts.set(node, lines.map((seen) => seen.text.trim()).filter(Boolean).join(' '));
  }

  /** Moves on to `page` (pages are drawn in order: each is written out when the next begins). */
  goToPage(page: number): void {
    if (page === this.page) return;
    if (page < this.page) throw new Error(`page ${page + 1} is drawn after page ${this.page + 1}`);
    this.structure.close();
    this.fill = undefined;
    while (this.page < page) {
      this.doc.addPage({ size: this.pageSize, margin: 0 });
      if (this.structure.enabled) (this.doc.page.dictionary as unknown as { data: Record<string, unknown> }).data.Tabs = 'S';
      gatherContent((this.doc.page as unknown as { content: ContentStream }).content);
      this.page++;
    }
  }

  drawFrame(filled: FilledFrame): void {
    this.goToPage(filled.frame.page);
    const { x, y, width } = filled.frame;
    this.drawBlocks(filled.placed, x, y);
    if (filled.notes.length > 0) {
      const ruleY = y + filled.footTop + 4;
      this.draw({ kind: 'rule', x1: 0, y1: 0, x2: Math.min(width, 120), y2: 0, width: 0.5, color: '#777777' }, x, ruleY);
      this.drawBlocks(filled.notes, x, y);
    }
    this.structure.close();
  }

  /**
   * Draws placed blocks in order, the shading of code rows first: a row's shading drawn after the row
   * above would cover what hangs below that row's line (the dots under Arabic letters).
   */
  private drawBlocks(placed: readonly Placed[], x: number, y: number): void {
    for (const entry of placed) if (entry.block.role === 'code') for (const op of entry.block.ops) if (op.kind === 'rect') this.draw(op, x, y + entry.y);
    for (const entry of placed) this.drawBlock(entry.block, x, y + entry.y, entry.block.role === 'code');
  }

  drawBlock(block: Block, x: number, y: number, shaded = false): void {
    for (const op of block.ops) if (!(shaded && op.kind === 'rect')) this.draw(op, x, y);
  }

  draw(op: DrawOp, x0: number, y0: number): void {
    const doc = this.doc;
    switch (op.kind) {
      case 'text':
        this.text(op, x0, y0);
        break;
      case 'rect':
        this.structure.mark(undefined);
        this.fill = undefined;
        doc.rect(x0 + op.x, y0 + op.y, op.width, op.height).fill(op.color);
        break;
      case 'rule':
        this.structure.mark(undefined);
        doc.save().lineWidth(op.width).strokeColor(op.color).moveTo(x0 + op.x1, y0 + op.y1).lineTo(x0 + op.x2, y0 + op.y2).stroke().restore();
        break;
      case 'image':
        this.fill = undefined;
        this.image(op, x0, y0);
        break;
      case 'link': {
        // PDF/UA 7.18.5: every link annotation describes itself (/Contents), its Link element too (/Alt).
        const text = (op.struct && (op.struct.alt || this.linkTexts.get(op.struct))) || '';
        const options: Record<string, unknown> = { Contents: new String(linkContents(text, op.target)) };
        if (op.struct && this.structure.enabled) {
          this.structure.describe(op.struct, text || linkContents(text, op.target));
          options.structParent = this.structure.element(op.struct);
        }
        if (op.target.kind === 'uri') doc.link(x0 + op.x, y0 + op.y, op.width, op.height, op.target.uri, options as PDFKit.Mixins.AnnotationOption);
        else doc.goTo(x0 + op.x, y0 + op.y, op.width, op.height, op.target.name, options as PDFKit.Mixins.AnnotationOption);
        break;
      }
      case 'anchor':
        doc.addNamedDestination(op.name, 'XYZ', x0, y0 + op.y, null as unknown as number);
        break;
      case 'outline':
        this.addOutline(op.title, op.level, y0 + op.y);
        break;
    }
    const ending = this.endsAt.get(op);
    if (ending && this.remaining.set(op, this.remaining.get(op)! - 1).get(op) === 0) {
      this.endsAt.delete(op);
      this.remaining.delete(op);
      this.structure.close();
      for (const node of ending) this.structure.end(node);
    }
  }

  /**
   * Draws a piece of text as pdfkit's text() would, without its per-call machinery: the glyphs the
   * text was measured with, kerning as TJ adjustments, offset glyphs (marks) each at its place, the
   * letter-spacing as character spacing. The page is y-down (pdfkit flips it), so is the text matrix.
   */
  private text(op: Extract<DrawOp, { kind: 'text' }>, x0: number, y0: number): void {
    this.structure.mark(op.struct);
    const font = this.embedded(op.face);
    const page = this.doc.page as unknown as { fonts: Record<string, unknown> };
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    if (this.fill !== op.color) {
      this.doc.fillColor(op.color);
      this.fill = op.color;
    }
    const x = x0 + op.x;
    const y = y0 + op.y;
    let out = `BT\n/${font.id} ${fmt(op.size)} Tf\n`;
    if (op.spacing) out += `${fmt(op.spacing)} Tc\n`;
    out += `1 0 0 -1 ${fmt(x)} ${fmt(y)} Tm\n`;
    // Each piece (word, space) is encoded once per document: its glyph codes, split where kerning moves the next glyph.
    const commands: string[] = [];
    let pending = '';
    let marks = false;
    let actualText = false;
    op.face.loaded.pieces(
      op.text,
      (piece) => {
        actualText ||= !op.face.loaded.readsBackAsTyped(piece);
        if (piece.offsets) marks = true;
        if (marks) return;
        for (const segment of this.encode(font, op.face.loaded, piece)) {
          pending += segment.hex;
          if (segment.adjust !== 0) {
            commands.push(`<${pending}> ${fmt(segment.adjust)}`);
            pending = '';
          }
        }
      },
      op.rightToLeft,
    );
    // Text whose glyphs do not spell it in drawing order says what it reads (copying, search, pdftotext).
    if (actualText) out += `/Span <</ActualText ${textString(op.text)}>> BDC\n`;
    if (marks) out += this.glyphByGlyph(font, op, x, y);
    else {
      if (pending !== '') commands.push(`<${pending}> 0`);
      if (commands.length > 0) out += `[${commands.join(' ')}] TJ\n`;
    }
    if (actualText) out += 'EMC\n';
    out += op.spacing ? 'ET\n0 Tc' : 'ET';
    this.doc.addContent(out);
  }

  /** A piece's glyph codes in this document's subset, split after each glyph kerning moves the next one. */
  private encode(font: EmbeddedFont, loaded: Face['loaded'], piece: Shaped): { hex: string; adjust: number }[] {
    let segments = font.pieces.get(piece);
    if (segments) return segments;
    segments = [];
    let hex = '';
    const scale = loaded.pdfScale;
    for (let index = 0; index < piece.ids.length; index++) {
      const id = piece.ids[index]!;
      const nominal = loaded.nominalAdvance(id);
      hex += this.subsetCode(font, id, nominal, loaded.codePoints(piece, index));
      const adjust = -(piece.advances[index]! - nominal) * scale;
      if (adjust !== 0) {
        segments.push({ hex, adjust });
        hex = '';
      }
    }
    if (hex !== '') segments.push({ hex, adjust: 0 });
    font.pieces.set(piece, segments);
    return segments;
  }

  /** A glyph's code in this document's subset. */
  private code(font: EmbeddedFont, glyph: GlyphUse): string {
    return this.subsetCode(font, glyph.id, glyph.advanceWidth, glyph.codePoints);
  }

  /**
   * The code, as TJ hex, that draws glyph `id` and reads as `codePoints` (the glyph is added to the
   * subset, its width and characters noted, on first use). A PDF maps each code to one text, so a
   * glyph drawn for different texts (a font may draw Persian ۱ and Arabic ١ alike) is added again
   * under a further code for each.
   */
  private subsetCode(font: EmbeddedFont, id: number, advanceWidth: number, codePoints: number[]): string {
    let gid = font.subset.includeGlyph(id);
    const first = font.unicode[gid];
    if (first !== undefined && !sameCodePoints(first, codePoints)) {
      const variants = font.variants.get(id) ?? [];
      const known = variants.find((variant) => sameCodePoints(font.unicode[variant]!, codePoints));
      if (known === undefined) {
        font.subset.glyphs.push(id);
        gid = font.subset.glyphs.length - 1;
        variants.push(gid);
        font.variants.set(id, variants);
      } else {
        gid = known;
      }
    }
    let hex = font.hex[gid];
    if (hex === undefined) {
      hex = `0000${gid.toString(16)}`.slice(-4);
      font.hex[gid] = hex;
      font.widths[gid] ??= advanceWidth * font.scale;
      font.unicode[gid] ??= codePoints;
    }
    return hex;
  }

  /** Text with positioned marks, as pdfkit draws it: each offset glyph placed with its own text matrix. */
  private glyphByGlyph(font: EmbeddedFont, op: Extract<DrawOp, { kind: 'text' }>, x: number, y: number): string {
    const scale = op.size / 1000;
    const hexes: string[] = [];
    const positions: GlyphPosition[] = [];
    op.face.loaded.glyphs(
      op.text,
      (glyph, position) => {
        hexes.push(this.code(font, glyph));
        positions.push(position);
      },
      op.rightToLeft,
    );
    let out = '';
    const commands: string[] = [];
    let last = 0;
    const segment = (upTo: number) => {
      if (last < upTo) {
        const position = positions[upTo - 1]!;
        commands.push(`<${hexes.slice(last, upTo).join('')}> ${fmt(-(position.xAdvance - position.advanceWidth))}`);
      }
      last = upTo;
    };
    const flush = (upTo: number) => {
      segment(upTo);
      if (commands.length > 0) {
        out += `[${commands.join(' ')}] TJ\n`;
        commands.length = 0;
      }
    };
    let cursor = x;
    let offset = false;
    for (let index = 0; index < positions.length; index++) {
      const position = positions[index]!;
      if (position.xOffset || position.yOffset) {
        flush(index);
        out += `1 0 0 -1 ${fmt(cursor + position.xOffset * scale)} ${fmt(y - position.yOffset * scale)} Tm\n`;
        flush(index + 1);
        offset = true;
      } else {
        if (offset) {
          out += `1 0 0 -1 ${fmt(cursor)} ${fmt(y)} Tm\n`;
          offset = false;
        }
        if (position.xAdvance - position.advanceWidth !== 0) segment(index + 1);
      }
      cursor += position.xAdvance * scale;
    }
    flush(positions.length);
    return out;
  }

  /** pdfkit's font object for a face in this document, registered on first use. */
  private embedded(face: Face): EmbeddedFont {
    let font = this.fonts.get(face);
    if (font) return font;
    // The parsed font itself: pdfkit would otherwise parse the file a second time.
    this.doc.registerFont(face.key, face.font as unknown as Buffer);
    this.doc.font(face.key);
    font = (this.doc as unknown as { _font: EmbeddedFont })._font;
    // pdfkit maps the .notdef glyph (code 0, never drawn) to U+0000, which PDF/UA forbids in a ToUnicode map (Matterhorn 31-028).
    font.unicode[0] = [0xfffd];
    // pdfkit writes the .notdef glyph's width in font units, unscaled: wrong for every font not of 1000 units an em (31-016).
    font.widths[0]! *= font.scale;
    font.hex = [];
    font.variants = new Map();
    font.pieces = new Map();
    // pdfkit is never asked to lay text out, but if it were, it would get the pieces the text was measured with.
    font.layout = (text: string, _features: unknown, onlyWidth?: boolean) => face.loaded.pdfkitLayout(text, onlyWidth === true);
    // Subsets encoded for earlier documents of the process are used again.
    const subset = font.subset;
    const encode = subset.encode.bind(subset);
    subset.encode = () => face.loaded.subset(subset.glyphs, encode);
    this.fonts.set(face, font);
    return font;
  }

  private image(op: Extract<DrawOp, { kind: 'image' }>, x0: number, y0: number): void {
    const doc = this.doc;
    this.structure.mark(op.struct);
    try {
      let opened = this.images.get(op.image);
      if (!opened) {
        opened = (doc as unknown as { openImage(data: Buffer): unknown }).openImage(op.image.data);
        this.images.set(op.image, opened);
      }
      doc.image(opened as Buffer, x0 + op.x, y0 + op.y, { width: op.width, height: op.height });
    } catch (error) {
      reportWarning(
        this.file,
        `image "${op.image.src}" cannot be drawn in the PDF (${(error as Error).message.split('\n')[0]}); its alt text stands in`,
        op.place,
        'pdf-image',
      );
      this.structure.mark(undefined);
      doc.save().lineWidth(0.5).strokeColor('#999999').rect(x0 + op.x, y0 + op.y, op.width, op.height).stroke().restore();
    }
  }

  private addOutline(title: string, level: number, y: number): void {
    while (this.outline.length > 0 && this.outline[this.outline.length - 1]!.level >= level) this.outline.pop();
    const parent = this.outline[this.outline.length - 1]?.item ?? this.doc.outline;
    const [width] = this.pageSize;
    const item = parent.addItem(title, { top: Math.max(0, y - 6), left: width } as unknown as Parameters<PDFKit.PDFOutline['addItem']>[1]);
    this.outline.push({ level, item });
  }
}

/**
 * A link annotation's /Contents: its words and, for a web or mail address, where it goes, unless the
 * words are the address already ("NATO (https://www.nato.int/)", "https://www.nato.int/").
 */
export function linkContents(text: string, target: LinkTarget): string {
  if (target.kind === 'internal') return text || target.name;
  const address = target.uri.replace(/^mailto:/i, '');
  if (text === '') return address;
  const plain = (value: string) => value.toLowerCase().replace(/^(https?:\/\/)?(www\.)?/, '').replace(/\/$/, '');
  return plain(text) === plain(address) ? text : `${text} (${address})`;
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** A PDF text string for any text: UTF-16BE with its byte order mark, in hex. */
function textString(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index++) hex += text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}
