import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLabel, LABEL_LANGUAGES, labelsFor, listNames } from '../src/core/labels.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { epubcheck, pdftotext } from './helpers/tools.js';

describe('labels', () => {
  it('are looked up by the primary language subtag, English for a language without its own', () => {
    expect(labelsFor('de-AT').published).toBe('Veröffentlicht am');
    expect(labelsFor('FR').byline).toBe('Par {names}');
    expect(labelsFor('sw').published).toBe('Published');
    expect(labelsFor('').published).toBe('Published');
  });

  it('every language has every label, with the fields each one needs', () => {
    const english = labelsFor('en');
    for (const lang of LABEL_LANGUAGES) {
      const labels = labelsFor(lang);
      expect(Object.keys(labels).sort(), lang).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(labels)) expect(value.trim(), `${lang} ${key}`).not.toBe('');
      expect(labels.byline, lang).toContain('{names}');
      expect(labels.pageOfPages, lang).toMatch(/\{page\}.*\{pages\}/);
      expect(labels.coverAlt, lang).toContain('{what}');
    }
  });

  it('names are listed as the language lists them; English without a serial comma', () => {
    expect(listNames(['A', 'B', 'C'], 'en-US')).toBe('A, B and C');
    expect(listNames(['A', 'B', 'C'], 'fr')).toBe('A, B et C');
    expect(listNames(['A', 'B'], 'de')).toBe('A und B');
    expect(listNames(['A', 'B'], 'sw')).toBe('A and B');
    expect(listNames(['A'], 'fr')).toBe('A');
    expect(listNames([], 'fr')).toBe('');
  });

  it('fills the fields it knows and leaves the others', () => {
    expect(fillLabel('Page {page} sur {pages} {other}', { page: 2, pages: 5 })).toBe('Page 2 sur 5 {other}');
  });
});

/** An article in `lang` with everything that carries a label: two reporters, both dates, a credited picture, a note. */
function manuscript(lang: string, body: string): string {
  return [
    '---',
    'title: "Un titre"',
    'reporter: [Anna Weber, Jean Martin]',
    'published: 2024-02-29T09:05:00+01:00',
    'updated: 2024-03-01T18:30:00+01:00',
    'timezone: Europe/Paris',
    `lang: ${lang}`,
    'image:',
    '  src: images/lead.png',
    '  alt: A flag beside a star.',
    '  caption: La légende.',
    '  credit: AP',
    '---',
    '',
    body,
    '',
    '## Suite',
    '',
    'Encore du texte.[^1]',
    '',
    '[^1]: La note.',
    '',
  ].join('\n');
}

const CASES = [
  {
    lang: 'fr',
    byline: 'Par Anna Weber et Jean Martin',
    published: 'Publié le 29 février 2024',
    updated: 'Mis à jour le 1 mars 2024',
    credit: /Photo\s: AP/u,
    pageOfPages: 'Page 1 sur 1',
    contents: 'Sommaire',
    cover: 'Couverture',
    notes: 'Notes',
    start: 'Début de l’article',
    body: 'Le texte de l’article, en français, assez long pour une ligne.',
  },
  {
    lang: 'de',
    byline: 'Von Anna Weber und Jean Martin',
    published: 'Veröffentlicht am 29. Februar 2024',
    updated: 'Aktualisiert am 1. März 2024',
    credit: /Foto: AP/u,
    pageOfPages: 'Seite 1 von 1',
    contents: 'Inhalt',
    cover: 'Cover',
    notes: 'Anmerkungen',
    start: 'Beginn des Artikels',
    body: 'Der Text des Artikels, auf Deutsch, lang genug für eine Zeile.',
  },
];

