import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { installedVersion } from '../../core/installed-version.js';
import type { Face } from '../fonts/book.js';
import type { LinkTarget } from '../layout/types.js';

/*
 * The one module that reaches pdfkit: the rest of the PDF writer uses the `Pdf` below. Reproducible
 * bytes, escaped XMP, text drawn from our own shaping and structure elements settled after they are
 * made ask for more than pdfkit's public API, so this file also reaches into its internals; each such
 * use says why. All were checked against the release named here, and another one fails at once.
 */
const CHECKED_VERSION = '0.20.2';
const INSTALLED_VERSION = installedVersion('pdfkit');
if (INSTALLED_VERSION !== CHECKED_VERSION) {
  throw new Error(
    `src/pdf/ink/pdfkit.ts relies on internals of pdfkit ${CHECKED_VERSION}, but pdfkit ${INSTALLED_VERSION} is installed: check each use of them there against ${INSTALLED_VERSION}, then update CHECKED_VERSION`,
  );
}

type PdfkitDocument = InstanceType<typeof PDFDocument>;

interface Dictionary {
  data: Record<string, unknown>;
}

/** The part of pdfkit's PDFReference that a page's content goes through. */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
}

/** pdfkit's EmbeddedFont, the parts that drawing text without pdfkit's text() uses. */
interface EmbeddedFont {
  id: string;
  scale: number;
  widths: number[];
  unicode: number[][];
  subset: { glyphs: number[]; includeGlyph(glyph: number): number; encode(): Uint8Array };
  ref(): unknown;
}

/** pdfkit's document beyond its typings. */
interface DocumentInternals {
  _id: Uint8Array;
  _offset: number;
  _font: EmbeddedFont;
  _write(data: string | Uint8Array): void;
  _finalize(): void;
  _addInfo(): void;
  appendXML(xml: string, newline?: boolean): void;
  openImage(data: Buffer): unknown;
  getStructTreeRoot(): Dictionary;
  page: { dictionary: Dictionary; content: ContentStream; fonts: Record<string, unknown> };
}

type ElementInternals = PDFKit.PDFStructureElement & { dictionary: Dictionary; _children: unknown[] };

declare const opaque: unique symbol;
/** An element of the logical structure (tagged PDF). */
export interface StructureElement {
  readonly [opaque]: 'StructureElement';
}
/** An entry of the document outline (bookmarks). */
export interface OutlineItem {
  readonly [opaque]: 'OutlineItem';
}

export interface PdfSettings {
  /** Width and height of every page, in points. */
  pageSize: [number, number];
  pdfa: 'none' | '2b' | '3b';
  tagged: boolean;
  lang: string;
  /** The document information (empty values are left out). */
  info: { title: string; author: string; subject: string | undefined; keywords: string; creator: string; producer: string; date: Date };
  /** The XMP metadata's properties (`rdf:Description` elements), escaped. */
  xmp: string;
}

export interface Attachment {
  name: string;
  data: Buffer;
  type: string;
  description: string;
  /** What the file is to the PDF (PDF/A-3's AFRelationship). */
  relationship: 'Source';
  date: Date;
}

/**
 * A PDF being written, page after page: each page is written out (and freed) when the next begins.
 * Drawing is in points, y down from the top of the page.
 */
export class Pdf {
  private readonly doc: PdfkitDocument;
  private readonly internals: DocumentInternals;
  private readonly output = new ByteSink();
  private readonly done: Promise<Uint8Array>;
  private readonly fonts = new Map<Face, SubsetFont>();
  private readonly images = new Map<object, unknown>();
  private readonly elements = new WeakSet<object>();

