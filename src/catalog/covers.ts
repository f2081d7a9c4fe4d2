import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Sharp } from 'sharp';
import { formatArticleDay, offsetZoneName, parseArticleDate } from '../core/dates.js';
import { bylineText } from '../core/display.js';
import { installedVersion } from '../core/installed-version.js';
import { drawCover } from '../cover/index.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../template/load.js';
import type { Template } from '../template/theme.js';
import type { Publication } from './scan.js';

export const COVERS_DIR = 'covers';
const INDEX_FILE = '.pictures.json';

/** Bumped whenever the recipe below changes, so that new pictures get new names. */
const RECIPE = 'pressroom-cover-4';
const SIZES = {
  /** OPDS `http://opds-spec.org/image`, and the card picture on high-density screens. */
  image: 800,
  /** OPDS `http://opds-spec.org/image/thumbnail`, and the card picture. */
  thumbnail: 400,
} as const;
const JPEG_QUALITY = 80;

export interface Picture {
  /** Path relative to the output folder, with `/`. */
  href: string;
  width: number;
  height: number;
}

export interface CoverPictures {
  image: Picture;
  thumbnail: Picture;
  /** The colour at the picture's left and right edges (#rrggbb): the page fills the frame around it with it. */
  colour: string;
}

/**
 * JPEG cover pictures for one book, named by a digest of the source picture and the recipe
 * (`covers/<slug>.<digest>.jpg`, `….thumb.jpg`): the same cover always gives the same names and
 * bytes, an existing pair is reused without decoding anything, and a changed cover gets new URLs,
 * so browsers and e-reader apps may cache them forever. Returns the files still to be written.
 */
// sharp is a native library that takes tens of milliseconds to load: only covers that must be made pay for it.
// Its version names the recipe (each sharp release pins its libvips), read without loading it.
const SHARP_VERSION: string = installedVersion('sharp');
let sharpModule: typeof import('sharp').default | undefined;
async function loadSharp(): Promise<typeof import('sharp').default> {
  sharpModule ??= (await import('sharp')).default;
  return sharpModule;
}

export async function coverPictures(
  outDir: string,
  slug: string,
  source: { data: Buffer; mediaType: string },
  index: PictureIndex,
): Promise<{ pictures: CoverPictures; files: { path: string; data: Uint8Array }[]; madeBy?: 'here' | 'ahead' } | undefined> {
  const names = pictureNames(slug, source.data);
  const existing = index.get(outDir, names.thumbnail) ?? (await existingPictures(outDir, names));
  if (existing) {
    index.set(names.thumbnail, existing);
    return { pictures: existing, files: [] };
  }
  const key = path.join(outDir, COVERS_DIR, names.thumbnail);
  const startedAhead = ahead.get(key);
  ahead.delete(key);
  const made = await (startedAhead ?? makePictures(outDir, names, source));
  if (!made) return undefined;
  index.set(names.thumbnail, made.pictures);
  return { ...made, madeBy: startedAhead ? 'ahead' : 'here' };
}

/**
 * Cover pictures started before the catalogue asked for them, by the path their thumbnail will have:
 * a build in this thread starts a new article's as soon as its model is resolved, and libvips draws
 * them on libuv's threads while the PDF is set on this one (a cold build of an unseen article spent
 * about 40 ms waiting for them at the end).
 */
const ahead = new Map<string, Promise<MadePictures | undefined>>();

/**
 * Whether the output folder holds cover pictures of the book `slug` from an earlier run (their names
 * start with the slug): most likely still its pictures, so none are made ahead (the catalogue checks).
 */
export function hasCoverPictures(outDir: string, slug: string): boolean {
  try {
    return fs.readdirSync(path.join(outDir, COVERS_DIR)).some((name) => name.startsWith(`${slug}.`) && name.endsWith('.thumb.jpg'));
  } catch {
    return false;
  }
}

/** Starts making the cover pictures of `source` for the catalogue of `outDir`, which takes them when it gets there. */
export function makeCoverPicturesAhead(outDir: string, slug: string, source: { data: Buffer; mediaType: string }): void {
  const names = pictureNames(slug, source.data);
  const key = path.join(outDir, COVERS_DIR, names.thumbnail);
  if (!ahead.has(key)) ahead.set(key, makePictures(outDir, names, source));
}

/** Lets go of the pictures made ahead for `outDir` that its catalogue did not take (a book that failed after its model). */
export function forgetPicturesAhead(outDir: string): void {
  const folder = path.join(outDir, COVERS_DIR) + path.sep;
  for (const key of ahead.keys()) if (key.startsWith(folder)) ahead.delete(key);
}

interface PictureNames {
  image: string;
  thumbnail: string;
}

interface MadePictures {
  pictures: CoverPictures;
  files: { path: string; data: Uint8Array }[];
}

