import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { expectPagesMarked, findOnPage, readMarkedPages } from './helpers/page-list.js';
import { buildBoth, pdfPageWords } from './helpers/parity.js';
import { openZip } from './helpers/zip.js';
import { epubcheck } from './helpers/tools.js';

/**
 * Issue #20: the EPUB carries the print pages — a mark where each page of the PDF built in the same
 * run begins, a page-list, and metadata naming the print edition — for articles (every fixture and
 * template: see parity.test.ts) and editions, built through the command line.
 */
let dir: string;
const env = { SOURCE_DATE_EPOCH: '1700000000' };

beforeAll(() => {
  dir = makeTemp('pressroom-page-list-');
  fs.cpSync(path.join(REPO_ROOT, 'manuscript'), path.join(dir, 'manuscript'), { recursive: true });
});
afterAll(() => removeTemp(dir));

describe('the print pages inside the EPUB', () => {
  it('an edition marks every page of its PDF: its own title and contents pages, then each article', async () => {
    const run = runCli(['build', 'manuscript/week-in-europe.edition.yaml', '--out', 'edition'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const epub = path.join(dir, 'edition', 'week-in-europe.epub');
    const marked = await readMarkedPages(fs.readFileSync(epub));
    const pages = pdfPageWords(path.join(dir, 'edition', 'week-in-europe.pdf'), loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article')));
    expectPagesMarked(marked, pages, 'the sample edition');
    // The title and contents pages come before the first article: marked at its start, with its title block.
    expect(marked.marks.slice(0, 3).map((mark) => mark.file)).toEqual(['article-001.xhtml', 'article-001.xhtml', 'article-001.xhtml']);
    // Each later article begins on a page of its own: the page's mark is at the start of its file.
    const files = [...new Set(marked.marks.map((mark) => mark.file))];
    expect(files).toEqual(['article-001.xhtml', 'article-002.xhtml', 'article-003.xhtml']);
    expect(marked.paginationSource).toBe('print PDF, article template, A4');
    expect(epubcheck(epub)).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('an article marks the page its PDF begins on before its headline, and the next at its first word', async () => {
    const run = runCli(['build', 'manuscript/zelenskyy-nato-guarantees.md', '--out', 'article', '--template', 'handout'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const marked = await readMarkedPages(fs.readFileSync(path.join(dir, 'article', 'zelenskyy-nato-guarantees.epub')));
    const pages = pdfPageWords(path.join(dir, 'article', 'zelenskyy-nato-guarantees.pdf'), loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'handout')));
    expectPagesMarked(marked, pages, 'the sample in the handout');
    expect(marked.marks.length).toBeGreaterThan(1);
    expect(marked.marks[0]!.words.slice(0, 3)).toEqual(['Zelenskyy', 'demands', 'for']);
    expect(marked.paginationSource).toBe('print PDF, handout template, Letter');
  });

  it('an EPUB built without its PDF claims no print pages', async () => {
    const run = runCli(['build', 'manuscript/zelenskyy-nato-guarantees.md', '--out', 'alone', '--format', 'epub'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const marked = await readMarkedPages(fs.readFileSync(path.join(dir, 'alone', 'zelenskyy-nato-guarantees.epub')));
    expect(marked.marks).toEqual([]);
    expect(marked.listed).toEqual([]);
    expect(marked.paginationSource).toBeUndefined();
    expect(marked.features).not.toContain('printPageNumbers');
  });
});

describe('marks among the article\'s own ids', () => {
  it('gives a mark another id when a heading or raw HTML already has page-N', async () => {
    const paragraph = 'Every page of this manuscript is long enough to push the text on to the next page, and the next. '.repeat(30);
    const body = ['## Page 2', paragraph, '<p id="page-3">Raw HTML with an id of its own.</p>', paragraph, '## Page 4', paragraph, paragraph, paragraph].join('\n\n');
    const file = path.join(dir, 'ids.md');
    fs.writeFileSync(file, `---\ntitle: Ids\nreporter: Test Desk\npublished: 2024-05-02\nlang: en\n---\n\n${body}\n`);
    const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'handout'));
    const built = await buildBoth(file, template);
    const pdf = path.join(dir, 'ids.pdf');
    fs.writeFileSync(pdf, built.pdf);
    const marked = await readMarkedPages(built.epub);
    expectPagesMarked(marked, pdfPageWords(pdf, template), 'ids');
    expect(marked.marks.length).toBeGreaterThanOrEqual(4);
    const page = await (await openZip(built.epub)).text('OEBPS/article.xhtml');
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length, 'ids on the page').toBe(new Set(ids).size);
    expect(ids).toEqual(expect.arrayContaining(['page-2', 'page-2-2', 'page-3', 'page-3-2']));
  });
});

describe('finding a mark\'s words on its page', () => {
  it('matches at the page\'s start, inside a word carried over, and past printed list numbers', () => {
    expect(findOnPage(['one', 'two', 'three'], ['one', 'two', 'three', 'four'])).toBe(0);
    expect(findOnPage(['information', 'about', 'it'], ['mation', 'about', 'it'])).toBe(0);
    expect(findOnPage(['Outer', 'Inner', 'one'], ['Outer', '1', 'Inner', 'one'])).toBe(0);
    expect(findOnPage(['caption', 'words'], ['a', 'figure', 'caption', 'words'])).toBe(2);
  });

  it('finds nothing where the words are not there in order', () => {
    expect(findOnPage(['one', 'two', 'three'], ['one', 'three', 'two'])).toBe(-1);
    expect(findOnPage(['one', 'two'], ['zero', 'one'])).toBe(-1);
    expect(findOnPage([], ['one'])).toBe(-1);
  });
});
