import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatArticleDate, formatArticleDay, parseArticleDate } from '../src/core/dates.js';
import { creditedName, creditText } from '../src/core/display.js';
import { creditPrefixWord, fillLabel, LABELS_DIR, labelLanguages, labelsFor, listNames, readLabels } from '../src/core/labels.js';
import { drawCover } from '../src/cover/index.js';
import { BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE, loadTemplate } from '../src/template/load.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { epubcheck, pdftotext } from './helpers/tools.js';
import { openZip, type OpenedZip } from './helpers/zip.js';

describe('labels', () => {
  it('are looked up by the whole language tag, then its primary subtag, English for a language without its own', () => {
    expect(labelsFor('de-AT').published).toBe('Veröffentlicht am');
    expect(labelsFor('FR').byline).toBe('Par {names}');
    expect(labelsFor('pt-BR').contents).toBe('Sumário');
    expect(labelsFor('pt-PT').contents).toBe('Índice');
    expect(labelsFor('sw').published).toBe('Published');
    expect(labelsFor('fa-IR').byline).toBe('نوشتهٔ {names}');
    // Norwegian without Bokmål or Nynorsk named is Bokmål.
    expect(labelsFor('no').published).toBe(labelsFor('nb-NO').published);
    expect(labelsFor('').published).toBe('Published');
  });

  it('has a file for each of 26 languages and variants, and Norwegian without its written form', () => {
    expect(labelLanguages()).toEqual(['ar', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'fa', 'fi', 'fr', 'he', 'hu', 'id', 'it', 'lt', 'nb', 'nl', 'nn', 'no', 'pl', 'pt', 'pt-br', 'ru', 'sv', 'tr', 'uk']);
  });

  it.each(fs.readdirSync(LABELS_DIR).filter((name) => name.endsWith('.yaml')))('%s passes the labels schema: every key, the fields each needs, its credit word listed', (name) => {
    const labels = readLabels(path.join(LABELS_DIR, name));
    for (const [key, value] of Object.entries(labels)) {
      for (const text of [value].flat()) expect(text.trim(), `${name} ${key}`).not.toBe('');
    }
    expect(labels.byline).toContain('{names}');
    expect(labels.pageOfPages).toMatch(/\{page\}.*\{pages\}/);
    expect(labels.coverAlt).toContain('{what}');
    expect(labels.backToCitation).toContain('{number}');
    // The credit follows the prefix directly, and a credit that already starts with its word gets no second one.
    expect(labels.photo).toMatch(/\s$/u);
    expect(labels.creditWords).toContain(creditPrefixWord(labels.photo));
  });

  it('a label file that breaks the schema is refused at its line and column', () => {
    const dir = makeTemp('pressroom-labels-schema-');
    try {
      const english = fs.readFileSync(path.join(LABELS_DIR, 'en.yaml'), 'utf8');
      const broken = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        try {
          readLabels(path.join(dir, name));
        } catch (error) {
          return (error as Error).message.replaceAll(`${dir}${path.sep}`, '');
        }
        throw new Error(`${name} was accepted`);
      };
      expect(broken('names.yaml', english.replace('byline: By {names}', 'byline: By {name}'))).toBe(
        'names.yaml:4:9: error: "byline": must hold {names}\nnames.yaml:4:9: error: "byline": {name} is not a field of this label; it has {names}',
      );
      expect(broken('word.yaml', english.replace('credit_words: [Photo, ', 'credit_words: ['))).toMatch(/^word\.yaml:8:15: error: "credit_words": must hold the word of photo \("Photo"\)/);
      expect(broken('space.yaml', english.replace('photo: "Photo: "', 'photo: "Photo:"'))).toMatch(/^space\.yaml:7:8: error: "photo": must end with a space/);
      // The extra key is on the line after English's last.
      const extraLine = english.split('\n').length;
      expect(broken('extra.yaml', `${english}headline: Headline\n`)).toBe(`extra.yaml:${extraLine}:1: error: unknown key "headline"`);
      expect(broken('missing.yaml', english.replace(/^notes: .*\n/m, ''))).toBe('missing.yaml:4:1: error: missing key "notes"');
    } finally {
      removeTemp(dir);
    }
  });

  it('are read once per thread and language file', () => {
    expect(labelsFor('de-CH')).toBe(labelsFor('de'));
    expect(labelsFor('no')).toBe(labelsFor('nb'));
    expect(labelsFor('sw')).toBe(labelsFor('en'));
  });

  it('names are listed as the language lists them; English without a serial comma, and for languages without labels', () => {
    expect(listNames(['A', 'B', 'C'], 'en-US')).toBe('A, B and C');
    expect(listNames(['A', 'B', 'C'], 'fr')).toBe('A, B et C');
    expect(listNames(['A', 'B'], 'de')).toBe('A und B');
    expect(listNames(['A', 'B'], 'sw')).toBe('A and B');
    expect(listNames(['A'], 'fr')).toBe('A');
  });

  it('fills the fields it is given and leaves any other', () => {
    expect(fillLabel('Page {page} sur {pages} {other} {constructor}', { page: 2, pages: 5 })).toBe('Page 2 sur 5 {other} {constructor}');
  });

  it('the first of the month is written as French and Brazilian Portuguese write it', () => {
    const first = { instant: new Date('2024-03-01T08:05:00Z'), hasTime: false } as Parameters<typeof formatArticleDate>[0];
    expect(formatArticleDate(first, 'UTC', 'fr')).toBe('1er mars 2024');
    expect(formatArticleDate(first, 'UTC', 'pt-BR')).toBe('1º de março de 2024');
    expect(formatArticleDate(first, 'UTC', 'pt')).toBe('1 de março de 2024');
    expect(formatArticleDate(first, 'UTC', 'en')).toBe('1 March 2024');
    expect(formatArticleDate({ ...first, hasTime: true }, 'Europe/Paris', 'fr')).toBe('1er mars 2024, 09:05 CET');
    // Arabic script has a comma of its own.
    expect(formatArticleDate({ ...first, hasTime: true }, 'Asia/Riyadh', 'ar')).toMatch(/^\S+ مارس 2024، \S+ /u);
    const second = { instant: new Date('2024-03-02T08:05:00Z'), hasTime: false } as Parameters<typeof formatArticleDate>[0];
    expect(formatArticleDate(second, 'UTC', 'fr')).toBe('2 mars 2024');
  });
});

