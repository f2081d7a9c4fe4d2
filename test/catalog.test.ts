import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../src/api/build.js';
import { hasCoverPictures } from '../src/catalog/covers.js';
import { writeCatalog } from '../src/catalog/index.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';

const LEAD_PNG = fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'));
const CATALOG_FILES = ['index.html', 'opds.xml', 'opds.json'];

interface Story {
  slug: string;
  title: string;
  published: string;
  updated?: string;
  reporters?: string[];
  dek?: string;
  image?: boolean;
  /** The lead picture is also the cover (`cover:`), instead of the generated one. */
  cover?: boolean;
  publisher?: string;
}

function manuscript(story: Story): string {
  const lines = [
    `title: ${JSON.stringify(story.title)}`,
    `slug: ${story.slug}`,
    `reporter: ${JSON.stringify(story.reporters ?? ['A. Writer'])}`,
    `published: ${story.published}`,
    ...(story.updated ? [`updated: ${story.updated}`] : []),
    ...(story.dek ? [`dek: ${JSON.stringify(story.dek)}`] : []),
    ...(story.publisher ? [`publisher: ${JSON.stringify(story.publisher)}`] : []),
    ...(story.image ? ['image:', '  src: images/lead.png', '  alt: Two flags side by side.'] : []),
    ...(story.cover ? ['cover: images/lead.png'] : []),
  ];
  return `---\n${lines.join('\n')}\n---\n\nThe story of ${story.slug}, told in one paragraph.\n`;
}

const STORIES: Story[] = [
  { slug: 'alpha', title: 'Alpha: the oldest story', published: '2024-01-10T08:00:00Z', dek: 'The first of three.', image: true, cover: true },
  {
    slug: 'bravo',
    title: 'Bravo & <friends> say "hello"',
    published: '2024-03-05T07:30:00+01:00',
    updated: '2024-03-06T10:00:00+01:00',
    reporters: ['Ana Ruiz', 'Tomás Okafor'],
    dek: 'Two reporters, an update, and markup characters in the headline.',
  },
  { slug: 'charlie', title: 'Charlie, published the same minute as Bravo', published: '2024-03-05T06:30:00Z' },
];

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name),
});

interface AtomLink {
  rel: string;
  href: string;
  type: string;
  length?: string;
}

function readFeed(outDir: string) {
  return xml.parse(fs.readFileSync(path.join(outDir, 'opds.xml'), 'utf8')).feed;
}

