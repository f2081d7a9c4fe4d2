import fs from 'node:fs';
import path from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastModified } from '../src/core/article.js';
import { buildInstant } from '../src/core/clock.js';
import { formatMessage } from '../src/core/diagnostics.js';
import { TOOL_VERSION } from '../src/core/version.js';
import { renderEpub } from '../src/epub/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../src/template/load.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';
import { epubcheck } from './helpers/tools.js';
import { resolveDocument } from '../src/model/index.js';
import { openZip, type OpenedZip } from './helpers/zip.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
const KITCHEN_SINK = path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'input.md');

interface Built {
  file: string;
  bytes: Uint8Array;
  zip: OpenedZip;
  messages: VFileMessage[];
  /** An entry of the book as text, e.g. `OEBPS/content.opf`. */
  read(name: string): Promise<string>;
}

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-epub-');
});
afterAll(() => removeTemp(scratch));

/** Renders a manuscript as the build API does (same build date rule) and opens the result. */
async function build(manuscriptPath: string): Promise<Built> {
  const vfile = newManuscriptFile(manuscriptPath);
  const manuscript = readManuscript(manuscriptPath, vfile);
  const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE));
  const buildDate = buildInstant(lastModified(manuscript.article).instant, {});
  const bytes = await renderEpub(await resolveDocument(manuscript), { template, buildDate, toolVersion: TOOL_VERSION });
  const file = path.join(scratch, `${manuscript.article.slug}-${path.basename(path.dirname(manuscriptPath))}.epub`);
  fs.writeFileSync(file, bytes);
  const zip = await openZip(bytes);
  const read = (name: string) => zip.text(name);
  return { file, bytes, zip, messages: vfile.messages, read };
}

/** Writes a manuscript into the scratch folder (with the kitchen sink's pictures beside it) and builds it. */
async function buildText(name: string, text: string): Promise<Built> {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images'), path.join(dir, 'images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'input.md'), text);
  return build(path.join(dir, 'input.md'));
}

function expectClean(file: string): void {
  const verdict = epubcheck(file);
  expect(verdict.problems, verdict.output).toEqual([]);
  expect({ fatals: verdict.fatals, errors: verdict.errors, warnings: verdict.warnings }).toEqual({ fatals: 0, errors: 0, warnings: 0 });
}