interface ManuscriptOptions {
  lang: string;
  body?: string;
  updated?: boolean;
  image?: boolean;
  publisher?: string;
}

/** An article with what carries a label: two reporters, the dates, a credited picture, a note cited twice, a task list. */
function manuscript({ lang, body = 'Le texte.', updated = true, image = true, publisher }: ManuscriptOptions): string {
  return [
    '---',
    'title: "Un titre"',
    'reporter: [Anna Weber, Jean Martin]',
    'published: 2024-02-29T09:05:00+01:00',
    ...(updated ? ['updated: 2024-03-01T18:30:00+01:00'] : []),
    'timezone: Europe/Paris',
    `lang: ${lang}`,
    ...(publisher ? [`publisher: ${publisher}`] : []),
    ...(image ? ['image:', '  src: images/lead.png', '  alt: A flag beside a star.', '  caption: La légende.', '  credit: AP'] : []),
    '---',
    '',
    body,
    '',
    '## Suite',
    '',
    'Encore du texte.[^1] Et encore.[^1]',
    '',
    '- [x] une tâche',
    '- [ ] une autre',
    '',
    '![](images/lead.png)',
    '',
    '[^1]: La note.',
    '',
  ].join('\n');
}

/** A folder with the kitchen sink's pictures and `files` written into it. */
function folder(prefix: string, files: Record<string, string>): string {
  const dir = makeTemp(prefix);
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images'), path.join(dir, 'images'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function build(dir: string, args: string[]): void {
  const run = runCli(['build', 'article.md', ...args], { cwd: dir });
  expect(run.status, run.stderr).toBe(0);
}

