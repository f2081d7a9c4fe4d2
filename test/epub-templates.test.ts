import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModified } from '../src/core/article.js';
import { buildInstant } from '../src/core/clock.js';
import { TOOL_VERSION } from '../src/core/version.js';
import { renderEpub } from '../src/epub/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';
import { epubcheck } from './helpers/tools.js';
import { resolveDocument } from '../src/model/index.js';
import { openZip, type OpenedZip } from './helpers/zip.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-epub-templates-');
});
afterAll(() => removeTemp(scratch));

interface Built {
  file: string;
  bytes: Uint8Array;
  zip: OpenedZip;
  read(name: string): Promise<string>;
}

let count = 0;
/** Renders a manuscript with a template folder, as the build API does, and opens the result. */
async function build(manuscriptPath: string, templateDir: string): Promise<Built> {
  const manuscript = readManuscript(manuscriptPath, newManuscriptFile(manuscriptPath));
  const template = loadTemplate(templateDir);
  const buildDate = buildInstant(lastModified(manuscript.article).instant, {});
  const bytes = await renderEpub(await resolveDocument(manuscript), { template, buildDate, toolVersion: TOOL_VERSION });
  const file = path.join(scratch, `book-${++count}.epub`);
  fs.writeFileSync(file, bytes);
  const zip = await openZip(bytes);
  const read = (name: string) => zip.text(name);
  return { file, bytes, zip, read };
}

/** A template folder in the scratch space. */
function template(name: string, files: Record<string, string>): string {
  const folder = path.join(scratch, 'templates', name);
  fs.mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, file), text);
  return folder;
}

/** A manuscript in the scratch space (the kitchen sink's pictures beside it). */
function manuscript(name: string, text: string): string {
  const dir = path.join(scratch, 'manuscripts', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images'), path.join(dir, 'images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'input.md'), text);
  return path.join(dir, 'input.md');
}

function expectClean(file: string): void {
  const verdict = epubcheck(file);
  expect(verdict.problems, verdict.output).toEqual([]);
  expect({ fatals: verdict.fatals, errors: verdict.errors, warnings: verdict.warnings }).toEqual({ fatals: 0, errors: 0, warnings: 0 });
}