function writeDesk(dir: string, stories: Story[]): void {
  fs.mkdirSync(path.join(dir, 'desk', 'images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'desk', 'images', 'lead.png'), LEAD_PNG);
  for (const story of stories) fs.writeFileSync(path.join(dir, 'desk', `${story.slug}.md`), manuscript(story));
}

function snapshot(outDir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of CATALOG_FILES) files[name] = fs.readFileSync(path.join(outDir, name));
  for (const name of fs.readdirSync(path.join(outDir, 'covers'))) files[`covers/${name}`] = fs.readFileSync(path.join(outDir, 'covers', name));
  return files;
}

describe('the catalogue that build writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  it('lists every book newest first with the OPDS 1.2, OPDS 2.0 and HTML essentials', async () => {
    writeDesk(dir, STORIES);
    const run = runCli(['build', 'desk', '--out', 'out'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const out = path.join(dir, 'out');
    for (const name of CATALOG_FILES) expect(fs.existsSync(path.join(out, name)), name).toBe(true);

    const feed = readFeed(out);
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(feed.title).toBeTruthy();
    expect(feed.updated).toBe('2024-03-06T09:00:00Z');
    expect(feed.author[0].name).toBeTruthy();
    const feedLinks = feed.link as AtomLink[];
    expect(feedLinks.find((link) => link.rel === 'self')).toMatchObject({ href: 'opds.xml', type: 'application/atom+xml;profile=opds-catalog;kind=acquisition' });
    expect(feedLinks.find((link) => link.rel === 'start')?.href).toBe('opds.xml');

    // Newest first; Bravo (06:30Z) and Charlie (06:30Z) tie, so the slug decides.
    expect(feed.entry.map((entry: { title: string }) => entry.title)).toEqual([STORIES[1]!.title, STORIES[2]!.title, STORIES[0]!.title]);
    for (const entry of feed.entry) {
      const story = STORIES.find((one) => one.title === entry.title)!;
      expect(entry.id).toMatch(/^urn:uuid:/);
      expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(entry.author.map((author: { name: string }) => author.name)).toEqual(story.reporters ?? ['A. Writer']);
      if (story.dek) expect(entry.summary).toMatchObject({ type: 'text', '#text': story.dek });
      const links = entry.link as AtomLink[];
      const epub = links.find((link) => link.type === 'application/epub+zip')!;
      const pdf = links.find((link) => link.type === 'application/pdf')!;
      for (const [link, name] of [[epub, `${story.slug}.epub`], [pdf, `${story.slug}.pdf`]] as const) {
        expect(link.rel).toBe('http://opds-spec.org/acquisition');
        expect(link.href).toBe(name);
        expect(Number(link.length)).toBe(fs.statSync(path.join(out, name)).size);
      }
      for (const rel of ['http://opds-spec.org/image', 'http://opds-spec.org/image/thumbnail']) {
        const picture = links.find((link) => link.rel === rel)!;
        expect(picture.type).toBe('image/jpeg');
        const meta = await sharp(path.join(out, picture.href)).metadata();
        expect(meta.format).toBe('jpeg');
        expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(rel.endsWith('thumbnail') ? 400 : 800);
      }
    }
    expect(feed.entry[0].updated).toBe('2024-03-06T09:00:00Z');
    expect(feed.entry[0].published).toBe('2024-03-05T06:30:00Z');

    const json = JSON.parse(fs.readFileSync(path.join(out, 'opds.json'), 'utf8'));
    expect(json.metadata.title).toBe(feed.title);
    expect(json.links.find((link: { rel: string }) => link.rel === 'self')).toMatchObject({ href: 'opds.json', type: 'application/opds+json' });
    expect(json.publications.map((one: { metadata: { title: string } }) => one.metadata.title)).toEqual(feed.entry.map((entry: { title: string }) => entry.title));
    for (const publication of json.publications) {
      expect(publication.metadata.identifier).toMatch(/^urn:uuid:/);
      expect(publication.links.filter((link: AtomLink) => link.rel === 'http://opds-spec.org/acquisition').map((link: AtomLink) => link.type)).toEqual([
        'application/epub+zip',
        'application/pdf',
      ]);
      expect(publication.images.length).toBeGreaterThan(0);
    }

    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const cards = [...html.matchAll(/<article class="card" id="([^"]+)"[\s\S]*?<\/article>/g)];
    expect(cards.map((card) => card[1])).toEqual(['bravo', 'charlie', 'alpha']);
    const bravo = cards[0]![0];
    expect(bravo).toContain('Bravo &amp; &lt;friends&gt; say &quot;hello&quot;');
    expect(bravo).toContain('By Ana Ruiz and Tomás Okafor');
    expect(bravo).toContain('<time datetime="2024-03-05T07:30:00+01:00">5 March 2024</time>');
    expect(bravo).toContain('Two reporters, an update, and markup characters in the headline.');
    expect(bravo).toMatch(/<img class="cover" style="background-color: #[0-9a-f]{6}" src="covers\/bravo\.[0-9a-f]{12}\.thumb\.jpg"[^>]* alt=""/);
    // A landscape cover (alpha's, named by `cover:`) fills its frame; a generated cover, portrait, sits in it.
    expect(cards[2]![0]).toMatch(/<img class="cover fill" /);
    for (const name of ['bravo.epub', 'bravo.pdf']) {
      const size = fs.statSync(path.join(out, name)).size;
      expect(bravo).toMatch(new RegExp(`href="${name.replace('.', '\\.')}"[^>]*download="${name.replace('.', '\\.')}">(EPUB|PDF)<span class="visually-hidden">[^<]*</span> <span class="size">${(size / 1024).toFixed(size < 10240 ? 1 : 0)} KB</span>`));
    }
  });

  it('indexes the folder: earlier runs, other shards and PDF-only builds are listed; removed books drop out', () => {
    const slugs = ['delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    writeDesk(dir, slugs.map((slug, index) => ({ slug, title: `Story ${slug}`, published: `2024-02-0${index + 1}T12:00:00Z`, image: index === 0 })));
    expect(runCli(['build', 'desk', '--out', 'out', '--shard', '1/2'], { cwd: dir }).status).toBe(0);
    const firstShard = readFeed(path.join(dir, 'out')).entry?.length ?? 0;
    expect(firstShard).toBeGreaterThan(0);
    expect(firstShard).toBeLessThan(5);
    expect(runCli(['build', 'desk', '--out', 'out', '--shard', '2/2', '--format', 'pdf'], { cwd: dir }).status).toBe(0);
    const feed = readFeed(path.join(dir, 'out'));
    expect(feed.entry.map((entry: { title: string }) => entry.title)).toEqual(['hotel', 'golf', 'foxtrot', 'echo', 'delta'].map((slug) => `Story ${slug}`));
    // A PDF on its own is described by its XMP metadata, and still gets a cover picture.
    const pdfOnly = feed.entry.filter((entry: { link: AtomLink[] }) => !entry.link.some((link) => link.type === 'application/epub+zip'));
    expect(pdfOnly.length).toBe(5 - firstShard);
    for (const entry of pdfOnly) {
      expect(entry.author[0].name).toBe('A. Writer');
      expect(entry.link.some((link: AtomLink) => link.rel === 'http://opds-spec.org/image/thumbnail')).toBe(true);
    }

    // A manuscript withdrawn with its books: the next build drops it, and its cover pictures.
    const deltaCovers = () => fs.readdirSync(path.join(dir, 'out', 'covers')).filter((name) => name.startsWith('delta.'));
    expect(deltaCovers()).toHaveLength(2);
    fs.rmSync(path.join(dir, 'desk', 'delta.md'));
    for (const name of fs.readdirSync(path.join(dir, 'out')).filter((one) => one.startsWith('delta.'))) fs.rmSync(path.join(dir, 'out', name));
    expect(runCli(['build', 'desk', '--out', 'out'], { cwd: dir }).status).toBe(0);
    expect(readFeed(path.join(dir, 'out')).entry).toHaveLength(4);
    expect(deltaCovers()).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8')).not.toContain('Story delta');
  });

  it('is deterministic: other folders, clocks and time zones give the same bytes; an unchanged rebuild rewrites nothing', async () => {
    writeDesk(dir, STORIES);
    expect(runCli(['build', 'desk', '--out', 'one', '--jobs', '2'], { cwd: dir }).status).toBe(0);
    const elsewhere = makeTemp();
    try {
      writeDesk(elsewhere, STORIES);
      expect(runCli(['build', 'desk', '--out', 'two', '--jobs', '1'], { cwd: elsewhere, env: { TZ: 'Pacific/Kiritimati' } }).status).toBe(0);
      const first = snapshot(path.join(dir, 'one'));
      expect(Object.keys(first).filter((name) => name.startsWith('covers/') && name.endsWith('.jpg'))).toHaveLength(6);
      expect(snapshot(path.join(elsewhere, 'two'))).toEqual(first);
    } finally {
      removeTemp(elsewhere);
    }
    const times = () => Object.keys(snapshot(path.join(dir, 'one'))).map((name) => fs.statSync(path.join(dir, 'one', name)).mtimeMs);
    const before = times();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = runCli(['build', 'desk', '--out', 'one'], { cwd: dir });
    expect(again.stdout).toContain('0 built, 3 unchanged');
    expect(times()).toEqual(before);
    const result = await writeCatalog(path.join(dir, 'one'));
    expect(result).toMatchObject({ books: 3, written: [], removed: [], problems: [] });
    // Every catalogue file was written under a temporary name and renamed: none is left behind.
    for (const folder of ['one', 'one/covers']) expect(fs.readdirSync(path.join(dir, folder)).filter((name) => name.startsWith('.pressroom-'))).toEqual([]);
  });

  it('lists a book it cannot read by its file name, and escapes what the books say', async () => {
    writeDesk(dir, [STORIES[1]!]);
    expect(runCli(['build', 'desk', '--out', 'out', '--format', 'epub'], { cwd: dir }).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'out', 'not-a-zip.epub'), 'this is no EPUB');
    fs.writeFileSync(path.join(dir, 'out', '.hidden.epub'), 'ignored');
    fs.writeFileSync(path.join(dir, 'out', 'notes.txt'), 'ignored');
    const result = await writeCatalog(path.join(dir, 'out'));
    expect(result.books).toBe(2);
    expect(result.problems).toEqual([{ file: 'not-a-zip.epub', reason: expect.stringMatching(/^not a ZIP file/) }]);
    const feed = readFeed(path.join(dir, 'out'));
    expect(feed.entry.map((entry: { title: string }) => entry.title)).toEqual([STORIES[1]!.title, 'not-a-zip']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'opds.json'), 'utf8'));
    expect(json.publications[0].metadata.title).toBe(STORIES[1]!.title);
    const html = fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
    expect(html).not.toContain('<friends>');
    expect(html).toContain('id="not-a-zip"');
  });

  it('makes a new article\'s cover pictures while the article is built, the very pictures the catalogue makes alone; not for an article with pictures from an earlier run', async () => {
    writeDesk(dir, STORIES);
    const ahead = await build({ inputs: ['desk'], outDir: 'ahead', cwd: dir, jobs: 1 });
    expect(ahead.catalog?.coversMade).toEqual({ here: 0, ahead: 3 });
    expect((await build({ inputs: ['desk'], outDir: 'alone', cwd: dir, jobs: 1, catalog: false })).catalog).toBeUndefined();
    expect((await writeCatalog(path.join(dir, 'alone'))).coversMade).toEqual({ here: 3, ahead: 0 });
    expect(snapshot(path.join(dir, 'ahead'))).toEqual(snapshot(path.join(dir, 'alone')));
    expect(['alpha', 'bravo', 'charlie', 'alph', 'delta'].map((slug) => hasCoverPictures(path.join(dir, 'ahead'), slug))).toEqual([true, true, true, false, false]);
    expect(hasCoverPictures(path.join(dir, 'nowhere'), 'alpha')).toBe(false);
    // Rebuilt: the pictures are there. A new headline gives Bravo a new cover, which the catalogue makes
    // (an article with pictures from an earlier run starts none ahead: most often they are still right).
    expect((await build({ inputs: ['desk'], outDir: 'ahead', cwd: dir, jobs: 1, force: true })).catalog?.coversMade).toEqual({ here: 0, ahead: 0 });
    writeDesk(dir, [{ ...STORIES[1]!, title: 'Bravo, with a new headline' }]);
    expect((await build({ inputs: ['desk'], outDir: 'ahead', cwd: dir, jobs: 1 })).catalog?.coversMade).toEqual({ here: 1, ahead: 0 });
  });

  it('catalog: false writes none of it, and a build that writes no book leaves an empty folder empty', async () => {
    writeDesk(dir, [STORIES[2]!]);
    const result = await build({ inputs: ['desk'], outDir: 'quiet', formats: ['epub'], cwd: dir, jobs: 1, catalog: false });
    expect(result.ok).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'quiet'))).toEqual(['charlie.epub']);

    fs.writeFileSync(path.join(dir, 'desk', 'charlie.md'), '---\ntitle: Broken\npublished: 2024-02-30\n---\n\nNo.\n');
    const failed = runCli(['build', 'desk', '--out', 'empty'], { cwd: dir });
    expect(failed.status).toBe(1);
    expect(fs.existsSync(path.join(dir, 'empty')) ? fs.readdirSync(path.join(dir, 'empty')) : []).toEqual([]);
  });
});