const CASES = [
  {
    lang: 'fr',
    byline: 'Par Anna Weber et Jean Martin',
    published: 'Publié le 29 février 2024',
    updated: 'Mis à jour le 1er mars 2024',
    credit: 'Photo\u00A0: AP',
    pageOfPages: /Page 1 sur \d/,
    contents: 'Sommaire',
    cover: 'Couverture',
    start: 'Début de l’article',
    notes: 'Notes',
    extra: ['aria-label="Retour à l’appel de note 2"', 'aria-label="fait"', 'aria-label="à faire"', 'alt="Image sans description"'],
  },
  {
    lang: 'de',
    byline: 'Von Anna Weber und Jean Martin',
    published: 'Veröffentlicht am 29. Februar 2024',
    updated: 'Aktualisiert am 1. März 2024',
    credit: 'Foto: AP',
    pageOfPages: /Seite 1 von \d/,
    contents: 'Inhalt',
    cover: 'Cover',
    start: 'Beginn des Artikels',
    notes: 'Anmerkungen',
    extra: ['aria-label="Zurück zur Verweisstelle 2"', 'aria-label="erledigt"', 'alt="Bild ohne Beschreibung"'],
  },
  {
    // The byline is the names alone.
    lang: 'ru',
    byline: 'Anna Weber и Jean Martin',
    published: 'Опубликовано 29 февраля 2024',
    updated: 'Обновлено 1 марта 2024',
    credit: 'Фото: AP',
    pageOfPages: /Страница 1 из \d/,
    contents: 'Содержание',
    cover: 'Обложка',
    start: 'Начало статьи',
    notes: 'Примечания',
    extra: ['aria-label="Назад к ссылке 2"', 'aria-label="не выполнено"', 'alt="Изображение без описания"'],
  },
  {
    // The names alone, and labels that end in a colon.
    lang: 'tr',
    byline: 'Anna Weber ve Jean Martin',
    published: 'Yayınlanma: 29 Şubat 2024',
    updated: 'Güncelleme: 1 Mart 2024',
    credit: 'Fotoğraf: AP',
    pageOfPages: /Sayfa 1\/\d/,
    contents: 'İçindekiler',
    cover: 'Kapak',
    start: 'Yazının başı',
    notes: 'Notlar',
    extra: ['aria-label="2. atfa geri dön"', 'aria-label="tamamlandı"', 'alt="Açıklaması olmayan görsel"'],
  },
];

describe.each(CASES)('an article in $lang, built by the real CLI', (expected) => {
  let dir: string;
  let zip: OpenedZip;
  let pdfText: string;
  let endnotesText: string;

  beforeAll(async () => {
    dir = folder(`pressroom-labels-${expected.lang}-`, {
      'article.md': manuscript({ lang: expected.lang }),
      // The notes heading is printed only when notes gather at the end.
      'endnotes/print.yaml': 'extends: article\nfootnotes:\n  placement: endnotes\n',
    });
    build(dir, ['--out', 'out']);
    build(dir, ['--out', 'endnotes-out', '--format', 'pdf', '--template', './endnotes']);
    zip = await openZip(fs.readFileSync(path.join(dir, 'out', 'article.epub')));
    pdfText = pdftotext(path.join(dir, 'out', 'article.pdf')).replace(/\s+/g, ' ');
    endnotesText = pdftotext(path.join(dir, 'endnotes-out', 'article.pdf')).replace(/\s+/g, ' ');
  });
  afterAll(() => removeTemp(dir));

  const entry = (name: string) => zip.text(`OEBPS/${name}`);

  it('EPUB: byline, dateline, credit and screen-reader labels are in its language, and epubcheck passes', async () => {
    const article = await entry('article.xhtml');
    // What a reader sees: the text without its tags (each date is a <time>).
    const text = article.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(article).toContain(`<p class="byline">${expected.byline}</p>`);
    expect(text).toContain(expected.published);
    expect(text).toContain(expected.updated);
    expect(article).toContain(`<span class="credit">${expected.credit}</span>`);
    expect(article).toContain(`aria-label="${expected.notes}"`);
    for (const snippet of expected.extra) expect(article).toContain(snippet);
    expect(text).not.toMatch(/\b(By|Published|Updated)\b|Photo: /);
    const verdict = epubcheck(path.join(dir, 'out', 'article.epub'));
    expect(verdict.problems, verdict.output).toEqual([]);
    expect(verdict.errors + verdict.fatals).toBe(0);
  });

  it('EPUB: the contents, the landmarks and the cover are named in its language; the English accessibility summary says it is English', async () => {
    const nav = await entry('toc.xhtml');
    expect(nav).toContain(`<h1>${expected.contents}</h1>`);
    expect(nav).toContain(`>${expected.start}</a>`);
    expect(nav).toContain(`>${expected.cover}</a>`);
    expect(nav).not.toContain('Start of the article');
    const published = parseArticleDate('2024-02-29T09:05:00+01:00');
    const day = published.ok ? formatArticleDay(published.date, 'Europe/Paris', expected.lang) : '';
    expect(await entry('cover.xhtml')).toContain(`alt="${fillLabel(labelsFor(expected.lang).coverAlt, { what: `Un titre. ${expected.byline}. ${day}` })}"`);
    expect(await entry('content.opf')).toMatch(/<meta property="schema:accessibilitySummary" xml:lang="en">A single article/);
  });

  it('PDF: byline, dateline, credit, page numbers and the notes heading are in its language', () => {
    expect(pdfText).toContain(expected.byline);
    expect(pdfText).toContain(expected.published);
    expect(pdfText).toContain(expected.updated);
    // pdftotext gives a no-break space as a space.
    expect(pdfText).toContain(expected.credit.replace('\u00A0', ' '));
    expect(pdfText).toMatch(expected.pageOfPages);
    expect(pdfText).not.toMatch(/\b(By|Published|Updated|Page 1 of)\b|Photo: /);
    expect(endnotesText).toContain(expected.notes);
  });
});