function manifestItems(opf: string): Record<string, string>[] {
  return [...opf.matchAll(/<item ([^>]*?)\s*\/>/g)].map((match) =>
    Object.fromEntries([...match[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((attribute) => [attribute[1]!, attribute[2]!])),
  );
}

/** `font-family → [style weight url]` for every @font-face rule. */
function fontFaces(css: string): string[] {
  return [...css.matchAll(/@font-face \{ font-family: "([^"]+)"; font-style: (\w+); font-weight: (\w+); src: url\(([^)]+)\); \}/g)].map(
    (match) => `${match[1]} ${match[2]} ${match[3]} ${match[4]}`,
  );
}

describe('embedded fonts (embed_fonts in ebook.yaml)', () => {
  let book: Built;
  let opf: string;
  let css: string;
  const archival = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'archival'));
  beforeAll(async () => {
    book = await build(SAMPLE, path.join(BUILTIN_TEMPLATES_DIR, 'archival'));
    opf = await book.read('OEBPS/content.opf');
    css = await book.read('OEBPS/style.css');
  });

  it('the archival template embeds its fonts and still passes epubcheck with no fatals, errors or warnings', () => {
    expectClean(book.file);
  });

  it('lists every font file once in the manifest as font/ttf, under a name taken from its content', async () => {
    const fonts = manifestItems(opf).filter((item) => item.href!.startsWith('fonts/'));
    const { body, heading } = archival.print.fonts;
    const sources = [...new Set([body.regular, body.italic, body.bold, body.boldItalic, heading.regular, heading.italic, heading.bold, heading.boldItalic])];
    // The heading family's regular and italic faces are the body's bold ones: six files, not eight.
    expect(sources).toHaveLength(6);
    expect(fonts).toHaveLength(6);
    for (const font of fonts) {
      expect(font['media-type']).toBe('font/ttf');
      expect(font.href).toMatch(/^fonts\/[0-9a-f]{16}\.ttf$/);
      expect(font.id).toBe(`font-${font.href!.slice(6, 22)}`);
    }
    const packed = await Promise.all(fonts.map(async (font) => (await book.zip.bytes(`OEBPS/${font.href}`))));
    for (const source of sources) {
      expect(packed.filter((data) => data.equals(fs.readFileSync(source!))), source).toHaveLength(1);
    }
  });

  it('declares each face with @font-face and sets body and headings in the template’s families', () => {
    const faces = fontFaces(css);
    expect(faces).toHaveLength(8);
    const hrefs = new Set(manifestItems(opf).filter((item) => item.href!.startsWith('fonts/')).map((item) => item.href));
    for (const face of faces) expect(hrefs.has(face.split(' ').pop())).toBe(true);
    expect(faces.map((face) => face.split(' ').slice(0, 4).join(' '))).toEqual([
      'Pressroom Body normal normal',
      'Pressroom Body italic normal',
      'Pressroom Body normal bold',
      'Pressroom Body italic bold',
      'Pressroom Heading normal normal',
      'Pressroom Heading italic normal',
      'Pressroom Heading normal bold',
      'Pressroom Heading italic bold',
    ]);
    // The same file for the body's bold and the headings' regular face.
    expect(faces[2]!.split(' ').pop()).toBe(faces[4]!.split(' ').pop());
    expect(css).toContain('body { font-family: "Pressroom Body", serif; }');
    expect(css).toContain('h1, h2, h3, h4, h5, h6 { font-family: "Pressroom Heading", serif; font-weight: normal; }');
    // After the template's own rules, so that its generic families do not win.
    expect(css.indexOf('@font-face')).toBeGreaterThan(css.indexOf('Pressroom built-in template "archival"'));
  });

  it('tells Apple Books the fonts are the book’s own', () => {
    expect(opf).toContain('prefix="ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"');
    expect(opf).toContain('<meta property="ibooks:specified-fonts">true</meta>');
  });

  it('is byte-identical from one build to the next', async () => {
    const again = await build(SAMPLE, path.join(BUILTIN_TEMPLATES_DIR, 'archival'));
    expect(Buffer.from(again.bytes).equals(Buffer.from(book.bytes))).toBe(true);
  });

  it('embeds nothing for a template that leaves it off', async () => {
    const plain = await build(SAMPLE, path.join(BUILTIN_TEMPLATES_DIR, 'article'));
    const plainOpf = await plain.read('OEBPS/content.opf');
    expect(plain.zip.names().filter((name) => name.includes('fonts/'))).toEqual([]);
    expect(await plain.read('OEBPS/style.css')).not.toContain('@font-face');
    expect(plainOpf).not.toContain('ibooks');
  });

  it('embeds only the body family when headings use it, and the sans family when they use that', async () => {
    const sameFamily = template('body-headings', { 'print.yaml': 'headings:\n  font: body\n', 'ebook.yaml': 'embed_fonts: true\n' });
    const one = await build(SAMPLE, sameFamily);
    expect(fontFaces(await one.read('OEBPS/style.css')).map((face) => face.split(' ')[1])).toEqual(['Body', 'Body', 'Body', 'Body']);
    expect(await one.read('OEBPS/style.css')).toContain('h1, h2, h3, h4, h5, h6 { font-weight: normal; }');
    expect(manifestItems(await one.read('OEBPS/content.opf')).filter((item) => item.href!.startsWith('fonts/'))).toHaveLength(4);

    const sans = template('sans-headings', { 'print.yaml': 'extends: handout\n', 'ebook.yaml': 'embed_fonts: true\n' });
    const two = await build(SAMPLE, sans);
    const css2 = await two.read('OEBPS/style.css');
    expect(fontFaces(css2).filter((face) => face.startsWith('Pressroom Sans'))).toHaveLength(4);
    expect(css2).toContain('h1, h2, h3, h4, h5, h6 { font-family: "Pressroom Sans", sans-serif; font-weight: normal; }');
    expectClean(two.file);
  });

  it('packs an OpenType file as font/otf', async () => {
    const fontsDir = path.join(scratch, 'templates', 'otf', 'fonts');
    fs.mkdirSync(fontsDir, { recursive: true });
    fs.copyFileSync(archival.print.fonts.body.regular, path.join(fontsDir, 'Body.otf'));
    const otf = template('otf', {
      'print.yaml': 'headings:\n  font: body\nfonts:\n  body:\n    regular: fonts/Body.otf\n    italic: fonts/Body.otf\n    bold: fonts/Body.otf\n    bold_italic: fonts/Body.otf\n',
      'ebook.yaml': 'embed_fonts: true\n',
    });
    const book = await build(SAMPLE, otf);
    const fonts = manifestItems(await book.read('OEBPS/content.opf')).filter((item) => item.href!.startsWith('fonts/'));
    expect(fonts.map((item) => [item.href!.slice(-4), item['media-type']])).toEqual([['.otf', 'font/otf']]);
  });
});