function pictureNames(slug: string, data: Buffer): PictureNames {
  const digest = createHash('sha256').update(`${RECIPE}\u0000${SHARP_VERSION}\u0000`).update(data).digest('hex').slice(0, 12);
  return { image: `${slug}.${digest}.jpg`, thumbnail: `${slug}.${digest}.thumb.jpg` };
}

/** Both JPEGs and the edge colour; undefined when the picture cannot be decoded. Never rejects. */
async function makePictures(outDir: string, names: PictureNames, source: { data: Buffer; mediaType: string }): Promise<MadePictures | undefined> {
  try {
    const opaque = await opaquePixels(source);
    // Both sizes are made side by side: sharp works on libuv's threads, one core each.
    const [image, thumbnail] = await Promise.all(
      (['image', 'thumbnail'] as const).map(async (kind) => {
        const { data: jpeg, info } = await opaque()
          .resize({ width: SIZES[kind], height: SIZES[kind], fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: JPEG_QUALITY })
          .toBuffer({ resolveWithObject: true });
        return { file: { path: path.join(outDir, COVERS_DIR, names[kind]), data: jpeg }, picture: { href: `${COVERS_DIR}/${names[kind]}`, width: info.width, height: info.height } };
      }),
    );
    const pictures: CoverPictures = { image: image!.picture, thumbnail: thumbnail!.picture, colour: await dominantColour(thumbnail!.file.data) };
    return { pictures, files: [image!.file, thumbnail!.file] };
  } catch {
    // A picture that cannot be decoded leaves the book with the catalogue's typographic placeholder.
    return undefined;
  }
}

/**
 * The picture upright and on white. A picture with transparency is flattened in a pass of its own:
 * resizing first would blend transparent edge pixels into a light frame around the thumbnail.
 */