/** `line:column` of the first line of `source` holding `needle`, column at the needle: where a message should point. */
function placeOf(source: string, needle: string): string {
  const lines = source.split('\n');
  const line = lines.findIndex((text) => text.includes(needle));
  if (line === -1) throw new Error(`${needle} is not in the manuscript`);
  return `${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
}

function warningsText(messages: VFileMessage[]): string {
  return messages.map((message) => formatMessage(message, 'input.md')).join('\n');
}

/** The manifest items as attribute maps. */
function manifestItems(opf: string): Record<string, string>[] {
  return [...opf.matchAll(/<item ([^>]*?)\s*\/>/g)].map((match) =>
    Object.fromEntries([...match[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((attribute) => [attribute[1]!, attribute[2]!])),
  );
}

function metaValues(opf: string, property: string): string[] {
  return [...opf.matchAll(new RegExp(`<meta property="${property}">([^<]*)</meta>`, 'g'))].map((match) => match[1]!);
}

describe('the sample manuscript as EPUB', () => {
  let book: Built;
  let opf: string;
  let article: string;
  beforeAll(async () => {
    book = await build(SAMPLE);
    opf = await book.read('OEBPS/content.opf');
    article = await book.read('OEBPS/article.xhtml');
  });

  it('passes epubcheck with no fatals, errors or warnings', () => {
    expectClean(book.file);
  });

  it('renders without messages', () => {
    expect(warningsText(book.messages)).toBe('');
  });

  it('carries the package metadata from the manuscript only', () => {
    expect(opf).toContain('unique-identifier="publication-id"');
    expect(opf).toMatch(/<dc:identifier id="publication-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toContain('<dc:title>Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief</dc:title>');
    expect(opf).toContain('<dc:creator id="creator-1">Zaini Majeed</dc:creator>');
    expect(opf).toContain('<meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>');
    expect(opf).toContain('<dc:contributor id="photographer">AP</dc:contributor>');
    expect(opf).toContain('<meta refines="#photographer" property="role" scheme="marc:relators">pht</meta>');
    expect(opf).toContain('<dc:date>2023-04-21T22:51:00+05:30</dc:date>');
    expect(metaValues(opf, 'dcterms:modified')).toEqual(['2023-04-21T17:21:00Z']);
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<dc:description>NATO has an open-door policy, implying .* 31 member states\.<\/dc:description>/);
    expect([...opf.matchAll(/<dc:subject>([^<]*)<\/dc:subject>/g)].map((match) => match[1])).toEqual([
      'Ukraine',
      'NATO',
      'Russia-Ukraine war',
      'Vilnius summit',
    ]);
    // The sample names no publisher and no rights: nothing may be invented for them.
    expect(opf).not.toContain('<dc:publisher');
    expect(opf).not.toContain('<dc:rights');
  });

  it('claims EPUB Accessibility 1.1 with its metadata, since every check passes', () => {
    expect(metaValues(opf, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(metaValues(opf, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    expect(metaValues(opf, 'schema:accessibilityFeature')).toEqual(
      expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText']),
    );
    expect(metaValues(opf, 'schema:accessibilityHazard')).toEqual(['none']);
    expect(metaValues(opf, 'schema:accessibilitySummary')[0]).toMatch(/Meets WCAG 2\.1 Level AA/);
    expect(metaValues(opf, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
  });

  it('opens with the title block: headline, dek, byline, dates in the article zone, lead figure with credit', () => {
    const header = /<header class="title-block">(.*?)<\/header>/s.exec(article)![1]!;
    expect(header).toContain('<h1>Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief</h1>');
    expect(header).toMatch(/<p class="dek">NATO has an open-door policy/);
    expect(header).toContain('<p class="byline">By Zaini Majeed</p>');
    expect(header).toContain('<p class="dateline">Published <time datetime="2023-04-21T22:51:00+05:30">21 April 2023, 22:51 IST</time></p>');
    expect(header).toMatch(/<figure class="lead-image"><img src="images\/[0-9a-f]{16}\.png" alt="Flat illustration: the flag of Ukraine[^"]*" width="1200" height="675"\/>/);
    expect(header).toMatch(/<figcaption>Drawn stand-in for the original AP photograph[^<]*<span class="credit">Photo: AP<\/span><\/figcaption>/);
  });

  it('draws the cover from the lead picture, headline, byline and date, and shows it on a cover page', async () => {
    const cover = manifestItems(opf).find((item) => item.properties === 'cover-image')!;
    expect(cover['media-type']).toBe('image/svg+xml');
    expect(opf).toContain(`<meta name="cover" content="${cover.id}" />`);
    const coverPage = await book.read('OEBPS/cover.xhtml');
    expect(coverPage).toContain(
      `<img src="${cover.href}" alt="Cover: Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief. By Zaini Majeed. 21 April 2023"`,
    );
    // The lead picture is drawn from the file beside the cover, not copied into it.
    const lead = manifestItems(opf).find((item) => item['media-type'] === 'image/png')!;
    const original = fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'));
    expect(Buffer.from(await book.zip.bytes(`OEBPS/${lead.href}`)).equals(original)).toBe(true);
    const svg = await book.read(`OEBPS/${cover.href}`);
    expect(svg).toContain(`xlink:href="${path.posix.basename(lead.href)}"`);
  });

  it('navigates by headings and landmarks, with the nav outside the reading order', async () => {
    const nav = await book.read('OEBPS/toc.xhtml');
    expect(nav).toContain('<nav epub:type="toc" role="doc-toc" id="toc">');
    expect(nav).toContain('<a href="article.xhtml#security-guarantees-of-ukraine-to-be-discussed-in-vilnius">Security guarantees of Ukraine to be discussed in Vilnius</a>');
    expect(article).toContain('<h2 id="security-guarantees-of-ukraine-to-be-discussed-in-vilnius">');
    expect(nav).toMatch(/<nav epub:type="landmarks"[^>]*>.*epub:type="cover" href="cover\.xhtml".*epub:type="bodymatter" href="article\.xhtml"/s);
    expect(opf).toMatch(/<spine toc="ncx"><itemref idref="cover" \/><itemref idref="article" \/><itemref idref="nav" linear="no" \/><\/spine>/);
    const ncx = await book.read('OEBPS/toc.ncx');
    expect(ncx).toMatch(/<meta name="dtb:uid" content="urn:uuid:[0-9a-f-]{36}" \/>/);
    expect(ncx).toContain('<content src="article.xhtml#security-guarantees-of-ukraine-to-be-discussed-in-vilnius" />');
  });

  it('is an OCF container: mimetype first and stored, every entry dated by the build', () => {
    const bytes = Buffer.from(book.bytes);
    expect(bytes.toString('latin1', 30, 38)).toBe('mimetype');
    expect(bytes.readUInt16LE(8)).toBe(0);
    expect(bytes.toString('latin1', 38, 58)).toBe('application/epub+zip');
    for (const entry of book.zip.entries) {
      expect(entry.dir, entry.name).toBe(false);
      expect(entry.date.toISOString(), entry.name).toBe('2023-04-21T17:21:00.000Z');
    }
  });
});

describe('the kitchen sink as EPUB', () => {
  let book: Built;
  let opf: string;
  let article: string;
  const source = fs.readFileSync(KITCHEN_SINK, 'utf8');
  beforeAll(async () => {
    book = await build(KITCHEN_SINK);
    opf = await book.read('OEBPS/content.opf');
    article = await book.read('OEBPS/article.xhtml');
  });

  it('passes epubcheck with no fatals, errors or warnings', () => {
    expectClean(book.file);
  });

  it('renders every Markdown construct as semantic XHTML', () => {
    expect(article).toContain('<em>emphasis</em>');
    expect(article).toContain('<strong>strong text</strong>');
    expect(article).toContain('<del>struck through</del>');
    expect(article).toContain('<code>inline code</code>');
    expect(article).toContain('<a href="https://example.com/some/path?query=1&#x26;b=2">link to the example site</a>');
    expect(article).toContain('<a href="mailto:desk@example.com">mail link</a>');
    expect(article).toContain('<a href="#tables-and-alignment">internal link</a>');
    expect(article).toMatch(/<ul>\s*<li>First bullet<\/li>\s*<li>Second bullet with a nested list:\s*<ul>\s*<li>nested one<\/li>/);
    expect(article).toContain('<ol start="3">');
    expect(article).toContain('<ul class="contains-task-list">');
    expect(article).toContain('<li class="task-list-item"><input type="checkbox" disabled="" checked="" aria-label="done"/> A task that is done</li>');
    expect(article).toContain('<input type="checkbox" disabled="" aria-label="not done"/> A task still open');
    expect(article).toMatch(/<blockquote>\s*<p>A block quote, with a second paragraph\.<\/p>\s*<blockquote>\s*<p>And a nested quote inside it\.<\/p>/);
    expect(article).toMatch(/<pre><code class="language-js">function greet\(name\) \{/);
    expect(article).toContain('<th scope="col" class="align-left">Country</th>');
    expect(article).toContain('<td class="align-right">2.8</td>');
    expect(article).not.toMatch(/\salign="/);
    expect(article).toContain('Line one of a poem,<br/>');
    expect(article).toContain('<hr/>');
    expect(article).toMatch(/<figure><img src="images\/[0-9a-f]{16}\.png" alt="A white compass star on a navy field" width="1200" height="675"\/><figcaption>The lead image again, as an inline figure<\/figcaption><\/figure>/);
  });

  it('gives repeated and non-Latin headings unique GitHub-style ids that links resolve to', () => {
    expect(article).toContain('<h2 id="repeated-heading">Repeated heading</h2>');
    expect(article).toContain('<h2 id="repeated-heading-1">Repeated heading</h2>');
    expect(article).toContain('<h2 id="українські-заголовки">');
    expect(article).toContain('<a href="#українські-заголовки">this link</a>');
    expect(article).toContain('<a href="https://example.net/reference" title="A link definition">reference-style link</a>');
  });

  it('makes footnotes EPUB 3 pop-up notes, one id per citation, each citation linked back', () => {
    expect(article).toContain('<sup><a epub:type="noteref" role="doc-noteref" id="fnref-1" href="#fn-1">1</a></sup>');
    expect(article).toContain('<sup><a epub:type="noteref" role="doc-noteref" id="fnref-1-2" href="#fn-1">1</a></sup>');
    expect(article).toContain('<sup><a epub:type="noteref" role="doc-noteref" id="fnref-2" href="#fn-2">2</a></sup>');
    const first = /<aside id="fn-1" epub:type="footnote" role="doc-footnote" class="footnote">(.*?)<\/aside>/s.exec(article)![1]!;
    expect(first).toContain('<a href="#fnref-1" role="doc-backlink" class="note-number">1.</a> The first footnote, cited twice.');
    expect(first).toContain('<a href="#fnref-1-2" role="doc-backlink" aria-label="Back to citation 2">');
    const second = /<aside id="fn-2" epub:type="footnote" role="doc-footnote" class="footnote">(.*?)<\/aside>/s.exec(article)![1]!;
    expect(second.match(/<p>/g)).toHaveLength(2);
    expect(second).toContain('<p>Its second paragraph.</p>');
  });

  it('embeds every kind of picture with its media type, never as an empty file', async () => {
    const items = manifestItems(opf).filter((item) => item['media-type']!.startsWith('image/'));
    // The pictures, the WebP's PNG copy, and the generated cover.
    expect(items.map((item) => item['media-type']).sort()).toEqual(['image/gif', 'image/jpeg', 'image/png', 'image/png', 'image/svg+xml', 'image/svg+xml', 'image/webp']);
    for (const item of items) {
      expect(item.href).toMatch(/^images\/[0-9a-f]{16}\.(png|jpg|gif|webp|svg)$/);
      const data = await book.zip.bytes(`OEBPS/${item.href}`);
      expect(data.length, item.href).toBeGreaterThan(0);
    }
    const images = path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images');
    for (const name of ['bands.jpg', 'bands.gif', 'bands.webp', 'lead.png']) {
      const original = fs.readFileSync(path.join(images, name));
      const matches = await Promise.all(items.map(async (item) => (await book.zip.bytes(`OEBPS/${item.href}`)).equals(original)));
      expect(matches.filter(Boolean), name).toHaveLength(1);
    }
    // EPUB 3.2 reading systems need not show WebP: it falls back to a PNG copy.
    const webp = items.find((item) => item['media-type'] === 'image/webp')!;
    const fallback = items.find((item) => item.id === webp.fallback)!;
    expect(fallback['media-type']).toBe('image/png');
    expect((await book.zip.bytes(`OEBPS/${fallback.href}`)).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('sanitises SVG pictures down to static drawing', async () => {
    const svgItem = manifestItems(opf).find((item) => item['media-type'] === 'image/svg+xml' && item.properties !== 'cover-image')!;
    const svg = await book.read(`OEBPS/${svgItem.href}`);
    expect(svg).toContain('<path d="M48 8');
    for (const banned of ['<script', 'onload', 'onclick', 'foreignObject', '<image', 'inkscape', 'javascript:', 'example.com']) {
      expect(svg, banned).not.toContain(banned);
    }
    expect(warningsText(book.messages)).toContain(
      `input.md:${placeOf(source, '![A white compass star on navy, drawn in SVG]')}: warning: SVG picture "images/star.svg": removed`,
    );
  });

  it('keeps alt text: a stand-in for an undescribed picture, the description for a remote one', () => {
    expect(article).toMatch(/<figure><img src="images\/[0-9a-f]{16}\.jpg" alt="Picture without a description" width="96" height="64"\/><\/figure>/);
    expect(article).toContain('<p>A picture on a server, never downloaded</p>');
    expect(article).not.toContain('remote.jpg');
    for (const image of article.matchAll(/<img [^>]*>/g)) expect(image[0]).toMatch(/ alt="[^"]+"/);
  });

  it('keeps safe raw HTML and removes the rest, warning at each place', () => {
    for (const kept of ['H<sub>2</sub>O', 'mc<sup>2</sup>', '<abbr title="North Atlantic Treaty Organization">NATO</abbr>', '<mark>marked</mark>', '<kbd>Ctrl</kbd>', '<small>small print</small>', 'a line<br/>break', '<p class="align-center">A centred paragraph']) {
      expect(article).toContain(kept);
    }
    for (const removed of ['<script', 'alert(', '<iframe', '<form', '<input name', '<button', 'onclick', 'style=', 'javascript:', '<font', '<!--', 'width="300"']) {
      expect(article, removed).not.toContain(removed);
    }
    expect(article).toMatch(/<details>\s*<summary>An unclosed details element<\/summary>\s*<p>The details element is never closed in the source\.<\/p><\/details>/);
    const warnings = warningsText(book.messages);
    expect(warnings).toContain(`input.md:${placeOf(source, '<script>')}: warning: removed <script> and its content from the raw HTML`);
    expect(warnings).toContain(`input.md:${placeOf(source, '<iframe')}: warning: removed <iframe>`);
    expect(warnings).toContain(`input.md:${placeOf(source, '<form')}: warning: removed <form>`);
    expect(warnings).toContain(`input.md:${placeOf(source, '<span onclick')}: warning: removed the onclick attribute from <span>`);
    expect(warnings).toContain(`input.md:${placeOf(source, '<span onclick')}: warning: removed the style attribute from <span>`);
    expect(warnings).toContain(`input.md:${placeOf(source, '<a href="javascript:')}: warning: removed the href attribute from <a>`);
    expect(warnings).toContain(`input.md:${placeOf(source, '<font')}: warning: removed the <font> tag`);
  });

  it('turns links that cannot work in a book into plain text, warning at the link', () => {
    expect(article).toContain('A local file, an anchor to nowhere, and a');
    expect(article).toContain('<a href="https://example.org/">page on the web</a>');
    const warnings = warningsText(book.messages);
    expect(warnings).toContain(`input.md:${placeOf(source, '[local file]')}: warning: link to "notes/other.md" points at a file that is not part of the ebook or the PDF`);
    expect(warnings).toContain(`input.md:${placeOf(source, '[anchor to nowhere]')}: warning: link to "#no-such-heading" leads nowhere`);
  });

  it('names every reporter as an author, in order, and keeps rights and publisher', () => {
    expect([...opf.matchAll(/<dc:creator id="(creator-\d)">([^<]*)<\/dc:creator>/g)].map((match) => match[2])).toEqual([
      'Ада Ковальчук',
      'Νίκος Παπαδόπουλος',
      'Jonas Žemaitis',
    ]);
    expect(opf.match(/property="role" scheme="marc:relators">aut</g)).toHaveLength(3);
    expect(opf).toContain('<dc:publisher>Pressroom Test Desk</dc:publisher>');
    expect(opf).toContain('<dc:rights>© 2024 Pressroom Test Desk. All rights reserved.</dc:rights>');
    expect(metaValues(opf, 'dcterms:modified')).toEqual(['2024-03-01T16:30:00Z']);
  });

  it('does not claim WCAG conformance, and says why', () => {
    expect(metaValues(opf, 'dcterms:conformsTo')).toEqual([]);
    expect(metaValues(opf, 'schema:accessModeSufficient')).toEqual(['textual,visual']);
    const summary = metaValues(opf, 'schema:accessibilitySummary')[0]!;
    expect(summary).toContain('1 picture has no description');
    expect(summary).toContain('passages in Cyrillic, Greek script are not marked with their language');
  });
});

describe('edge cases', () => {
  const frontMatter = (extra = '') => `---
title: A plain report
reporter: Jo Doe
published: 2024-05-01T10:00:00Z
lang: en
publisher: The Daily Test
${extra}---

`;

  it('draws a plain cover when the article has no lead picture', async () => {
    const book = await buildText('no-image', `${frontMatter()}Just text.\n`);
    expectClean(book.file);
    const opf = await book.read('OEBPS/content.opf');
    const cover = manifestItems(opf).find((item) => item.properties === 'cover-image')!;
    expect(cover['media-type']).toBe('image/svg+xml');
    const svg = await book.read(`OEBPS/${cover.href}`);
    // Letters are outlines: no <text> for a reading system to set in other fonts, and no picture.
    expect(svg).not.toContain('<text');
    expect(svg).not.toContain('<image');
    expect(svg).toMatch(/<use xlink:href="#g\d+-\d+"/);
    expect(await book.read('OEBPS/cover.xhtml')).toContain('alt="Cover: A plain report. By Jo Doe. The Daily Test. 1 May 2024"');
    expect(opf).not.toContain('<dc:contributor');
  });

  it('shows the alt text when the lead picture is remote, and still has a cover', async () => {
    const image = 'image:\n  src: https://example.com/photo.jpg\n  alt: A crowd in the square.\n  caption: The square at noon.\n  credit: Reuters\n';
    const book = await buildText('remote-lead', `${frontMatter(image)}Text.\n`);
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    expect(article).toContain('<figure class="lead-image"><p class="image-alt">A crowd in the square.</p><figcaption>The square at noon. <span class="credit">Photo: Reuters</span></figcaption></figure>');
    expect(manifestItems(await book.read('OEBPS/content.opf')).find((item) => item.properties === 'cover-image')!['media-type']).toBe('image/svg+xml');
  });

  it('keeps the headline the only h1 and writes headings that skip levels one level apart', async () => {
    const book = await buildText('headings', `${frontMatter()}# Part one\n\nText.\n\n### Deep\n\nMore.\n\n## Part two\n\n#### Deeper\n`);
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    expect(article.match(/<h1/g)).toHaveLength(1);
    expect(article).toContain('<h2 id="part-one">Part one</h2>');
    expect(article).toContain('<h3 id="deep">Deep</h3>');
    expect(article).toContain('<h3 id="part-two">Part two</h3>');
    expect(article).toContain('<h4 id="deeper">Deeper</h4>');
    const opf = await book.read('OEBPS/content.opf');
    expect(metaValues(opf, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
    const nav = await book.read('OEBPS/toc.xhtml');
    expect(nav).toMatch(/<a href="article\.xhtml#part-one">Part one<\/a><ol><li><a href="article\.xhtml#deep">Deep<\/a>/);
  });

  it('keeps ids unique, notes that cite notes, and warns about what it drops', async () => {
    const body = [
      '## Intro',
      '',
      'A <span id="intro">clash</span> and <span id="mine">a fine id</span> and <b id="mine">a repeat</b>.',
      'A note[^a] and a control\u000bcharacter. Back to [mine](#mine).',
      '',
      '[^a]: This note cites another.[^b]',
      '',
      '[^b]: The other note.',
      '',
      '[^unused]: Never cited.',
      '',
      'Links: [script](javascript:alert(1)), [ftp](ftp://example.com/file), [relative](../other.html), [mail](mailto:a@example.com).',
      '',
    ].join('\n');
    const book = await buildText('edges', `${frontMatter()}${body}`);
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    expect(article).toContain('<span>clash</span>');
    expect(article).toContain('<span id="mine">a fine id</span>');
    expect(article).toContain('<b>a repeat</b>');
    expect(article).toContain('<a href="#mine">mine</a>');
    expect(article).toContain('controlcharacter');
    expect(article).toContain('<aside id="fn-2" epub:type="footnote"');
    expect(article).not.toContain('Never cited');
    expect(article).toContain('Links: script, ftp, relative, <a href="mailto:a@example.com">mail</a>.');
    const warnings = warningsText(book.messages);
    expect(warnings).toMatch(/warning: removed id="intro" from <span>/);
    expect(warnings).toMatch(/warning: removed id="mine" from <b>/);
    expect(warnings).toMatch(/warning: footnote \[\^unused\] is never cited/);
    expect(warnings).toMatch(/warning: removed a control character/);
    expect(warnings).toMatch(/warning: link "javascript:alert\(1\)" cannot work in the ebook or the PDF/);
    expect(warnings).toMatch(/warning: link "ftp:\/\/example.com\/file" cannot work in the ebook or the PDF/);
    expect(warnings).toMatch(/warning: link to "\.\.\/other\.html" points at a file/);
  });

  it('repairs raw HTML the parser leaves well-formed but invalid, and drops empty headings', async () => {
    const body = [
      '##',
      '',
      'Stray <li>item</li> and <dd>definition</dd>; an <b>unclosed bold, [empty](), [bare hash](#).',
      '',
      '<div>a block</div>',
      '',
      '<ul>loose text<li>an item</li></ul>',
      '',
      '## Heading <div>with a block</div>',
      '',
    ].join('\n');
    const book = await buildText('structure', `${frontMatter()}${body}`);
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    expect(article).not.toMatch(/<h2 id=""|<h2><\/h2>/);
    expect(article).toContain('<li>loose text</li><li>an item</li>');
    expect(article).toContain('<h2 id="heading-with-a-block">Heading  with a block </h2>');
    const warnings = warningsText(book.messages);
    expect(warnings).toContain('input.md:9:1: warning: empty heading left out');
    expect(warnings).toMatch(/input\.md:11:7: warning: <li> outside <ul> or <ol> is not valid/);
    expect(warnings).toMatch(/input\.md:11:25: warning: <dd> outside <dl> or <div> is not valid/);
    expect(warnings).toMatch(/input\.md:11:49: warning: <b> cannot hold a <p> \(a tag left open in the raw HTML\?\)/);
    expect(warnings).toMatch(/warning: content directly inside <ul> was put into list items/);
    expect(warnings).toMatch(/warning: <h2> cannot hold a <div>/);
    expect(warnings.match(/warning: link has no address/g)).toHaveLength(2);
  });

  it('writes "]]>" in text so that XML can read it', async () => {
    const book = await buildText('cdata-end', frontMatter().replace('title: A plain report', 'title: "Ends with ]]> here"') + 'The sequence ]]> in text, and `]]>` in code.\n');
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    expect(article).toContain('The sequence ]]&#x3E; in text, and <code>]]&#x3E;</code> in code.');
    expect(article).toContain('<h1>Ends with ]]&#x3E; here</h1>');
    expect(await book.read('OEBPS/content.opf')).toContain('<dc:title>Ends with ]]&#x3E; here</dc:title>');
  });

  it('puts a footnote cited inside link text after the link, since a link cannot hold a link', async () => {
    const body = 'See [the report[^1] in full](https://example.com/report) and [ref][r].\n\n[r]: https://example.com/ref\n\n[^1]: The note.\n';
    const book = await buildText('note-in-link', `${frontMatter()}${body.replace('[ref][r]', '[the ref[^1]][r]')}`);
    expectClean(book.file);
    const article = await book.read('OEBPS/article.xhtml');
    expect(article).toContain(
      'See <a href="https://example.com/report">the report in full</a><sup><a epub:type="noteref" role="doc-noteref" id="fnref-1" href="#fn-1">1</a></sup> and <a href="https://example.com/ref">the ref</a><sup><a epub:type="noteref" role="doc-noteref" id="fnref-1-2" href="#fn-1">1</a></sup>.',
    );
  });

  it('sets right-to-left direction for Arabic', async () => {
    const book = await buildText('arabic', frontMatter().replace('lang: en', 'lang: ar') + 'نص المقال.\n');
    expectClean(book.file);
    expect(await book.read('OEBPS/article.xhtml')).toContain('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="ar" xml:lang="ar" dir="rtl">');
    expect(await book.read('OEBPS/content.opf')).toContain('<spine toc="ncx" page-progression-direction="rtl">');
  });

  it('resolves relative links against the article\'s web address (kept as dc:source), and hints at it when there is none', async () => {
    const body = '[Politics](/politics/) and [the earlier story](../2023/earlier).\n';
    const resolved = await buildText('web-address', `${frontMatter('url: https://news.example.com/world/2024/story\n')}${body}`);
    expectClean(resolved.file);
    const article = await resolved.read('OEBPS/article.xhtml');
    expect(article).toContain('<a href="https://news.example.com/politics/">Politics</a>');
    expect(article).toContain('<a href="https://news.example.com/world/2023/earlier">the earlier story</a>');
    expect(warningsText(resolved.messages)).not.toContain('link');
    // Raw HTML is not resolved against it; its warning does not send the author to `url:` again.
    const html = await buildText('web-address-html', `${frontMatter('url: https://news.example.com/world/2024/story\n')}${body}\n<a href="other.html">raw</a>\n`);
    expect(warningsText(html.messages)).toMatch(/warning: link to "other\.html" points at a file that is not part of the ebook or the PDF; the link text stays as plain text$/m);
    expect(await resolved.read('OEBPS/content.opf')).toContain('<dc:source>https://news.example.com/world/2024/story</dc:source>');

    const unresolved = await buildText('no-web-address', `${frontMatter()}${body}`);
    expect(warningsText(unresolved.messages)).toContain(
      'warning: link to "/politics/" points at a file that is not part of the ebook or the PDF (a relative link on the article\'s web page? give its address as `url:` in the front matter)',
    );
  });
});
