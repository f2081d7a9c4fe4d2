import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { PdfObjects, textOf, walk } from './helpers/pdf-objects.js';
import { epubcheck, pagefill, pagefillAvailable, pdfinfo, pdftotext, qpdfCheck, wordsWithPositions, type Word } from './helpers/tools.js';
import { openZip, type OpenedZip } from './helpers/zip.js';

/**
 * The sample edition (manuscript/week-in-europe.edition.yaml: the seed article and two short sample
 * articles, one of them in German), built through the command line and read back.
 */
let dir: string;
let epub: OpenedZip;
let pdf: string;
const env = { SOURCE_DATE_EPOCH: '1700000000' };

beforeAll(async () => {
  dir = makeTemp('pressroom-edition-');
  fs.cpSync(path.join(REPO_ROOT, 'manuscript'), path.join(dir, 'manuscript'), { recursive: true });
  const run = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', 'out'], { cwd: dir, env });
  expect(run.status, run.stderr).toBe(0);
  epub = await openZip(path.join(dir, 'out', 'week-in-europe.epub'));
  pdf = path.join(dir, 'out', 'week-in-europe.pdf');
});
afterAll(() => removeTemp(dir));

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function words(text: string): string[] {
  return (text.normalize('NFC').match(WORD) ?? []).map((word) => word.toLowerCase());
}

function xml(text: string): Document {
  return new DOMParser().parseFromString(text, 'application/xml') as unknown as Document;
}

const ARTICLES = [
  { file: 'article-001.xhtml', title: 'Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief', lang: 'en' },
  { file: 'article-002.xhtml', title: 'Sample text: how this edition is put together', lang: 'en' },
  { file: 'article-003.xhtml', title: 'Beispieltext: Ein Artikel auf Deutsch in einer englischen Ausgabe', lang: 'de' },
];

