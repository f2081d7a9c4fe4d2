import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import { FILES } from './files.js';
import type { EmbeddedFont } from './fonts.js';
import type { Resource } from './resources.js';
import { writeZip, type ArchiveEntry } from '../zip/write.js';
import { checkContainer } from './zip.js';

/** Everything the book holds, rendered: epub-gen-memory only packs it. */
export interface BookFiles {
  identifier: string;
  title: string;
  lang: string;
  stylesheet: string;
  packageDocument: string;
  nav: string;
  ncx: string;
  pages: { filename: string; xhtml: string }[];
  resources: Resource[];
  fonts: EmbeddedFont[];
  /** Stamped on every zip entry. */
  date: Date;
}

// Under `OEBPS/`, where epub-gen-memory puts the package document.
const CONTENT_FOLDER = 'OEBPS/';
const MIMETYPE = 'mimetype';

/**
 * epub-gen-memory, made reproducible. Its own templates would write a random identifier, the
 * wall-clock time and random picture names, and rewrite our XHTML; so every template is handed
 * the finished document to print as is (`<%- … %>`), pictures are written from memory under
 * content-hash names, and the container is written by Pressroom's zip writer, with fixed dates and
 * order, deflated by Node's zlib: jszip's generator passed every entry through its chunked stream
 * workers, which took about a quarter of a long book's EPUB time.
 */
class ReproducibleEpub extends EPub {
  private readonly book: BookFiles;

  constructor(book: BookFiles) {
    const options = {
      title: book.title,
      lang: book.lang,
      css: book.stylesheet,
      date: book.date.toISOString(),
      version: 3,
      verbose: false,
      contentOPF: '<%- packageDocument %>',
      tocNCX: '<%- ncx %>',
      tocXHTML: '<%- nav %>',
      chapterXHTML: '<%- xhtml %>',
      // Read by the templates above: epub-gen-memory passes unknown options through to them.
      packageDocument: book.packageDocument,
      ncx: book.ncx,
      nav: book.nav,
    } satisfies Options & Record<string, unknown>;
    // `content` stays empty: the library would re-serialise it and drop attributes it does not know (datetime, start).
    const chapters = book.pages.map((page) => ({ title: page.filename, filename: page.filename, content: '', xhtml: page.xhtml })) satisfies Chapter[];
    super(options, chapters);
    this.book = book;
    this.uuid = book.identifier;
  }

  /** Pictures and fonts come from memory (checked, sanitised or generated), never fetched, so none can end up as an empty file. */
  protected override async downloadAllImages(): Promise<void> {
    for (const file of [...this.book.resources, ...this.book.fonts]) this.zip.file(`${CONTENT_FOLDER}${file.href}`, file.data, { binary: true });
  }

  override async genEpub(): Promise<Buffer> {
    await this.render();
    await this.checkEntries();
    const bytes = Buffer.from(writeZip(await this.entries(), this.book.date));
    checkContainer(bytes);
    return bytes;
  }

  /** Every file the package document names is in the zip with the bytes it should have. */
  private async checkEntries(): Promise<void> {
    const expected = new Map<string, number>([
      [MIMETYPE, 'application/epub+zip'.length],
      ...this.book.pages.map((page) => [`${CONTENT_FOLDER}${page.filename}`, Buffer.byteLength(page.xhtml)] as [string, number]),
      ...[...this.book.resources, ...this.book.fonts].map((file) => [`${CONTENT_FOLDER}${file.href}`, file.data.length] as [string, number]),
      [`${CONTENT_FOLDER}${FILES.nav}`, Buffer.byteLength(this.book.nav)],
      [`${CONTENT_FOLDER}${FILES.ncx}`, Buffer.byteLength(this.book.ncx)],
      [`${CONTENT_FOLDER}content.opf`, Buffer.byteLength(this.book.packageDocument)],
    ]);
    for (const [name, size] of expected) {
      const entry = this.zip.file(name);
      const actual = entry ? (await entry.async('nodebuffer')).length : -1;
      if (actual !== size || size === 0) throw new Error(`EPUB entry ${name} has ${actual} bytes instead of ${size}`);
    }
  }

  /**
   * `mimetype` first and stored, then every file in code-unit order, deflated; no folder entries. Read
   * back as Node buffers (which are Uint8Arrays), the type jszip keeps them in: asked for a Uint8Array,
   * it would copy each buffer byte by byte in a JavaScript loop.
   */
  private async entries(): Promise<ArchiveEntry[]> {
    const entries: ArchiveEntry[] = [];
    for (const [name, file] of Object.entries(this.zip.files)) {
      if (!file.dir) entries.push({ path: name, data: await file.async('nodebuffer'), deflate: name !== MIMETYPE });
    }
    return entries.sort(({ path: a }, { path: b }) => (a === MIMETYPE ? -1 : b === MIMETYPE ? 1 : a < b ? -1 : a > b ? 1 : 0));
  }
}

export async function assembleEpub(book: BookFiles): Promise<Uint8Array> {
  return new Uint8Array(await new ReproducibleEpub(book).genEpub());
}