  constructor(private readonly settings: PdfSettings) {
    const { info, pdfa } = settings;
    // Dated by the build: pdfkit would date the document (and derive its file identifier from) the clock.
    const described: Record<string, string | Date> = { Title: info.title, Creator: info.creator, Producer: info.producer, CreationDate: info.date, ModDate: info.date };
    if (info.author) described.Author = info.author;
    if (info.subject) described.Subject = info.subject;
    if (info.keywords) described.Keywords = info.keywords;
    this.doc = new PDFDocument({
      autoFirstPage: false,
      // No default font: pdfkit would parse Helvetica's metrics for nothing (every text names its font).
      font: '',
      // Pages are drawn in order and each is written out (and freed) when the next begins.
      bufferPages: false,
      // At its default, 1.3, pdfkit silently leaves out the XMP metadata that PDF/A needs.
      pdfVersion: '1.7',
      compress: true,
      size: settings.pageSize,
      margin: 0,
      tagged: settings.tagged,
      lang: settings.lang,
      displayTitle: true,
      ...(pdfa === 'none' ? {} : { subset: pdfa === '2b' ? 'PDF/A-2b' : 'PDF/A-3b' }),
      info: described as PDFKit.DocumentInfo,
    });
    const internals = (this.internals = this.doc as unknown as DocumentInternals);

    // pdfkit's own XMP repeats the document information unescaped: ours is written instead.
    internals._addInfo = () => internals.appendXML(settings.xmp);

    // The bytes go straight into one growing buffer (not through pdfkit's stream, which would keep every
    // small write as a chunk of its own until the end). The file identifier is a digest of every byte
    // before the cross-reference table, so equal content gives an equal ID (pdfkit's digests the clock).
    // The header pdfkit wrote while it was being created is waiting in its stream (and counted in _offset).
    const header = this.doc.read() as Buffer | null;
    if (header) this.output.write(header);
    internals._write = (data) => {
      internals._offset += this.output.write(data);
    };
    const finalize = internals._finalize.bind(this.doc);
    internals._finalize = () => {
      internals._id = createHash('md5').update(this.output.bytes()).digest();
      finalize();
    };
    this.done = new Promise<Uint8Array>((resolve, reject) => {
      this.doc.on('end', () => resolve(this.output.bytes()));
      this.doc.on('error', reject);
    });
    // Nothing is read from the stream (pdfkit pushes only its end onto it), but 'end' needs it flowing.
    this.doc.resume();
  }

  /** Embeds a file (PDF/A-3's associated files); call before the first page. */
  attach(file: Attachment): void {
    this.doc.file(file.data, {
      name: file.name,
      type: file.type,
      relationship: file.relationship,
      description: file.description,
      creationDate: file.date,
      modifiedDate: file.date,
    } as PDFKit.Mixins.PDFAttachmentOptions);
  }

  /** Begins a page: the one before is written out. */
  addPage(): void {
    this.doc.addPage({ size: this.settings.pageSize, margin: 0 });
    const page = this.internals.page;
    // pdfkit adds /Tabs /S to a tagged page too, but only as it ends: set now, it keeps its place in the dictionary.
    if (this.settings.tagged) page.dictionary.data.Tabs = 'S';
    gatherContent(page.content);
  }

  /** Appends content operators (with a newline) to the page. */
  addContent(operators: string): void {
    this.doc.addContent(operators);
  }

  fillColor(color: string): void {
    this.doc.fillColor(color);
  }

  fillRect(x: number, y: number, width: number, height: number, color: string): void {
    this.doc.rect(x, y, width, height).fill(color);
  }

  strokeLine(x1: number, y1: number, x2: number, y2: number, lineWidth: number, color: string): void {
    this.doc.save().lineWidth(lineWidth).strokeColor(color).moveTo(x1, y1).lineTo(x2, y2).stroke().restore();
  }

  strokeRect(x: number, y: number, width: number, height: number, lineWidth: number, color: string): void {
    this.doc.save().lineWidth(lineWidth).strokeColor(color).rect(x, y, width, height).stroke().restore();
  }

  /** Draws a picture (PNG or JPEG bytes), embedded once however often it is drawn; throws when pdfkit cannot read it. */
  image(picture: { data: Buffer }, x: number, y: number, width: number, height: number): void {
    let opened = this.images.get(picture);
    if (!opened) {
      // Given bytes, pdfkit opens and embeds the picture again at every call; opened once, it embeds it once.
      opened = this.internals.openImage(picture.data);
      this.images.set(picture, opened);
    }
    this.doc.image(opened as Buffer, x, y, { width, height });
  }

