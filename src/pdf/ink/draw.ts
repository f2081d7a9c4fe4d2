import type { VFile } from 'vfile';
import { reportWarning } from '../../core/diagnostics.js';
import type { Face, GlyphPosition, Shaped } from '../fonts/book.js';
import type { FilledFrame, Placed } from '../layout/paginate.js';
import type { Block, DrawOp, LinkTarget, StructNode } from '../layout/types.js';
import type { OutlineItem, Pdf, PdfFont } from './pdfkit.js';
import type { StructureWriter } from './structure.js';

/** Numbers as pdfkit writes them (at most six decimals). */
function fmt(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

interface OutlineEntry {
  level: number;
  item: OutlineItem;
}

/** A piece's glyph codes up to a glyph that kerning moves the next one from, and that move (TJ units). */
interface Segment {
  hex: string;
  adjust: number;
}

/** The only code that draws: turns placed blocks into calls of the PDF writer. */
export class Ink {
  /** Each piece's codes, encoded for this document, by face. */
  private readonly encoded = new Map<Face, Map<Shaped, Segment[]>>();
  /** The fill color last set on this page (text sets it only when it changes), undefined when unknown. */
  private fill: string | undefined;
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
    private readonly pdf: Pdf,
    readonly structure: StructureWriter,
    private readonly file: VFile,
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
      this.pdf.addPage();
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
    const pdf = this.pdf;
    switch (op.kind) {
      case 'text':
        this.text(op, x0, y0);
        break;
      case 'rect':
        this.structure.mark(undefined);
        this.fill = undefined;
        pdf.fillRect(x0 + op.x, y0 + op.y, op.width, op.height, op.color);
        break;
      case 'rule':
        this.structure.mark(undefined);
        pdf.strokeLine(x0 + op.x1, y0 + op.y1, x0 + op.x2, y0 + op.y2, op.width, op.color);
        break;
      case 'image':
        this.fill = undefined;
        this.image(op, x0, y0);
        break;
      case 'link': {
        // PDF/UA 7.18.5: every link annotation describes itself (/Contents), its Link element too (/Alt).
        const text = (op.struct && (op.struct.alt || this.linkTexts.get(op.struct))) || '';
        const contents = linkContents(text, op.target);
        let element;
        if (op.struct && this.structure.enabled) {
          this.structure.describe(op.struct, text || contents);
          element = this.structure.element(op.struct);
        }
        pdf.link(x0 + op.x, y0 + op.y, op.width, op.height, op.target, contents, element);
        break;
      }
      case 'anchor':
        pdf.destination(op.name, x0, y0 + op.y);
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
    const font = this.pdf.font(op.face);
    if (this.fill !== op.color) {
      this.pdf.fillColor(op.color);
      this.fill = op.color;
    }
    const x = x0 + op.x;
    const y = y0 + op.y;
    let out = `BT\n/${font.name} ${fmt(op.size)} Tf\n`;
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
        for (const segment of this.encode(font, op.face, piece)) {
          pending += segment.hex;
          if (segment.adjust !== 0) {
            commands.push(`<${pending}> ${fmt(segment.adjust)}`);
            pending = '';
          }
        }
      },
      op.rightToLeft ? 'rtl' : op.leftToRight ? 'ltr' : undefined,
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
    this.pdf.addContent(out);
  }

  /** A piece's glyph codes in this document's subset, split after each glyph kerning moves the next one. */
  private encode(font: PdfFont, face: Face, piece: Shaped): Segment[] {
    let pieces = this.encoded.get(face);
    if (!pieces) {
      pieces = new Map();
      this.encoded.set(face, pieces);
    }
    let segments = pieces.get(piece);
    if (segments) return segments;
    segments = [];
    const loaded = face.loaded;
    let hex = '';
    const scale = loaded.pdfScale;
    for (let index = 0; index < piece.ids.length; index++) {
      const id = piece.ids[index]!;
      const nominal = loaded.nominalAdvance(id);
      hex += font.code(id, nominal, loaded.codePoints(piece, index));
      const adjust = -(piece.advances[index]! - nominal) * scale;
      if (adjust !== 0) {
        segments.push({ hex, adjust });
        hex = '';
      }
    }
    if (hex !== '') segments.push({ hex, adjust: 0 });
    pieces.set(piece, segments);
    return segments;
  }

  /** Text with positioned marks, as pdfkit draws it: each offset glyph placed with its own text matrix. */
  private glyphByGlyph(font: PdfFont, op: Extract<DrawOp, { kind: 'text' }>, x: number, y: number): string {
    const scale = op.size / 1000;
    const hexes: string[] = [];
    const positions: GlyphPosition[] = [];
    op.face.loaded.glyphs(
      op.text,
      (glyph, position) => {
        hexes.push(font.code(glyph.id, glyph.advanceWidth, glyph.codePoints));
        positions.push(position);
      },
      op.rightToLeft ? 'rtl' : op.leftToRight ? 'ltr' : undefined,
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

  private image(op: Extract<DrawOp, { kind: 'image' }>, x0: number, y0: number): void {
    this.structure.mark(op.struct);
    try {
      this.pdf.image(op.image, x0 + op.x, y0 + op.y, op.width, op.height);
    } catch (error) {
      reportWarning(
        this.file,
        `image "${op.image.src}" cannot be drawn in the PDF (${(error as Error).message.split('\n')[0]}); its alt text stands in`,
        op.place,
        'pdf-image',
      );
      this.structure.mark(undefined);
      this.pdf.strokeRect(x0 + op.x, y0 + op.y, op.width, op.height, 0.5, '#999999');
    }
  }

  private addOutline(title: string, level: number, y: number): void {
    while (this.outline.length > 0 && this.outline[this.outline.length - 1]!.level >= level) this.outline.pop();
    const item = this.pdf.outlineItem(this.outline[this.outline.length - 1]?.item, title, Math.max(0, y - 6));
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

/** A PDF text string for any text: UTF-16BE with its byte order mark, in hex. */
function textString(text: string): string {
  let hex = 'FEFF';
  for (let index = 0; index < text.length; index++) hex += text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}