describe('credits', () => {
  it('get the language’s word before them, unless they already start with a credit word of the language', () => {
    expect(creditText('AP', undefined, 'en')).toBe('Photo: AP');
    expect(creditText('Photo: Jonas Petraitis', undefined, 'en')).toBe('Photo: Jonas Petraitis');
    expect(creditText('photo: Jonas Petraitis', undefined, 'en-GB')).toBe('photo: Jonas Petraitis');
    expect(creditText('PHOTO Jonas Petraitis', undefined, 'en')).toBe('PHOTO Jonas Petraitis');
    expect(creditText('Photograph by Jonas Petraitis', undefined, 'en')).toBe('Photograph by Jonas Petraitis');
    expect(creditText('Illustration: Ana Ruiz', undefined, 'en')).toBe('Illustration: Ana Ruiz');
    // A word that only begins like one is a name.
    expect(creditText('Photographer’s Choice/Getty', undefined, 'en')).toBe('Photo: Photographer’s Choice/Getty');
    expect(creditText('Imagery Ltd', undefined, 'en')).toBe('Photo: Imagery Ltd');
    expect(creditText('Foto: dpa', undefined, 'de-AT')).toBe('Foto: dpa');
    expect(creditText('dpa', undefined, 'de')).toBe('Foto: dpa');
    expect(creditText('Photo\u00A0: AFP', undefined, 'fr')).toBe('Photo\u00A0: AFP');
    expect(creditText('Photo : AFP', undefined, 'fr')).toBe('Photo : AFP');
    expect(creditText('Fotografía de Ana Ruiz', undefined, 'es')).toBe('Fotografía de Ana Ruiz');
    expect(creditText('fot. PAP', undefined, 'pl')).toBe('fot. PAP');
    expect(creditText('Фото: ТАСС', undefined, 'ru')).toBe('Фото: ТАСС');
    expect(creditText('ФОТО: ТАСС', undefined, 'uk')).toBe('ФОТО: ТАСС');
    // Turkish lower-cases I and İ by its own rules.
    expect(creditText('FOTOĞRAF: AA', undefined, 'tr')).toBe('FOTOĞRAF: AA');
    expect(creditText('İLLÜSTRASYON: AA', undefined, 'tr')).toBe('İLLÜSTRASYON: AA');
    expect(creditText('צילום: רויטרס', undefined, 'he')).toBe('צילום: רויטרס');
    // The words are the article's language's: an English word in a German article is a name to it.
    expect(creditText('Photo: AP', undefined, 'de')).toBe('Foto: Photo: AP');
  });

  it('take a template’s prefix, which is not doubled either, and "" prints them alone', () => {
    expect(creditText('Keystone', 'Bild: ', 'en')).toBe('Bild: Keystone');
    expect(creditText('Bild: Keystone', 'Bild: ', 'en')).toBe('Bild: Keystone');
    expect(creditText('Photo: Keystone', 'Bild: ', 'en')).toBe('Photo: Keystone');
    expect(creditText('Photo: Keystone', '', 'en')).toBe('Photo: Keystone');
    expect(creditText('Keystone', '', 'en')).toBe('Keystone');
  });

  it('name the photographer alone in metadata: the credit without its credit word', () => {
    expect(creditedName('Photo: Jonas Petraitis', 'en')).toBe('Jonas Petraitis');
    expect(creditedName('Photograph by Jonas Petraitis', 'en')).toBe('Jonas Petraitis');
    expect(creditedName('Photo : AFP', 'fr')).toBe('AFP');
    expect(creditedName('Fot. PAP', 'pl')).toBe('PAP');
    expect(creditedName('AP', 'en')).toBe('AP');
    expect(creditedName('Photo:', 'en')).toBe('Photo:');
  });

  describe('in built books, by the real CLI', () => {
    let dir: string;
    const credits = { en: 'Photo: Jonas Petraitis', de: 'Foto: dpa/Jonas Petraitis', fr: 'Photo\u00A0: AFP' };
    beforeAll(() => {
      const files: Record<string, string> = {
        'layout/print.yaml': 'extends: article\n',
        'layout/ebook-title.xhtml': '<header class="title-block"><h1>{title}</h1><p class="credit-line">{credit}</p></header>\n',
      };
      for (const [lang, credit] of Object.entries(credits)) {
        files[`${lang}.md`] = manuscript({ lang, updated: false }).replace('credit: AP', `credit: "${credit}"`);
      }
      dir = folder('pressroom-labels-credit-', files);
      const run = runCli(['build', 'en.md', 'de.md', 'fr.md', '--out', 'out'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      const layout = runCli(['build', 'en.md', '--out', 'layout-out', '--format', 'epub', '--template', './layout'], { cwd: dir });
      expect(layout.status, layout.stderr).toBe(0);
    });
    afterAll(() => removeTemp(dir));

    const epubEntry = async (file: string, name: string) => (await openZip(fs.readFileSync(path.join(dir, file)))).text(`OEBPS/${name}`);

    it.each(Object.entries(credits))('%s: the EPUB prints the credit once, and dc:contributor names the photographer alone', async (lang, credit) => {
      expect(await epubEntry(`out/${lang}.epub`, 'article.xhtml')).toContain(`<span class="credit">${credit}</span>`);
      const opf = await epubEntry(`out/${lang}.epub`, 'content.opf');
      const name = credit.replace(/^\S+\s?:\s*/u, '');
      expect(opf).toContain(`<dc:contributor id="photographer">${name}</dc:contributor>`);
      expect(opf).toContain('<meta refines="#photographer" property="role" scheme="marc:relators">pht</meta>');
    });

    it.each(Object.entries(credits))('%s: the PDF prints the credit once', (lang, credit) => {
      const text = pdftotext(path.join(dir, 'out', `${lang}.pdf`)).replace(/\s+/g, ' ');
      // pdftotext gives a no-break space as a space.
      expect(text).toContain(`La légende. ${credit.replace('\u00A0', ' ')}`);
      expect(text).not.toMatch(/(Photo|Foto) ?: (Photo|Foto)/);
    });

    it("a title layout's {credit} is the same text", async () => {
      expect(await epubEntry('layout-out/en.epub', 'article.xhtml')).toContain('<p class="credit-line">Photo: Jonas Petraitis</p>');
    });

    it('epubcheck passes', () => {
      const verdict = epubcheck(path.join(dir, 'out', 'en.epub'));
      expect(verdict.problems, verdict.output).toEqual([]);
    });
  });
});

describe('page numbers', () => {
  it('are written in the digits of the article’s dates: Persian digits in Persian, as in English in Arabic', () => {
    const dir = folder('pressroom-labels-digits-', {
      'fa.md': manuscript({ lang: 'fa', image: false }),
      'ar.md': manuscript({ lang: 'ar', image: false }),
    });
    try {
      for (const lang of ['fa', 'ar']) {
        const run = runCli(['build', `${lang}.md`, '--out', 'out', '--format', 'pdf'], { cwd: dir });
        expect(run.status, run.stderr).toBe(0);
      }
      const text = (lang: string) => pdftotext(path.join(dir, 'out', `${lang}.pdf`)).replace(/[\u202A-\u202E]/g, '').replace(/\s+/g, ' ');
      // (pdftotext gives the hamza of صفحهٔ apart from its letter, so the label's first word is left out.)
      expect(text('fa')).toMatch(/۱ ?از ?۱/);
      expect(text('ar')).toContain('صفحة');
      expect(text('ar')).not.toMatch(/[٠-٩۰-۹]/);
    } finally {
      removeTemp(dir);
    }
  });
});

describe('labels and templates', () => {
  let dir: string;
  beforeAll(() => {
    dir = folder('pressroom-labels-template-', {
      'article.md': manuscript({ lang: 'fr', updated: false }),
      // The title block's dateline is hidden, so the only dateline is the footer's.
      'own/print.yaml': [
        'extends: article',
        'title_block:',
        '  show_dates: false',
        'credit:',
        '  prefix: ""',
        'footer:',
        '  left: "{dateline}"',
        '  center: ""',
        '  right: "{page}/{pages}"',
        '',
      ].join('\n'),
    });
    build(dir, ['--out', 'out', '--template', './own']);
  });
  afterAll(() => removeTemp(dir));

  it("{dateline} is the localised dateline, the publication alone when there is no update; a template's credit prefix and page numbers win", async () => {
    const text = pdftotext(path.join(dir, 'out', 'article.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('Publié le 29 février 2024, 09:05 CET');
    expect(text).not.toContain('Mis à jour');
    expect(text).toMatch(/\b1\/\d\b/);
    expect(text).not.toMatch(/Page 1 sur/);
    expect(text).toContain('La légende. AP');
    const zip = await openZip(fs.readFileSync(path.join(dir, 'out', 'article.epub')));
    expect(await zip.text('OEBPS/article.xhtml')).toContain('<span class="credit">AP</span>');
  });

  it('the build cache counts the label file among the article’s inputs, so that editing it rebuilds the article', () => {
    const manifests = fs.readdirSync(path.join(dir, '.pressroom-cache')).map((name) => JSON.parse(fs.readFileSync(path.join(dir, '.pressroom-cache', name), 'utf8')));
    const inputs = manifests.flatMap((manifest) => Object.values(manifest.entries).flatMap((entry) => Object.keys((entry as { inputs: object }).inputs)));
    expect(inputs).toContain(path.join(LABELS_DIR, 'fr.yaml'));
  });

  it('the download catalogue, an English page, keeps its bylines in English', () => {
    expect(fs.readFileSync(path.join(dir, 'out', 'index.html'), 'utf8')).toContain('<span class="byline">By Anna Weber and Jean Martin</span>');
  });

  it('an unknown placeholder suggests the new ones', () => {
    fs.mkdirSync(path.join(dir, 'typo'));
    fs.writeFileSync(path.join(dir, 'typo', 'print.yaml'), 'extends: article\nfooter:\n  center: "{page_of_page}"\n');
    const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf', '--template', './typo'], { cwd: dir });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/print\.yaml:3:\d+: error: .*unknown placeholder \{page_of_page\}; did you mean \{page_of_pages\}\?/);
  });
});

describe('a language without labels of its own, and a generated cover', () => {
  let swahili: string;
  let greek: string;
  beforeAll(() => {
    swahili = folder('pressroom-labels-sw-', { 'article.md': manuscript({ lang: 'sw', body: 'Habari.' }) });
    greek = folder('pressroom-labels-el-', { 'article.md': manuscript({ lang: 'el', body: 'Το κείμενο.', image: false, publisher: 'Η Καθημερινή' }) });
    build(swahili, ['--out', 'out', '--format', 'pdf']);
    build(greek, ['--out', 'out', '--format', 'epub']);
  });
  afterAll(() => {
    removeTemp(swahili);
    removeTemp(greek);
  });

  it('gets the English labels', () => {
    const text = pdftotext(path.join(swahili, 'out', 'article.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('By Anna Weber and Jean Martin');
    expect(text).toContain('Published ');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it("the generated cover is marked with the article's language and its publisher upper-cased by the language's rules", async () => {
    const zip = await openZip(fs.readFileSync(path.join(greek, 'out', 'article.epub')));
    const svg = await zip.text(zip.names().find((name) => name.endsWith('.svg'))!);
    expect(svg).toMatch(/<svg [^>]*xml:lang="el"/);
    // Greek capitals drop the accent: ΚΑΘΗΜΕΡΙΝΗ, not ΚΑΘΗΜΕΡΙΝΉ (the letters are outlines: compare drawings).
    const print = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, DEFAULT_TEMPLATE)).print;
    const cover = async (publisher: string, lang = 'el') =>
      (await drawCover({ headline: 'Un titre', byline: undefined, publisher, date: undefined, lang }, undefined, print)).replace(/ xml:lang="[^"]*"/, '');
    expect(await cover('Η Καθημερινή')).toBe(await cover('Η ΚΑΘΗΜΕΡΙΝΗ'));
    // Upper-cased by English rules, the accent stays.
    expect(await cover('Η Καθημερινή', 'en')).toBe(await cover('Η ΚΑΘΗΜΕΡΙΝΉ', 'en'));
    expect(await cover('Η Καθημερινή', 'en')).not.toBe(await cover('Η Καθημερινή'));
    const text = (await zip.text('OEBPS/article.xhtml')).replace(/<[^>]+>/g, '');
    expect(text).toContain('Anna Weber και Jean Martin');
    expect(text).toContain('Δημοσιεύθηκε στις 29 Φεβρουαρίου 2024');
  });
});