  /** The face's font in this document (embedded on first use), listed in the page's resources. */
  font(face: Face): PdfFont {
    let font = this.fonts.get(face);
    if (!font) {
      font = this.embed(face);
      this.fonts.set(face, font);
    }
    // pdfkit lists a font in a page's resources only when its own text() uses it.
    this.internals.page.fonts[font.name] ??= font.embedded.ref();
    return font;
  }

  private embed(face: Face): SubsetFont {
    // The parsed font itself: pdfkit would otherwise parse the file a second time.
    this.doc.registerFont(face.key, face.font as unknown as Buffer);
    this.doc.font(face.key);
    const embedded = this.internals._font;
    // pdfkit maps the .notdef glyph (code 0, never drawn) to U+0000, which PDF/UA forbids in a ToUnicode map (Matterhorn 31-028).
    embedded.unicode[0] = [0xfffd];
    // pdfkit writes the .notdef glyph's width in font units, unscaled: wrong for every font not of 1000 units an em (31-016).
    embedded.widths[0]! *= embedded.scale;
    // Subsets encoded for earlier documents of the process are used again.
    const subset = embedded.subset;
    const encode = subset.encode.bind(subset);
    subset.encode = () => face.loaded.subset(subset.glyphs, encode);
    return new SubsetFont(embedded);
  }

  /** A link annotation over the box, described by `contents` (/Contents), part of `element` when tagged. */
  link(x: number, y: number, width: number, height: number, target: LinkTarget, contents: string, element?: StructureElement): void {
    const options: Record<string, unknown> = { Contents: new String(contents) };
    if (element) options.structParent = element;
    if (target.kind === 'uri') this.doc.link(x, y, width, height, target.uri, options as PDFKit.Mixins.AnnotationOption);
    else this.doc.goTo(x, y, width, height, target.name, options as PDFKit.Mixins.AnnotationOption);
  }

  /** A named destination at a point of the page (the zoom left as it is). */
  destination(name: string, x: number, y: number): void {
    this.doc.addNamedDestination(name, 'XYZ', x, y, null as unknown as number);
  }

  /** An outline entry under `parent` (at the top level without one) that opens the page at `top`. */
  outlineItem(parent: OutlineItem | undefined, title: string, top: number): OutlineItem {
    const under = parent ? (parent as unknown as PDFKit.PDFOutline) : this.doc.outline;
    // pdfkit measures `left` from the page's right edge: the page's width is its left edge.
    const options = { top, left: this.settings.pageSize[0] } as unknown as Parameters<PDFKit.PDFOutline['addItem']>[1];
    return under.addItem(title, options) as unknown as OutlineItem;
  }

  /** A structure element, to be put in the tree with `appendElement`; `id` is its /ID (PDF/UA asks one of every Note). */
  structureElement(type: string, attributes: { alt?: string; lang?: string; scope?: string; id?: string }): StructureElement {
    const { id, ...options } = attributes;
    const element = this.doc.struct(type, options as Parameters<PdfkitDocument['struct']>[1]) as ElementInternals;
    // pdfkit takes no /ID; the dictionary is written only when the element ends.
    if (id !== undefined) element.dictionary.data.ID = new String(id);
    this.elements.add(element);
    return element as unknown as StructureElement;
  }

  /** Puts an element last among `parent`'s children, or among the structure tree root's without a parent. */
  appendElement(parent: StructureElement | undefined, element: StructureElement): void {
    if (parent) (parent as unknown as ElementInternals).add(element as unknown as PDFKit.PDFStructureElement);
    else this.doc.addStructure(element as unknown as PDFKit.PDFStructureElement);
  }

  /**
   * Moves `parent`'s last child back past each element before it that `follows` says comes after it,
   * up to the first that does not or to marked content. pdfkit writes a parent's children from
   * `_children` only when the parent ends, so they can be reordered until then.
   */
  moveLastChildBack(parent: StructureElement, follows: (sibling: StructureElement) => boolean): void {
    const children = (parent as unknown as ElementInternals)._children;
    for (let at = children.length - 1; at > 0; at--) {
      const before = children[at - 1]!;
      if (!this.elements.has(before as object) || !follows(before as StructureElement)) return;
      children[at - 1] = children[at];
      children[at] = before;
    }
  }