describe('the title layout (ebook-title.xhtml)', () => {
  const LAYOUT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- A house title block: kicker, headline, standfirst, picture, credits. -->
<header class="title-block house" epub:type="frontmatter">
  <p class="kicker" data-if="publisher">{publisher} · archive copy</p>
  <h1 class="headline">{title}</h1>
  <p class="dek">{dek}</p>
  <figure class="lead-image"/>
  <p class="byline" title="Written by {reporters}">{byline}<span class="credit"> · {credit}</span></p>
  <p class="dates">Published <time datetime="{published_iso}">{published}</time><span data-if="updated">; updated <time datetime="{updated_iso}">{updated}</time></span></p>
  <p class="identifier">{identifier} &#123;title&#125; <![CDATA[{dek} & <raw>]]></p>
</header>
`;
  const front = (extra: string) => `---
title: "Fish & Chips <b>bold</b> ]]> \\"quoted\\""
reporter: [Ann O'Neil, Bo <Li>]
published: 2024-05-01T10:00:00Z
${extra}---

The body text.
`;

  it('replaces the generated title block, values escaped, and passes epubcheck', async () => {
    const house = template('house', { 'print.yaml': 'extends: archival\n', 'ebook-title.xhtml': LAYOUT });
    const image = 'image:\n  src: images/lead.png\n  alt: A white compass star.\n  caption: The star.\n  credit: Desk & Co\n';
    const book = await build(manuscript('layout-full', front(`dek: Less <than> & more\npublisher: The Daily <Test>\nupdated: 2024-05-02T08:30:00Z\n${image}`)), house);
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    const header = /<header class="title-block house" epub:type="frontmatter">(.*?)<\/header>/s.exec(article)![1]!;
    expect(header).toContain('<p class="kicker">The Daily &#x3C;Test> · archive copy</p>');
    expect(header).toContain('<h1 class="headline">Fish &#x26; Chips &#x3C;b>bold&#x3C;/b> ]]&#x3E; "quoted"</h1>');
    expect(header).toContain('<p class="dek">Less &#x3C;than> &#x26; more</p>');
    expect(header).toMatch(/<figure class="lead-image"><img src="images\/[0-9a-f]{16}\.png" alt="A white compass star\." width="1200" height="675"\/><figcaption>The star\. <span class="credit">Photo: Desk &#x26; Co<\/span><\/figcaption><\/figure>/);
    expect(header).toContain('<p class="byline" title="Written by Ann O\'Neil and Bo &#x3C;Li>">By Ann O\'Neil and Bo &#x3C;Li><span class="credit"> · Photo: Desk &#x26; Co</span></p>');
    expect(header).toContain(
      '<p class="dates">Published <time datetime="2024-05-01T10:00:00Z">1 May 2024, 10:00 UTC</time><span>; updated <time datetime="2024-05-02T08:30:00Z">2 May 2024, 08:30 UTC</time></span></p>',
    );
    expect(header).toMatch(/<p class="identifier">urn:uuid:[0-9a-f-]{36} \{title\} \{dek\} &#x26; &#x3C;raw><\/p>/);
    expect(article).not.toContain('data-if');
    expect(article.match(/<h1/g)).toHaveLength(1);
  });

  it('leaves out what the article does not have', async () => {
    const house = template('house-sparse', { 'print.yaml': 'extends: article\n', 'ebook-title.xhtml': LAYOUT });
    const book = await build(manuscript('layout-sparse', front('')), house);
    expectClean(book.file);
    const header = /<header class="title-block house"[^>]*>(.*?)<\/header>/s.exec(await book.read('OEBPS/article.xhtml'))![1]!;
    for (const gone of ['kicker', 'class="dek"', 'figure', 'class="credit"', 'updated']) expect(header, gone).not.toContain(gone);
    expect(header).toContain('<p class="byline" title="Written by Ann O\'Neil and Bo &#x3C;Li>">By Ann O\'Neil and Bo &#x3C;Li></p>');
    expect(header).toContain('<p class="dates">Published <time datetime="2024-05-01T10:00:00Z">1 May 2024, 10:00 UTC</time></p>');
  });

  it('is inherited along extends, and a descendant’s own layout wins', async () => {
    const base = template('layout-base', { 'print.yaml': 'extends: handout\n', 'ebook-title.xhtml': '<header class="title-block base"><h1>{title}</h1></header>' });
    const child = template('layout-child', { 'print.yaml': 'extends: ../layout-base\n' });
    const grandchild = template('layout-grandchild', {
      'print.yaml': 'extends: ../layout-child\n',
      'ebook-title.xhtml': '<header class="title-block own"><p>{byline}</p><h1>{title}</h1></header>',
    });
    const source = manuscript('layout-inherit', front(''));
    expect(await (await build(source, child)).read('OEBPS/article.xhtml')).toContain('<header class="title-block base"><h1>Fish &#x26; Chips');
    expect(await (await build(source, grandchild)).read('OEBPS/article.xhtml')).toContain('<header class="title-block own"><p>By Ann O\'Neil and Bo &#x3C;Li></p><h1>');
  });

  it('without a layout, the generated title block stays as it was', async () => {
    const book = await build(SAMPLE, path.join(BUILTIN_TEMPLATES_DIR, 'article'));
    expect(await book.read('OEBPS/article.xhtml')).toContain('<header class="title-block"><h1>Zelenskyy demands');
  });
});