describe('an edition as one EPUB', () => {
  it('is valid: epubcheck finds nothing', () => {
    const verdict = epubcheck(path.join(dir, 'out', 'week-in-europe.epub'));
    expect(verdict.problems).toEqual([]);
    expect([verdict.fatals, verdict.errors, verdict.warnings]).toEqual([0, 0, 0]);
  });

  it('holds one page per article, each in its own language, its notes numbered on their own', async () => {
    for (const article of ARTICLES) {
      const page = await epub.text(`OEBPS/${article.file}`);
      expect(page).toContain(`lang="${article.lang}" xml:lang="${article.lang}"`);
      expect(page).toContain(`<h1>${article.title}</h1>`);
    }
    // The sample article and the German one each have their own note 1.
    expect(await epub.text('OEBPS/article-002.xhtml')).toContain('id="fn-1"');
    expect(await epub.text('OEBPS/article-003.xhtml')).toContain('id="fn-1"');
  });

  it('nests its contents by section, article and heading; its landmarks start at the first article', async () => {
    const nav = xml(await epub.text('OEBPS/toc.xhtml'));
    const toc = nav.getElementsByTagName('nav')[0]!;
    const sections = [...(toc.getElementsByTagName('ol')[0]!.childNodes as unknown as Element[])].filter((node) => node.nodeName === 'li');
    expect(sections.map((section) => section.getElementsByTagName('a')[0]!.textContent)).toEqual(['Ukraine', 'About this edition']);
    const aboutArticles = [...(sections[1]!.getElementsByTagName('ol')[0]!.childNodes as unknown as Element[])].filter((node) => node.nodeName === 'li');
    expect(aboutArticles.map((article) => article.getElementsByTagName('a')[0]!.getAttribute('href'))).toEqual(['article-002.xhtml', 'article-003.xhtml']);
    expect(aboutArticles[0]!.textContent).toContain('What the manifest says');
    expect(await epub.text('OEBPS/toc.xhtml')).toMatch(/epub:type="bodymatter" href="article-001\.xhtml"/);
    const ncx = await epub.text('OEBPS/toc.ncx');
    expect(ncx).toContain('<text>Ukraine</text>');
  });

  it('says who wrote and photographed it, once each, and what it belongs to', async () => {
    const opf = await epub.text('OEBPS/content.opf');
    const creators = [...opf.matchAll(/<dc:creator id="[^"]+">([^<]+)<\/dc:creator>/g)].map((match) => match[1]);
    expect(creators).toEqual(['Zaini Majeed', 'Pressroom Sample Desk', 'Pressroom Beispielredaktion']);
    expect(opf).toMatch(/<dc:contributor id="photographer">AP<\/dc:contributor>/);
    expect(opf).toMatch(/<dc:contributor id="photographer-2">Pressroom Sample Desk<\/dc:contributor>/);
    expect(opf).toContain('<meta property="belongs-to-collection" id="collection">Example Review</meta>');
    expect(opf).toContain('<dc:date>2023-04-23T08:00:00+05:30</dc:date>');
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toContain('<dc:language>de</dc:language>');
    expect(opf).toMatch(/<dc:description>[^<]*Articles: Zelenskyy demands[^<]*; Sample text: how this edition is put together; Beispieltext/);
  });
});

describe('an edition as one print PDF', () => {
  it('is valid and tagged, one Art per article in its own language', () => {
    expect(qpdfCheck(pdf).status).toBe(0);
    expect(pdfinfo(pdf).Tagged).toBe('yes');
    const objects = new PdfObjects(pdf);
    const articles = walk(objects.structureTree()).filter((element) => element.type === 'Art');
    expect(articles).toHaveLength(3);
    expect(articles.map((article) => textOf(article.dict['/Lang']))).toEqual([undefined, undefined, 'de']);
  });

  it('lists each article in the contents on the title page with the page it begins on, which it does', () => {
    const pages = pdftotext(pdf, ['-layout']).split('\f');
    const contents = pages[0]!;
    expect(contents).toContain('The Week in Europe');
    // The headline's first words as a line of a page, its running header (first line) left out but on a page where an article opens.
    const bodyOf = (page: number) => pages[page - 1]!.split('\n').filter((line) => line.trim() !== '').slice(1).join(' ');
    for (const article of ARTICLES) {
      const words = article.title.split(' ');
      const line = contents.split('\n').find((candidate) => candidate.includes(words.slice(0, 3).join(' ')))!;
      const page = Number(/(\d+)\s*$/.exec(line)![1]);
      expect(pages[page - 1]!, `${article.title} on page ${page}`).toContain(words.slice(0, 3).join(' '));
      if (page > 2) expect(bodyOf(page - 1), `${article.title} does not begin on page ${page - 1}`).not.toContain(words.slice(0, 3).join(' '));
    }
  });

  it('nests its outline: sections, then articles, then their headings', () => {
    const objects = new PdfObjects(pdf);
    const outlines = objects.dict(objects.catalog['/Outlines'])!;
    const titles = (first: unknown): { title: string; kids: ReturnType<typeof titles> }[] => {
      const out = [];
      for (let item = objects.dict(first as never); item; item = objects.dict(item['/Next'])) out.push({ title: textOf(item['/Title'])!, kids: titles(item['/First']) });
      return out;
    };
    const tree = titles(outlines['/First']);
    expect(tree.map((entry) => entry.title)).toEqual(['Contents', 'Ukraine', 'About this edition']);
    expect(tree[2]!.kids.map((entry) => entry.title)).toEqual([ARTICLES[1]!.title, ARTICLES[2]!.title]);
    expect(tree[2]!.kids[0]!.kids.map((entry) => entry.title)).toEqual(['What the manifest says', 'What readers get']);
  });

  it('prints every word of every article', async () => {
    const printed = new Set(words(pdftotext(pdf).replace(/-\n/g, '')));
    for (const article of ARTICLES) {
      const page = (await epub.text(`OEBPS/${article.file}`)).replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
      const expected = words(page);
      const missing = expected.filter((word) => !printed.has(word));
      expect(missing.length / expected.length, `${article.file} misses ${missing.slice(0, 10).join(', ')}`).toBeLessThan(0.01);
    }
  });

  it('is the same bytes built again', () => {
    const again = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', 'again', '--force'], { cwd: dir, env });
    expect(again.status, again.stderr).toBe(0);
    for (const name of ['week-in-europe.epub', 'week-in-europe.pdf']) {
      expect(fs.readFileSync(path.join(dir, 'again', name)).equals(fs.readFileSync(path.join(dir, 'out', name))), name).toBe(true);
    }
  });
});

/** The contents page's number for each article, in order. */
function contentsPages(file: string): number[] {
  const contents = pdftotext(file, ['-layout', '-f', '1', '-l', '1']).split('\n');
  return ARTICLES.map((article) => {
    const line = contents.find((candidate) => candidate.includes(article.title.split(' ').slice(0, 3).join(' ')))!;
    return Number(/(\d+)\s*$/.exec(line)![1]);
  });
}

describe('an edition whose articles begin in a column (edition.start: column)', () => {
  // The handout template's two columns, each article beginning at the top of the column after the one where the article before ends.
  let columnPdf: string;
  let placed: Word[];
  let starts: number[];
  /** Handout: Letter, top margin 0.6in; two columns split at the middle of the page. */
  const BODY_TOP = 0.6 * 72;
  const MIDDLE = 306;
  beforeAll(() => {
    for (const start of ['column', 'page']) {
      fs.mkdirSync(path.join(dir, `starts-${start}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `starts-${start}`, 'print.yaml'), `extends: handout\nedition:\n  start: ${start}\n`);
    }
    const run = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', 'columns', '--template', './starts-column'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    columnPdf = path.join(dir, 'columns', 'week-in-europe.pdf');
    placed = wordsWithPositions(columnPdf);
    starts = contentsPages(columnPdf);
  });

  /** The first words of an article's headline on page `page`. */
  const headlineOn = (page: number, title: string): Word | undefined => {
    const [first, second] = title.split(' ');
    const onPage = placed.filter((word) => word.page === page);
    return onPage.find((word, at) => word.text === first && onPage[at + 1]?.text === second);
  };

  it('begins each article at the top of a column of the page the contents give, the second beside the end of the first', () => {
    for (const [index, article] of ARTICLES.entries()) {
      const headline = headlineOn(starts[index]!, article.title);
      expect(headline, `${article.title} on page ${starts[index]}`).toBeDefined();
      const column = headline!.xMin < MIDDLE ? 0 : 1;
      // Above the headline in its column: the body's top, the publisher's line, nothing of the article before.
      const above = placed.filter((word) => word.page === starts[index] && word.yMin > BODY_TOP - 2 && word.yMax < headline!.yMin && (word.xMin < MIDDLE ? 0 : 1) === column);
      expect(new Set(above.map((word) => word.yMin)).size, `${article.title}: ${above.map((word) => word.text).join(' ')}`).toBeLessThanOrEqual(1);
      expect(headline!.yMin - BODY_TOP, article.title).toBeLessThan(30);
    }
    // The sample article begins in the second column of the page where the seed article ends, its text in the first column.
    expect(starts[1]).toBe(starts[0]! + 1);
    expect(headlineOn(starts[1]!, ARTICLES[1]!.title)!.xMin).toBeGreaterThan(MIDDLE);
    const before = placed.filter((word) => word.page === starts[1] && word.xMax < MIDDLE && word.yMin > BODY_TOP - 2).map((word) => word.text);
    expect(before.join(' ')).toContain('did not comment on the accession');
  });

  it('is valid and tagged, one Art per article, its contents, outline and running heads right', () => {
    expect(qpdfCheck(columnPdf).status).toBe(0);
    const objects = new PdfObjects(columnPdf);
    expect(walk(objects.structureTree()).filter((element) => element.type === 'Art')).toHaveLength(3);
    const pages = pdftotext(columnPdf, ['-layout']).split('\f');
    // The page where the second article begins beside the first's end is headed by it (the first's own page is not headed).
    expect(pages[starts[1]! - 1]!.split('\n')[0]).toContain('Sample text: how this edition');
    expect(pages[starts[0]! - 1]!.split('\n')[0]).not.toContain('Ukraine');
    const outlines = objects.dict(objects.catalog['/Outlines'])!;
    const titles: string[] = [];
    for (let item = objects.dict(outlines['/First']); item; item = objects.dict(item['/Next'])) titles.push(textOf(item['/Title'])!);
    expect(titles).toEqual(['Contents', 'Ukraine', 'About this edition']);
  });

  it("marks in the EPUB where each page begins: the page shared by two articles in the first one's text", async () => {
    const book = await openZip(path.join(dir, 'columns', 'week-in-europe.epub'));
    const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(await book.text('OEBPS/toc.xhtml'))![0];
    const target = (page: number) => new RegExp(`href="([^"#]+)#page-${page}">${page}<`).exec(list)?.[1];
    expect(target(starts[1]!)).toBe(ARTICLES[0]!.file);
    expect(target(starts[1]! + 1)).toBe(ARTICLES[1]!.file);
    expect(target(starts[2]!)).toBe(ARTICLES[2]!.file);
  });

  it('fills the pages its articles run on: pagefill finds white only where an article ends and the next begins on a new page', () => {
    if (!pagefillAvailable()) return;
    // The title and contents pages are not body pages: the articles' pages alone are measured.
    const body = path.join(dir, 'columns', 'articles.pdf');
    execFileSync('qpdf', [columnPdf, '--pages', columnPdf, `${starts[0]}-z`, '--', body]);
    const measured = pagefill([body], 2);
    const shown = (page: number) => page + starts[0]! - 1;
    const endsBeforeNewPage = new Set(starts.slice(1).filter((page, index) => page > starts[index]! && headlineOn(page, ARTICLES[index + 1]!.title)!.xMin < MIDDLE).map((page) => page - 1));
    expect(measured.stdout).toMatch(/pagefill: \d+ shortfalls? on \d+ pages/);
    for (const shortfall of measured.shortfalls) expect(endsBeforeNewPage, measured.stdout).toContain(shown(shortfall.page));
    // No more white than when every article begins on a new page, on fewer pages.
    const run = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', 'pages', '--template', './starts-page', '--format', 'pdf'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const pagePdf = path.join(dir, 'pages', 'week-in-europe.pdf');
    const pageBody = path.join(dir, 'pages', 'articles.pdf');
    execFileSync('qpdf', [pagePdf, '--pages', pagePdf, `${contentsPages(pagePdf)[0]}-z`, '--', pageBody]);
    expect(measured.shortfalls.length).toBeLessThan(pagefill([pageBody], 2).shortfalls.length);
    expect(Number(pdfinfo(columnPdf).Pages)).toBeLessThan(Number(pdfinfo(pagePdf).Pages));
  });

  it('begins each article on a new page in a template of one column, as with `page`', () => {
    for (const start of ['column', 'page']) {
      fs.mkdirSync(path.join(dir, `one-${start}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `one-${start}`, 'print.yaml'), `extends: article\nedition:\n  start: ${start}\n`);
      const run = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', `one-${start}-out`, '--template', `./one-${start}`, '--format', 'pdf'], { cwd: dir, env });
      expect(run.status, run.stderr).toBe(0);
    }
    const [column, page] = ['column', 'page'].map((start) => fs.readFileSync(path.join(dir, `one-${start}-out`, 'week-in-europe.pdf')));
    expect(column!.equals(page!)).toBe(true);
  });
});

describe('edition builds', () => {
  it('list the edition in the catalogue as one publication naming its articles, and the articles built alone as their own', () => {
    const run = runCli(['build', 'manuscript', '--out', 'all'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const feed = JSON.parse(fs.readFileSync(path.join(dir, 'all', 'opds.json'), 'utf8')) as { publications: { metadata: { title: string; description?: string } }[] };
    const titles = feed.publications.map((publication) => publication.metadata.title).sort();
    expect(titles).toEqual([ARTICLES[2]!.title, ARTICLES[1]!.title, 'The Week in Europe', ARTICLES[0]!.title].sort());
    const edition = feed.publications.find((publication) => publication.metadata.title === 'The Week in Europe')!;
    for (const article of ARTICLES) expect(edition.metadata.description).toContain(article.title);
    expect(fs.readFileSync(path.join(dir, 'all', 'opds.xml'), 'utf8')).toContain('Articles: Zelenskyy demands');
  });

  it('make one bag of the edition with --archive: its books, the manifest and every article with its pictures', () => {
    const run = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', 'archived', '--archive'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const bag = path.join(dir, 'archived', 'week-in-europe-bag');
    const payload = fs.readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8').split('\n').filter(Boolean).map((line) => line.split('  ')[1]).sort();
    expect(payload).toEqual([
      'data/dc.xml',
      'data/metadata.json',
      'data/source/images/lead.png',
      'data/source/sample-edition/beispiel-satz.md',
      'data/source/sample-edition/how-this-edition-is-made.md',
      'data/source/sample-edition/images/chart.png',
      'data/source/sample-edition/images/pages.png',
      'data/source/week-in-europe.edition.yaml',
      'data/source/zelenskyy-nato-guarantees.md',
      'data/week-in-europe.epub',
      'data/week-in-europe.pdf',
    ]);
    // The bag holds the very books written beside it, the PDF archival-grade.
    expect(fs.readFileSync(path.join(bag, 'data', 'week-in-europe.pdf')).equals(fs.readFileSync(path.join(dir, 'archived', 'week-in-europe.pdf')))).toBe(true);
    expect(pdfinfo(path.join(dir, 'archived', 'week-in-europe.pdf')).Subject ?? '').toContain('sample edition');
    const metadata = JSON.parse(fs.readFileSync(path.join(bag, 'data', 'metadata.json'), 'utf8')) as { edition: { title: string }; articles: { source: string }[] };
    expect(metadata.edition.title).toBe('The Week in Europe');
    expect(metadata.articles.map((article) => article.source)).toEqual(['source/zelenskyy-nato-guarantees.md', 'source/sample-edition/how-this-edition-is-made.md', 'source/sample-edition/beispiel-satz.md']);
    expect(fs.readFileSync(path.join(bag, 'data', 'dc.xml'), 'utf8').match(/<dcterms:hasPart /g)).toHaveLength(3);
    const verified = runCli(['verify', bag], { cwd: dir });
    expect(verified.status, verified.stderr).toBe(0);
  });

  it('leave a draft article out with a note at the manifest line that names it, unless --drafts', async () => {
    const folder = path.join(dir, 'drafting');
    fs.mkdirSync(folder, { recursive: true });
    const article = (name: string, fields: string) => fs.writeFileSync(path.join(folder, `${name}.md`), `---\ntitle: Story ${name}\nreporter: Desk\n${fields}---\n\nThe text of ${name}.\n`);
    article('ready', 'published: 2024-01-01\n');
    article('unfinished', 'published: 2024-01-01\ndraft: true\n');
    // Jekyll's way to say it.
    article('unpublished', 'date: 2024-01-01\npublished: false\n');
    fs.writeFileSync(path.join(folder, 'some.edition.yaml'), 'edition:\n  title: Some\n  published: 2024-01-01\nsections:\n  - title: Done\n    articles: [ready.md]\n  - title: Not yet\n    articles: [unfinished.md]\n');
    fs.writeFileSync(path.join(folder, 'none.edition.yaml'), 'edition:\n  title: None\n  published: 2024-01-01\nsections:\n  - title: Not yet\n    articles: ["un*.md"]\n');
    const run = runCli(['build', 'drafting/some.edition.yaml', 'drafting/none.edition.yaml', '--out', 'drafting-out', '--format', 'epub'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('drafting/some.edition.yaml:8:16: note: "unfinished.md" is a draft (draft: true, its line 5), so the edition leaves it out; --drafts includes drafts');
    expect(run.stderr).toContain('drafting/none.edition.yaml:6:16: note: "unfinished.md" is a draft');
    expect(run.stderr).toContain('drafting/none.edition.yaml:6:16: note: "unpublished.md" is a draft (published: false, its line 5)');
    expect(run.stderr).toContain('drafting/none.edition.yaml:5:12: note: every article of this edition is a draft, so it is left out; --drafts includes drafts');
    expect(run.stdout).toContain('skipped drafting/none.edition.yaml');
    expect(fs.existsSync(path.join(dir, 'drafting-out', 'none.epub'))).toBe(false);
    // The edition holds the finished article alone; its section of drafts is left out with them.
    const some = await openZip(path.join(dir, 'drafting-out', 'some.epub'));
    expect(some.names().filter((name) => /article-\d+\.xhtml$/.test(name))).toHaveLength(1);
    expect(await some.text('OEBPS/toc.xhtml')).not.toContain('Not yet');
    // Checking says the same; --drafts builds both, every article in.
    const checked = runCli(['check', 'drafting/some.edition.yaml', 'drafting/none.edition.yaml'], { cwd: dir });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toContain('drafting/none.edition.yaml:5:12: note: every article of this edition is a draft');
    const all = runCli(['build', 'drafting/some.edition.yaml', 'drafting/none.edition.yaml', '--out', 'drafting-out', '--format', 'epub', '--drafts'], { cwd: dir, env });
    expect(all.status, all.stderr).toBe(0);
    expect(all.stderr).not.toContain('is a draft');
    expect(all.stdout).toContain('built drafting/some.edition.yaml');
    const none = await openZip(path.join(dir, 'drafting-out', 'none.epub'));
    expect(none.names().filter((name) => /article-\d+\.xhtml$/.test(name))).toHaveLength(2);
    expect((await openZip(path.join(dir, 'drafting-out', 'some.epub'))).names().filter((name) => /article-\d+\.xhtml$/.test(name))).toHaveLength(2);
  });

  it('fail with the article\'s own messages and the manifest line that names it', () => {
    const folder = path.join(dir, 'broken');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'bad.md'), '---\ntitle: Bad\npublished: never\n---\n\nText.\n');
    fs.writeFileSync(path.join(folder, 'x.edition.yaml'), 'edition:\n  title: X\n  published: 2024-01-01\nsections:\n  - title: S\n    articles: [bad.md]\n');
    const run = runCli(['build', 'broken/x.edition.yaml', '--out', 'broken-out'], { cwd: dir, env });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('broken/bad.md:3:12: error: "published"');
    expect(run.stderr).toContain('broken/x.edition.yaml:6:16: error: article "bad.md" cannot be read');
    expect(fs.existsSync(path.join(dir, 'broken-out', 'x.epub'))).toBe(false);
  });
});