describe.each(CASES)('an article in $lang, built by the real CLI', (expected) => {
  let dir: string;
  let epubPath: string;
  let pdfText: string;
  let endnotesText: string;
  let zip: JSZip;

  beforeAll(async () => {
    dir = makeTemp(`pressroom-labels-${expected.lang}-`);
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images'), path.join(dir, 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'article.md'), manuscript(expected.lang, expected.body));
    // The notes heading is printed only when notes gather at the end.
    fs.mkdirSync(path.join(dir, 'endnotes'));
    fs.writeFileSync(path.join(dir, 'endnotes', 'print.yaml'), 'extends: article\nfootnotes:\n  placement: endnotes\n');
    const run = runCli(['build', 'article.md', '--out', 'out'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const endnotes = runCli(['build', 'article.md', '--out', 'endnotes-out', '--format', 'pdf', '--template', './endnotes'], { cwd: dir });
    expect(endnotes.status, endnotes.stderr).toBe(0);
    epubPath = path.join(dir, 'out', 'article.epub');
    zip = await JSZip.loadAsync(fs.readFileSync(epubPath));
    pdfText = pdftotext(path.join(dir, 'out', 'article.pdf')).replace(/\s+/g, ' ');
    endnotesText = pdftotext(path.join(dir, 'endnotes-out', 'article.pdf')).replace(/\s+/g, ' ');
  });
  afterAll(() => removeTemp(dir));

  const entry = (name: string) => zip.file(`OEBPS/${name}`)!.async('string');

  it('EPUB: byline, dateline and credit are in its language, and epubcheck passes', async () => {
    const article = (await entry('article.xhtml')).replace(/\s+/g, ' ');
    // What a reader sees: the text without its tags (each date is a <time>).
    const text = article.replace(/<[^>]+>/g, '');
    expect(article).toContain(`<p class="byline">${expected.byline}</p>`);
    expect(text).toContain(expected.published);
    expect(text).toContain(expected.updated);
    expect(article).toMatch(expected.credit);
    expect(article).toContain(`aria-label="${expected.notes}"`);
    const verdict = epubcheck(epubPath);
    expect(verdict.problems, verdict.output).toEqual([]);
    expect(verdict.errors + verdict.fatals).toBe(0);
  });

  it('EPUB: the contents and the landmarks are named in its language', async () => {
    const nav = await entry('toc.xhtml');
    expect(nav).toContain(`<h1>${expected.contents}</h1>`);
    expect(nav).toContain(`>${expected.start}</a>`);
    expect(nav).toContain(`>${expected.cover}</a>`);
    expect(await entry('cover.xhtml')).toContain(`alt="${expected.cover}`);
  });

  it('PDF: byline, dateline, credit, page numbers and the notes heading are in its language', () => {
    expect(pdfText).toContain(expected.byline);
    expect(pdfText).toContain(expected.published);
    expect(pdfText).toContain(expected.updated);
    expect(pdfText).toMatch(expected.credit);
    expect(pdfText).toContain(expected.pageOfPages);
    expect(pdfText).not.toMatch(/\b(By|Published|Updated|Page 1 of)\b|Photo: /);
    expect(endnotesText).toContain(expected.notes);
  });
});

describe('label templates', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTemp('pressroom-labels-template-');
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images'), path.join(dir, 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'article.md'), manuscript('fr', 'Le texte.'));
  });
  afterAll(() => removeTemp(dir));

  it("a template's credit prefix and running text win over the language's words; {dateline} is the localised dateline", () => {
    fs.mkdirSync(path.join(dir, 'own'));
    fs.writeFileSync(
      path.join(dir, 'own', 'print.yaml'),
      'extends: article\ncredit:\n  prefix: "Crédit : "\nfooter:\n  left: "{dateline}"\n  center: "{page}/{pages}"\n',
    );
    const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf', '--template', './own'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const text = pdftotext(path.join(dir, 'out', 'article.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Crédit : AP');
    expect(text).not.toMatch(/Photo\s: AP/u);
    expect(text).toMatch(/Publié le 29 février 2024[^·]*· Mis à jour le 1 mars 2024/u);
    expect(text).toContain('1/1');
    expect(text).not.toContain('Page 1 sur 1');
  });

  it('an unknown placeholder suggests the new ones', () => {
    fs.mkdirSync(path.join(dir, 'typo'));
    fs.writeFileSync(path.join(dir, 'typo', 'print.yaml'), 'extends: article\nfooter:\n  center: "{page_of_page}"\n');
    const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf', '--template', './typo'], { cwd: dir });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/print\.yaml:3:\d+: error: .*unknown placeholder \{page_of_page\}; did you mean \{page_of_pages\}\?/);
  });
});
