import type PDFDocument from 'pdfkit';
import type { VFile } from 'vfile';
import { reportWarning } from '../../core/diagnostics.js';
import type { Face } from '../fonts/book.js';
import type { PreparedImage } from '../images/prepare.js';
import type { FilledFrame } from '../layout/paginate.js';
import type { Block, DrawOp, StructNode } from '../layout/types.js';
import type { StructureWriter } from './structure.js';

type Doc = InstanceType<typeof PDFDocument>;

interface OutlineEntry {
  level: number;
  item: PDFKit.PDFOutline;
}

/** The only code that draws: turns placed blocks into pdfkit calls. */
export class Ink {
  private readonly fonts = new Set<Face>();
  private readonly images = new Map<PreparedImage, unknown>();
  private readonly outline: OutlineEntry[] = [];
  private page = -1;
  /** Index of the last op of each Link node, so the element ends on its own page. */
  private readonly linkEnds = new Map<StructNode, DrawOp>();

  constructor(
    readonly doc: Doc,
    readonly structure: StructureWriter,
    private readonly file: VFile,
    private readonly pageSize: [number, number],
  ) {}

  /** Remembers where each link's content ends (call with every frame before drawing). */
  scan(frames: readonly FilledFrame[]): void {
    for (const frame of frames) {
      for (const placed of [...frame.placed, ...frame.notes]) {
        for (const op of placed.block.ops) {
          if ((op.kind === 'text' || op.kind === 'link') && op.struct?.type === 'Link') this.linkEnds.set(op.struct, op);
        }
      }
    }
  }

  goToPage(page: number): void {
    this.structure.close();
    while (this.doc.bufferedPageRange().count <= page) {
      this.doc.addPage({ size: this.pageSize, margin: 0 });
      if (this.structure.enabled) (this.doc.page.dictionary as unknown as { data: Record<string, unknown> }).data.Tabs = 'S';
    }
    if (this.page !== page) this.doc.switchToPage(page);
    this.page = page;
  }

  drawFrame(filled: FilledFrame): void {
    this.goToPage(filled.frame.page);
    const { x, y, width } = filled.frame;
    for (const placed of filled.placed) this.drawBlock(placed.block, x, y + placed.y);
    if (filled.notes.length > 0) {
      const ruleY = y + filled.footTop + 4;
      this.draw({ kind: 'rule', x1: 0, y1: 0, x2: Math.min(width, 120), y2: 0, width: 0.5, color: '#777777' }, x, ruleY);
      for (const placed of filled.notes) this.drawBlock(placed.block, x, y + placed.y);
    }
    this.structure.close();
  }

  drawBlock(block: Block, x: number, y: number): void {
    for (const op of block.ops) this.draw(op, x, y);
  }

  draw(op: DrawOp, x0: number, y0: number): void {
    const doc = this.doc;
    switch (op.kind) {
      case 'text': {
        this.structure.mark(op.struct);
        this.useFont(op.face);
        doc.fontSize(op.size).fillColor(op.color);
        doc.text(op.text, x0 + op.x, y0 + op.y, { lineBreak: false, baseline: 'alphabetic' });
        break;
      }
      case 'rect':
        this.structure.mark(undefined);
        doc.rect(x0 + op.x, y0 + op.y, op.width, op.height).fill(op.color);
        break;
      case 'rule':
        this.structure.mark(undefined);
        doc.save().lineWidth(op.width).strokeColor(op.color).moveTo(x0 + op.x1, y0 + op.y1).lineTo(x0 + op.x2, y0 + op.y2).stroke().restore();
        break;
      case 'image':
        this.image(op, x0, y0);
        break;
      case 'link': {
        const options = op.struct && this.structure.enabled ? { structParent: this.structure.element(op.struct) } : {};
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
    if ((op.kind === 'text' || op.kind === 'link') && op.struct && this.linkEnds.get(op.struct) === op) {
      this.structure.close();
      this.structure.end(op.struct);
    }
  }

  private useFont(face: Face): void {
    if (!this.fonts.has(face)) {
      this.doc.registerFont(face.key, face.data);
      this.fonts.add(face);
    }
    this.doc.font(face.key);
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