async function opaquePixels(source: { data: Buffer; mediaType: string }): Promise<() => Sharp> {
  const sharp = await loadSharp();
  const { data } = source;
  // Pressroom's own cover states its size, and an SVG always has transparency: its pictures start
  // without a round trip through this thread for sharp's metadata first (made ahead, they start while
  // the PDF is set here, see `ahead`).
  const stated = source.mediaType === 'image/svg+xml' ? statedSvgSize(data) : undefined;
  const metadata = stated ? { format: 'svg', ...stated, hasAlpha: true } : await sharp(data, { failOn: 'error' }).metadata();
  // A vector cover is drawn straight at the largest size needed, not drawn big and shrunk.
  const density =
    metadata.format === 'svg' && metadata.width && metadata.height
      ? Math.min(600, Math.max(1, (72 * SIZES.image) / Math.max(metadata.width, metadata.height)))
      : undefined;
  const input = () => sharp(data, { failOn: 'error', animated: false, ...(density ? { density } : {}) }).rotate();
  if (!metadata.hasAlpha) return input;
  const { data: pixels, info } = await input().flatten({ background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
  return () => sharp(pixels, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

/**
 * An SVG's size as whole pixels on a root element that opens the file (after at most an XML
 * declaration), `width="1200"` or `1200px`, as sharp reads it: Pressroom's own cover. Undefined for
 * any other (a comment or doctype first, a style that may size it), which sharp's metadata then reads.
 */
function statedSvgSize(data: Buffer): { width: number; height: number } | undefined {
  const root = /^(?:<\?xml[^>]*\?>\s*)?<svg\s[^>]*>/.exec(data.subarray(0, 4096).toString('utf8'))?.[0] ?? '';
  if (/\sstyle=/.test(root)) return undefined;
  const pixels = (name: string) => Number(new RegExp(`\\s${name}="(\\d+)(?:px)?"`).exec(root)?.[1]);
  const width = pixels('width');
  const height = pixels('height');
  return width > 0 && height > 0 ? { width, height } : undefined;
}

async function existingPictures(outDir: string, names: PictureNames): Promise<CoverPictures | undefined> {
  const file = (kind: keyof PictureNames) => path.join(outDir, COVERS_DIR, names[kind]);
  // Before sharp is loaded: a book whose pictures are still to be made often has none.
  if (!fs.existsSync(file('image')) || !fs.existsSync(file('thumbnail'))) return undefined;
  const sharp = await loadSharp();
  const pictures = {} as CoverPictures;
  for (const kind of ['image', 'thumbnail'] as const) {
    try {
      const { width, height } = await sharp(file(kind)).metadata();
      if (!width || !height) return undefined;
      pictures[kind] = { href: `${COVERS_DIR}/${names[kind]}`, width, height };
      if (kind === 'thumbnail') pictures.colour = await dominantColour(file(kind));
    } catch {
      return undefined;
    }
  }
  return pictures;
}

/** The average colour of the picture's left and right edges: the frame around it then continues it seamlessly. */
async function dominantColour(input: Buffer | string): Promise<string> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sums = [0, 0, 0];
  let count = 0;
  const columns = [0, 1, info.width - 2, info.width - 1].filter((column) => column >= 0 && column < info.width);
  for (let row = 0; row < info.height; row++) {
    for (const column of columns) {
      const offset = (row * info.width + column) * info.channels;
      for (let channel = 0; channel < 3; channel++) sums[channel]! += data[offset + Math.min(channel, info.channels - 1)]!;
      count++;
    }
  }
  return `#${sums.map((sum) => Math.round(sum / Math.max(1, count)).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * What the catalogue knows of the pictures it made (sizes, colour), kept in `covers/.pictures.json`
 * so that an unchanged catalogue is rewritten without decoding a single picture. Only a cache:
 * entries whose files are gone are ignored, and the file may be deleted at any time.
 */
export class PictureIndex {
  private readonly known: Record<string, CoverPictures>;
  private readonly current: Record<string, CoverPictures> = {};
  private readonly text: string | undefined;

  private constructor(private readonly file: string) {
    try {
      this.text = fs.readFileSync(file, 'utf8');
      const parsed = JSON.parse(this.text) as { recipe?: string; pictures?: Record<string, CoverPictures> };
      this.known = parsed.recipe === RECIPE && parsed.pictures && typeof parsed.pictures === 'object' ? parsed.pictures : {};
    } catch {
      this.known = {};
    }
  }

  static load(outDir: string): PictureIndex {
    return new PictureIndex(path.join(outDir, COVERS_DIR, INDEX_FILE));
  }

  get(outDir: string, thumbnailName: string): CoverPictures | undefined {
    const entry = this.known[thumbnailName];
    if (!entry?.image?.href || !entry.thumbnail?.href || typeof entry.colour !== 'string') return undefined;
    const present = [entry.image.href, entry.thumbnail.href].every((href) => fs.existsSync(path.join(outDir, ...href.split('/'))));
    return present ? entry : undefined;
  }

  set(thumbnailName: string, pictures: CoverPictures): void {
    this.current[thumbnailName] = pictures;
  }

  /** The index of the pictures in use now, when it differs from what is on disk. */
  changedFile(): { path: string; data: Uint8Array } | undefined {
    const pictures = Object.fromEntries(Object.keys(this.current).sort().map((name) => [name, this.current[name]!]));
    if (this.text === undefined && Object.keys(pictures).length === 0) return undefined;
    const text = `${JSON.stringify({ recipe: RECIPE, pictures }, null, 1)}\n`;
    return text === this.text ? undefined : { path: this.file, data: Buffer.from(text, 'utf8') };
  }
}

/**
 * Pictures this catalogue made earlier that no book uses any more. Another build writing the same
 * folder at the same time (a shard) may have just made pictures for a book this run did not see:
 * those (newer than `since`, with their book present) are left for the next run to judge.
 */
export function staleCoverFiles(outDir: string, keep: ReadonlySet<string>, since: number): string[] {
  const dir = path.join(outDir, COVERS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const stale: string[] = [];
  for (const name of names) {
    const match = /^([^.].*)\.[0-9a-f]{12}(\.thumb)?\.jpg$/.exec(name);
    if (!match || keep.has(`${COVERS_DIR}/${name}`)) continue;
    const file = path.join(dir, name);
    const bookExists = ['epub', 'pdf'].some((extension) => fs.existsSync(path.join(outDir, `${match[1]}.${extension}`)));
    let modified = 0;
    try {
      modified = fs.statSync(file).mtimeMs;
    } catch {
      continue;
    }
    if (!bookExists || modified < since) stale.push(file);
  }
  return stale;
}

let coverTheme: Template['print'] | undefined;

/**
 * The cover of a book that has none the catalogue can show (a PDF on its own, or an EPUB whose cover
 * cannot be read): the generated cover Pressroom's EPUBs carry, without a picture, in the default
 * template's fonts, from what the file says of itself.
 */
export async function placeholderCover(book: Pick<Publication, 'title' | 'authors' | 'publisher' | 'published' | 'language'>): Promise<{ data: Buffer; mediaType: string }> {
  coverTheme ??= loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE)).print;
  const lang = book.language ?? 'en';
  const parsed = book.published ? parseArticleDate(book.published) : undefined;
  const date = parsed?.ok ? formatArticleDay(parsed.date, parsed.date.offsetMinutes === undefined ? 'UTC' : offsetZoneName(parsed.date.offsetMinutes), lang) : undefined;
  const text = { headline: book.title, byline: book.authors.length > 0 ? bylineText({ reporters: book.authors, lang }) : undefined, publisher: book.publisher, date, lang };
  return { data: Buffer.from(await drawCover(text, undefined, coverTheme), 'utf8'), mediaType: 'image/svg+xml' };
}
