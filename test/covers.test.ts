import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModified } from '../src/core/article.js';
import { buildInstant } from '../src/core/clock.js';
import { formatMessage } from '../src/core/diagnostics.js';
import { TOOL_VERSION } from '../src/core/version.js';
import { placeholderCover } from '../src/catalog/covers.js';
import { readEpubDetails } from '../src/catalog/epub.js';
import { drawCover } from '../src/cover/index.js';
import { catalogCoverSource } from '../src/epub/cover.js';
import { renderEpub } from '../src/epub/index.js';
import { resolveDocument } from '../src/model/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../src/template/load.js';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';
import { openZip } from './helpers/zip.js';

/*
 * The generated cover, shared by the EPUB and the catalogue: what it shows (picture above, words on
 * the panel below), that it is drawn the same everywhere (letters are outlines from the bundled
 * fonts, never text for the SVG renderer to set), and that the front matter's `cover:` wins.
 */

const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE));
const LEAD = fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'));

let dir: string;
beforeAll(() => {
  dir = makeTemp('pressroom-covers-');
});
afterAll(() => removeTemp(dir));

/** Writes a manuscript (with the sample's picture beside it), builds its EPUB and returns the book's file, its messages and its cover. */
async function book(name: string, frontMatter: string) {
  const folder = path.join(dir, name);
  fs.mkdirSync(path.join(folder, 'images'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'images', 'lead.png'), LEAD);
  for (const picture of ['bands.jpg', 'bands.webp', 'star.svg']) fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images', picture), path.join(folder, 'images', picture));
  const input = path.join(folder, 'input.md');
  fs.writeFileSync(input, `---\n${frontMatter}---\n\nThe text.\n`);
  const file = newManuscriptFile(input);
  const manuscript = readManuscript(input, file);
  const document = await resolveDocument(manuscript);
  const bytes = await renderEpub(document, { template, buildDate: buildInstant(lastModified(manuscript.article).instant, {}), toolVersion: TOOL_VERSION });
  const epub = path.join(folder, `${name}.epub`);
  fs.writeFileSync(epub, bytes);
  const zip = await openZip(bytes);
  const opf = await zip.text('OEBPS/content.opf');
  const item = /<item id="[^"]+" href="([^"]+)" media-type="([^"]+)" properties="cover-image"/.exec(opf)!;
  return {
    epub,
    messages: file.messages.map((message) => formatMessage(message, 'input.md')),
    cover: { href: item[1]!, mediaType: item[2]!, data: await zip.bytes(`OEBPS/${item[1]}`) },
    coverPage: await zip.text('OEBPS/cover.xhtml'),
    document,
  };
}

const STORY = 'title: Ministers agree on air defence for the eastern flank\nreporter: [Olena Kovalenko, Jonas Petraitis]\npublished: 2024-03-01T01:30:00+02:00\ntimezone: Europe/Vilnius\npublisher: Pressroom Test Desk\n';
const PICTURE = 'image:\n  src: images/lead.png\n  alt: Two flags.\n';

/** The cover as the catalogue draws it (pictures put inside the SVG), in raw RGB pixels. */
async function pixels(epub: string): Promise<{ data: Buffer; width: number; height: number; at(x: number, y: number): number[] }> {
  const cover = (await readEpubDetails(epub)).cover!;
  const { data, info } = await sharp(cover.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, at: (x, y) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)] };
}

/** How many pixels of a band of rows are near white: the headline's letters. */
function whiteIn(image: Awaited<ReturnType<typeof pixels>>, top: number, bottom: number): number {
  let count = 0;
  for (let y = top; y < bottom; y++) for (let x = 0; x < image.width; x++) if (image.at(x, y).every((channel) => channel > 230)) count++;
  return count;
}

const near = (actual: number[], expected: number[]) => actual.every((channel, index) => Math.abs(channel - expected[index]!) <= 12);