  /** Sets an element's alternate description (/Alt); it is written when the element ends. */
  describe(element: StructureElement, alt: string): void {
    (element as unknown as ElementInternals).dictionary.data.Alt = new String(alt);
  }

  /** Ends an element: pdfkit writes it out (with its children) as soon as it can. */
  endElement(element: StructureElement): void {
    (element as unknown as ElementInternals).end();
  }

  /** Begins marked content that belongs to `element`, tagged `type`. */
  markContent(element: StructureElement, type: string): void {
    (element as unknown as ElementInternals).add(this.doc.markStructureContent(type));
  }

  /** Begins marked content that is no part of the text (an artifact). */
  markArtifact(type: 'Layout' | 'Pagination'): void {
    this.doc.markContent('Artifact', { type } as Parameters<PdfkitDocument['markContent']>[1]);
  }

  endMarkedContent(): void {
    this.doc.endMarkedContent();
  }

  /** Lists elements by their /ID in the structure tree's IDTree, which pdfkit does not write. */
  setIdTree(ids: readonly (readonly [id: string, element: StructureElement])[]): void {
    // A name tree in one node: its keys sorted as bytes.
    const sorted = [...ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const names = sorted.flatMap(([id, element]) => [new String(id), (element as unknown as ElementInternals).dictionary]);
    this.internals.getStructTreeRoot().data.IDTree = { Names: names };
  }

  /** Ends the document at once (fonts are subset and written) and resolves with its bytes. */
  finish(): Promise<Uint8Array> {
    this.doc.end();
    return this.done;
  }
}

/** A font embedded in one document, subset to the glyphs drawn with it. */
export interface PdfFont {
  /** The font's name in page content (`/F1 9 Tf`). */
  readonly name: string;
  /** The code, as TJ hex, that draws glyph `id` (of advance `advanceWidth`, font units) and reads as `codePoints`. */
  code(id: number, advanceWidth: number, codePoints: number[]): string;
}

class SubsetFont implements PdfFont {
  /** Each subset glyph's code as TJ hex. */
  private readonly hex: string[] = [];
  /** The further subset codes of a font glyph drawn for more than one text, by glyph id. */
  private readonly variants = new Map<number, number[]>();

  constructor(readonly embedded: EmbeddedFont) {}

  get name(): string {
    return this.embedded.id;
  }

  /**
   * The glyph is added to the subset, its width and characters noted, on first use. A PDF maps each code to one text, so a
   * glyph drawn for different texts (a font may draw Persian ۱ and Arabic ١ alike) is added again
   * under a further code for each.
   */
  code(id: number, advanceWidth: number, codePoints: number[]): string {
    const font = this.embedded;
    let gid = font.subset.includeGlyph(id);
    const first = font.unicode[gid];
    if (first !== undefined && !sameCodePoints(first, codePoints)) {
      const variants = this.variants.get(id) ?? [];
      const known = variants.find((variant) => sameCodePoints(font.unicode[variant]!, codePoints));
      if (known === undefined) {
        font.subset.glyphs.push(id);
        gid = font.subset.glyphs.length - 1;
        variants.push(gid);
        this.variants.set(id, variants);
      } else {
        gid = known;
      }
    }
    let hex = this.hex[gid];
    if (hex === undefined) {
      hex = `0000${gid.toString(16)}`.slice(-4);
      this.hex[gid] = hex;
      font.widths[gid] ??= advanceWidth * font.scale;
      font.unicode[gid] ??= codePoints;
    }
    return hex;
  }
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
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

/** Bytes appended to a buffer that doubles as it fills: strings are written as pdfkit would (one byte a character, then a newline). */
class ByteSink {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  write(data: string | Uint8Array): number {
    const size = typeof data === 'string' ? data.length + 1 : data.length;
    if (this.length + size > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < this.length + size) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    if (typeof data === 'string') {
      this.buffer.write(data, this.length, 'latin1');
      this.buffer[this.length + data.length] = 0x0a;
    } else {
      this.buffer.set(data, this.length);
    }
    this.length += size;
    return size;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}