describe('generated covers', () => {
  it('puts the lead picture above and the headline, byline, publisher and date (in the article\'s zone) on the panel below', async () => {
    const built = await book('picture', STORY + PICTURE);
    expect(built.cover.mediaType).toBe('image/svg+xml');
    const svg = built.cover.data.toString('utf8');
    expect(svg).not.toContain('<text');
    expect(svg).toMatch(/<image x="0" y="0" width="1200" height="990" preserveAspectRatio="xMidYMid slice" xlink:href="[0-9a-f]{16}\.png"\/>/);
    // 1 March in Vilnius, though still 29 February in UTC.
    expect(built.coverPage).toContain(
      'alt="Cover: Ministers agree on air defence for the eastern flank. By Olena Kovalenko and Jonas Petraitis. Pressroom Test Desk. 1 March 2024"',
    );
    const image = await pixels(built.epub);
    expect([image.width, image.height]).toEqual([1200, 1800]);
    // The picture (Ukraine's colours on the left, cropped to fill) above; the navy panel below.
    expect(near(image.at(200, 150), [0, 87, 183]), `${image.at(200, 150)}`).toBe(true);
    expect(near(image.at(200, 800), [255, 215, 0]), `${image.at(200, 800)}`).toBe(true);
    expect(near(image.at(1150, 1780), [0x14, 0x21, 0x3d])).toBe(true);
    // Letters on the panel, none drawn over the picture.
    expect(whiteIn(image, 1080, 1500)).toBeGreaterThan(20_000);
  });

  it('draws each headline, and nothing else, differently', async () => {
    const one = await pixels((await book('headline-one', STORY + PICTURE)).epub);
    const other = await pixels((await book('headline-two', STORY.replace('air defence', 'grain corridors') + PICTURE)).epub);
    const rows = (image: typeof one, top: number, bottom: number) => image.data.subarray(top * image.width * 3, bottom * image.width * 3);
    expect(rows(one, 0, 990).equals(rows(other, 0, 990))).toBe(true);
    expect(rows(one, 990, 1800).equals(rows(other, 990, 1800))).toBe(false);
  });

  it('draws a plain navy cover without a picture', async () => {
    const built = await book('plain', STORY);
    const svg = built.cover.data.toString('utf8');
    expect(svg).not.toContain('<image');
    const image = await pixels(built.epub);
    expect(near(image.at(20, 20), [0x14, 0x21, 0x3d])).toBe(true);
    expect(whiteIn(image, 300, 1200)).toBeGreaterThan(20_000);
  });

  it('sets a right-to-left headline from the right', async () => {
    const svg = await drawCover({ headline: 'إطلاق خطة جديدة لإعادة إعمار المدينة القديمة', byline: undefined, publisher: undefined, date: undefined, lang: 'ar' }, undefined, template.print);
    const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let left = info.width;
    let right = 0;
    for (let y = 300; y < 700; y++) {
      for (let x = 0; x < info.width; x++) {
        const offset = (y * info.width + x) * 3;
        if (data[offset]! > 230 && data[offset + 1]! > 230) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    // Flush with the right margin (96 px), ragged on the left.
    expect(info.width - right).toBeGreaterThanOrEqual(96);
    expect(info.width - right).toBeLessThan(110);
    expect(left).toBeGreaterThan(96);
  });

  it('is the same drawing on every machine: the same bytes twice, the same pixels without any system font', async () => {
    const first = await book('again-1', STORY + PICTURE);
    const second = await book('again-2', STORY + PICTURE);
    expect(first.cover.data.equals(second.cover.data)).toBe(true);
    const svg = path.join(dir, 'cover.svg');
    fs.writeFileSync(svg, first.cover.data.toString('utf8').replace(/xlink:href="[0-9a-f]{16}\.png"/, 'xlink:href=""'));
    const script = `const sharp = require('sharp'); sharp(require('fs').readFileSync(process.argv[1])).raw().toBuffer().then((data) => process.stdout.write(require('crypto').createHash('sha256').update(data).digest('hex')));`;
    const digest = (env: NodeJS.ProcessEnv) => {
      const run = spawnSync(process.execPath, ['-e', script, svg], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
      expect(run.status, run.stderr).toBe(0);
      return run.stdout;
    };
    // fontconfig given a configuration with no fonts at all: a drawing that needed a system font would change.
    const noFonts = path.join(dir, 'no-fonts.conf');
    fs.writeFileSync(noFonts, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>' + path.join(dir, 'fc-cache') + '</cachedir></fontconfig>\n');
    expect(digest({ FONTCONFIG_FILE: noFonts, TZ: 'Pacific/Kiritimati' })).toBe(digest({}));
  });

  it('lets the front matter\'s cover: win, and checks it as it checks image.src', async () => {
    const custom = await book('custom', `${STORY}${PICTURE}cover: images/bands.jpg\n`);
    expect(custom.cover.mediaType).toBe('image/jpeg');
    expect(custom.cover.data.equals(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images', 'bands.jpg')))).toBe(true);
    expect(custom.coverPage).toContain('alt="Cover: Ministers agree on air defence for the eastern flank"');
    const remote = await book('remote-cover', `${STORY}cover: https://example.com/cover.jpg\n`);
    expect(remote.cover.mediaType).toBe('image/svg+xml');
    expect(remote.messages).toEqual([
      'input.md:7:8: warning: remote cover "https://example.com/cover.jpg" is not downloaded (builds are offline and reproducible); the generated cover stands in. Save the picture next to the manuscript and name it by relative path',
    ]);
    const folder = path.join(dir, 'missing-cover');
    fs.mkdirSync(folder, { recursive: true });
    const input = path.join(folder, 'input.md');
    fs.writeFileSync(input, `---\n${STORY}cover: ../outside.jpg\n---\n\nText.\n`);
    const file = newManuscriptFile(input);
    expect(() => readManuscript(input, file)).toThrow();
    expect(file.messages.map((message) => formatMessage(message, 'input.md'))).toEqual([
      'input.md:7:8: error: image path "../outside.jpg" leads outside the manuscript\'s folder; keep pictures beside the manuscript',
    ]);
  });

  it('gives the catalogue the same cover for a book it knows only from its PDF (the day as published, where it was published)', async () => {
    const fromPdf = await placeholderCover({
      title: 'Ministers agree on air defence for the eastern flank',
      authors: ['Olena Kovalenko', 'Jonas Petraitis'],
      publisher: 'Pressroom Test Desk',
      published: '2024-03-01T01:30:00+02:00',
      language: 'en',
    });
    const drawn = await drawCover(
      { headline: 'Ministers agree on air defence for the eastern flank', byline: 'By Olena Kovalenko and Jonas Petraitis', publisher: 'Pressroom Test Desk', date: '1 March 2024', lang: 'en' },
      undefined,
      template.print,
    );
    expect(fromPdf).toEqual({ data: Buffer.from(drawn, 'utf8'), mediaType: 'image/svg+xml' });
    expect((await book('catalogue-match', STORY)).cover.data.toString('utf8')).toBe(drawn);
  });
  it('gives the catalogue, before the book is written, the very cover it reads back from the EPUB (or nothing, where only writing tells)', async () => {
    for (const [name, frontMatter] of [
      ['ahead-picture', STORY + PICTURE],
      ['ahead-plain', STORY],
      ['ahead-custom', `${STORY}${PICTURE}cover: images/bands.jpg\n`],
    ] as const) {
      const built = await book(name, frontMatter);
      expect(await catalogCoverSource(built.document, template), name).toEqual((await readEpubDetails(built.epub)).cover);
    }
    for (const [name, frontMatter] of [
      ['ahead-webp-lead', `${STORY}image:\n  src: images/bands.webp\n  alt: Bands.\n`],
      ['ahead-webp-cover', `${STORY}cover: images/bands.webp\n`],
      ['ahead-svg-cover', `${STORY}cover: images/star.svg\n`],
    ] as const) {
      expect(await catalogCoverSource((await book(name, frontMatter)).document, template), name).toBeUndefined();
    }
  });
});
