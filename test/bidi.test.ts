import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import bidiFactory from 'bidi-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bidiRuns, paragraphIsRightToLeft, reorder, resolveLevels, runsInVisualOrder, type BidiType } from '../src/pdf/text/bidi.js';
import { makeTemp, removeTemp, runCli } from './helpers/cli.js';
import { epubcheck, pdftotext, wordsWithPositions } from './helpers/tools.js';
import { openZip } from './helpers/zip.js';

describe('the bidirectional algorithm, run by run', () => {
  const runs = (text: string) => bidiRuns(text).map((run) => `${run.type}:${run.text}`);
  // Runs with no brackets among them.
  const levelsOf = (types: BidiType[], rightToLeft: boolean) =>
    resolveLevels(
      types,
      types.map(() => ''),
      rightToLeft,
    );
  /** Each run of `text` with its level, as `text:level`. */
  const levelled = (text: string, rightToLeft: boolean) => {
    const found = bidiRuns(text);
    const levels = resolveLevels(
      found.map((run) => run.type),
      found.map((run) => run.text),
      rightToLeft,
    );
    return found.map((run, index) => `${run.text}:${levels[index]}`);
  };

  it('cuts text into runs of one kind', () => {
    expect(runs('ל-120')).toEqual(['R:ל', 'ON:-', 'EN:120']);
    expect(runs('مرحبا.')).toEqual(['AL:مرحبا', 'ON:.']);
    expect(runs('COVID-19')).toEqual(['L:COVID', 'ON:-', 'EN:19']);
    // A number's separators are runs of their own, which W4 joins to it; Persian digits are European
    // numbers, Arabic-Indic ones Arabic numbers.
    expect(runs('1,234.50')).toEqual(['EN:1', 'ON:,', 'EN:234', 'ON:.', 'EN:50']);
    expect(levelled('قال 1,234.50 أمس', true)).toEqual(['قال:1', ' :1', '1:2', ',:2', '234:2', '.:2', '50:2', ' :1', 'أمس:1']);
    // After Arabic letters a date's hyphens do not join its parts (they are Arabic numbers, W2): its parts
    // are read right to left, as reading systems show it; after Hebrew they do.
    expect(levelled('في 2024-05-02', true).join(' ')).toBe('في:1  :1 2024:2 -:1 05:2 -:1 02:2');
    expect(levelled('ב-2024-05-02', true).join(' ')).toBe('ב:1 -:1 2024:2 -:2 05:2 -:2 02:2');
    expect(runs('۱۱')).toEqual(['EN:۱۱']);
    expect(runs('١٢٣')).toEqual(['AN:١٢٣']);
    // A Persian word with a zero-width non-joiner stays whole.
    expect(runs('می\u200Cخواهم')).toEqual(['AL:می\u200Cخواهم']);
  });

  it('takes a paragraph’s direction from its first letter', () => {
    expect(paragraphIsRightToLeft('2023: في عام')).toBe(true);
    expect(paragraphIsRightToLeft('NATO قال')).toBe(false);
    expect(paragraphIsRightToLeft('123 456')).toBe(false);
  });

  it('orders runs as UAX #9 does', () => {
    const order = (types: BidiType[], rightToLeft: boolean) => reorder(levelsOf(types, rightToLeft));
    // A right-to-left phrase in a left-to-right sentence is turned round; the sentence is not.
    expect(order(['L', 'ON', 'R', 'ON', 'R', 'ON', 'L'], false)).toEqual([0, 1, 4, 3, 2, 5, 6]);
    // A right-to-left sentence runs from the right; a number in it reads left to right, in its place.
    expect(order(['R', 'ON', 'R', 'ON', 'EN', 'ON', 'R'], true)).toEqual([6, 5, 4, 3, 2, 1, 0]);
    // A Hebrew prefix joined to a number: ל-120 is seen as 120-ל.
    expect(order(['R', 'ON', 'EN'], true)).toEqual([2, 1, 0]);
    // A Latin name and the (Persian) number after it keep their order in a right-to-left sentence.
    expect(order(['R', 'ON', 'L', 'ON', 'EN', 'ON', 'R'], true)).toEqual([6, 5, 2, 3, 4, 1, 0]);
    // W7: a number after Latin text is Latin; after Arabic it goes with the Arabic phrase.
    expect(order(['L', 'ON', 'EN'], false)).toEqual([0, 1, 2]);
    expect(order(['L', 'ON', 'R', 'ON', 'EN'], false)).toEqual([0, 1, 4, 3, 2]);
  });

  it('resolves over the whole paragraph: a line that starts with a number after Hebrew on the line before', () => {
    // "… שנה" | "2023 — שנה": over the paragraph the number follows Hebrew and goes with it.
    const levels = levelsOf(['L', 'ON', 'R', 'EN', 'ON', 'R'], false);
    expect(reorder(levels.slice(3))).toEqual([2, 1, 0]);
    // Resolved on its own, the line would set the number first.
    expect(reorder(levelsOf(['EN', 'ON', 'R'], false))).toEqual([0, 1, 2]);
  });

  it('returns every run once; levels all even keep the order', () => {
    const types = fc.constantFrom<BidiType>('L', 'R', 'EN', 'AN', 'ON');
    fc.assert(
      fc.property(fc.array(types, { maxLength: 40 }), fc.boolean(), (line, rightToLeft) => {
        const order = reorder(levelsOf(line, rightToLeft));
        expect([...order].sort((a, b) => a - b)).toEqual(line.map((_, index) => index));
        if (!rightToLeft && line.every((type) => type === 'L' || type === 'ON' || type === 'EN')) expect(order).toEqual(line.map((_, index) => index));
      }),
    );
  });

  it('orders the runs of a line drawn on its own, each with its direction', () => {
    expect(runsInVisualOrder('Page 1', false)).toEqual([{ text: 'Page 1', rightToLeft: false }]);
    expect(runsInVisualOrder('صفحة 1 من 2', true).map((run) => run.text)).toEqual(['2', ' ', 'من', ' ', '1', ' ', 'صفحة']);
    expect(runsInVisualOrder('صفحة (2)', true)).toEqual([
      { text: ')', rightToLeft: true },
      { text: '2', rightToLeft: false },
      { text: '(', rightToLeft: true },
      { text: ' ', rightToLeft: true },
      { text: 'صفحة', rightToLeft: true },
    ]);
    // Punctuation and a space set right to left are turned round piece by piece.
    expect(runsInVisualOrder('أخبار، «اليوم»', true).map((run) => run.text)).toEqual(['»', 'اليوم', '«', ' ', '،', 'أخبار']);
  });

  it('gives a pair of brackets one direction (N0)', () => {
    const brackets = (text: string, rightToLeft: boolean) => levelled(text, rightToLeft).filter((entry) => /^[()[\]]:/.test(entry));
    // An abbreviation in brackets after a Latin name, in an Arabic sentence: the brackets go with the Latin text.
    expect(brackets('قال Joe Biden (USA) إن', true)).toEqual(['(:2', '):2']);
    // Arabic in brackets in an Arabic sentence, or Latin in brackets after Arabic: right to left.
    expect(brackets('قال (هذا مهم) إن', true)).toEqual(['(:1', '):1']);
    expect(brackets('قال (NATO) إن', true)).toEqual(['(:1', '):1']);
    // In an English sentence, Hebrew in brackets goes right to left after Hebrew, not after English.
    expect(brackets('שלום (עולם) and more', false)).toEqual(['(:1', '):1']);
    expect(brackets('say (עולם) now', false)).toEqual(['(:0', '):0']);
    // [ ( ] ) pairs only [ ] (BD16); brackets with nothing strong inside are neutrals like any other.
    expect(brackets('قال [a (b] c) إن', true)).toEqual(['[:1', '(:2', ']:1', '):1']);
    expect(brackets('قال () إن', true)).toEqual(['(:1', '):1']);
    // A Hebrew prefix joined to a Latin name is a run of its own; a tatweel, a gershayim and an Arabic
    // question mark are right to left, inside a word's run.
    expect(levelled('לNATO', true)).toEqual(['ל:1', 'NATO:2']);
    expect(runs('كـتـاب צה״ל كيف؟')).toEqual(['AL:كـتـاب', 'ON: ', 'R:צה״ל', 'ON: ', 'AL:كيف؟']);
    // A currency sign goes with a number (W5), but after Arabic letters the number is an Arabic one (W2) and the sign stays apart.
    expect(levelled('שילם $500 אתמול', true)).toEqual(['שילם:1', ' :1', '$:2', '500:2', ' :1', 'אתמול:1']);
    expect(levelled('دفع $500 أمس', true)).toEqual(['دفع:1', ' :1', '$:1', '500:2', ' :1', 'أمس:1']);
  });

  it('gives every character but spaces the level bidi-js gives it, for random Arabic, Hebrew and Latin text with numbers and signs', () => {
    const bidi = bidiFactory();
    const pieces = ['قال', 'هذا', 'كـتـاب', 'ـ', '؟', 'abc', 'NATO', 'שלום', 'צה״ל', 'ל', 'x', '(', ')', '[', ']', '{', '}', '«', '»', ' ', ' ', '2023', '1,234.5', '٢٣', '۱۲', '.', ',', '-', '+', '/', ':', '!', '$', '%', '#', '€', '°', '٪', '−5°C', '\u064B', '\u0301', '\uFE0F', '\u200C', '\u200D', '\u200E', '\u200F'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 14 }), fc.boolean(), (parts, rightToLeft) => {
        const text = parts.join('');
        const reference = bidi.getEmbeddingLevels(text, rightToLeft ? 'rtl' : 'ltr').levels;
        const found = bidiRuns(text);
        const levels = resolveLevels(
          found.map((run) => run.type),
          found.map((run) => run.text),
          rightToLeft,
        );
        let at = 0;
        found.forEach((run, index) => {
          // (The alphabet has no characters outside the Basic Multilingual Plane: one character, one code unit.)
          const chars = [...run.text];
          for (const [offset, char] of chars.entries()) {
            // (Spaces at a line's end are levelled by L1, which placing a line does without; joiners, which are
            // not drawn, get whatever level the runs around them have; bidi-js turns only the first of several
            // marks after a bracket with the bracket, where N0 turns them all.)
            const afterMark = /\p{M}/u.test(chars[offset - 1] ?? '');
            if (/\S/u.test(char) && !/[\u200C\u200D]/u.test(char) && !(afterMark && /\p{M}/u.test(char))) expect(`${char}@${at + offset}:${levels[index]}`, text).toBe(`${char}@${at + offset}:${reference[at + offset]}`);
          }
          at += run.text.length;
        });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('right-to-left articles in the PDF', () => {
  let dir: string;
  let run: ReturnType<typeof runCli>;
  const arabic = 'في عام 2023 قال الرئيس إن الحلف يجب أن يفعل المزيد من أجل أوكرانيا، وأضاف أن الدعم العسكري والمالي مهم جدا لكنه لا يكفي وحده في هذه المرحلة الصعبة من الحرب.';

  beforeAll(() => {
    dir = makeTemp('pressroom-bidi-');
    const manuscript = ['---', 'title: عنوان المقال', 'reporter: زيني مجيد', 'published: 2024-05-02', 'lang: ar', '---', '', arabic, '', 'في 2023 قال 1999 الرئيس', '', 'NATO قال الأمين العام.[^1]', '', '1. أولا', '2. ثانيا', '', '> EU قال الأمين العام إن الباب مفتوح.', '', '```', 'print("مرحبا بالعالم")', '```', '', '[^1]: حاشية.', ''];
    fs.writeFileSync(path.join(dir, 'article.md'), manuscript.join('\n'));
    run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(() => removeTemp(dir));

  it('sets paragraphs right to left: pdftotext reads the words in the order typed', () => {
    const text = pdftotext(path.join(dir, 'out', 'article.pdf')).replace(/[\u202A-\u202E]/g, '').replace(/\s+/g, ' ');
    // (pdftotext puts the spaces around a number inside the marks that embed it, so they may be lost.)
    expect(text).toMatch(/في عام ?2023 ?قال الرئيس إن الحلف/);
    expect(text).toContain('بقلم زيني مجيد');
    expect(text).toMatch(/صفحة ?1 ?من ?1/);
  });

  it('places the words typed first at the right, and sets lines flush right, a paragraph that starts with a Latin word too', () => {
    // pdftotext -bbox cuts Arabic words into pieces, so the numbers and the Latin word are what is measured.
    const words = wordsWithPositions(path.join(dir, 'out', 'article.pdf'));
    const right = Math.max(...words.map((word) => word.xMax));
    // Words of one line, whatever their font's height: their middles are within a few points.
    const middle = (word: (typeof words)[number]) => (word.yMin + word.yMax) / 2;
    const onLineOf = (word: (typeof words)[number]) => words.filter((other) => Math.abs(middle(other) - middle(word)) < 4);
    const typedFirst = words.find((word) => word.text === '2023' && onLineOf(word).some((other) => other.text === '1999'))!;
    const typedLater = words.find((word) => word.text === '1999')!;
    expect(typedFirst.xMin).toBeGreaterThan(typedLater.xMax);
    // That short paragraph's one line starts at the right edge, after the first-line indent (12 pt), as a
    // full line would.
    expect(right - Math.max(...onLineOf(typedFirst).map((word) => word.xMax))).toBeCloseTo(12, 0);
    // The article's paragraph that begins with "NATO" still runs right to left: NATO is at its right end.
    const nato = words.find((word) => word.text === 'NATO')!;
    expect(right - nato.xMax).toBeCloseTo(12, 0);
  });

  it('hangs list numbers, block quotes and footnote numbers on the right', () => {
    const words = wordsWithPositions(path.join(dir, 'out', 'article.pdf'));
    const right = Math.max(...words.map((word) => word.xMax));
    // A number's full stop is seen before it, as in right-to-left lists.
    const first = words.find((word) => word.text === '.1')!;
    expect(right - first.xMax).toBeLessThan(6);
    // The quote is indented from the right: its first word ends short of the edge.
    const quoted = words.find((word) => word.text === 'EU')!;
    expect(right - quoted.xMax).toBeGreaterThan(10);
    expect(right - quoted.xMax).toBeLessThan(20);
    // The note at the foot of the page: its number at the right edge (the footer's page numbers are centred).
    const page = words.filter((word) => word.text === '1' && word.yMin > 600);
    expect(right - Math.max(...page.map((word) => word.xMax))).toBeLessThan(1);
  });

  it('warns of nothing: code blocks are ordered too', () => {
    expect(run.stderr).not.toMatch(/right-to-left|warning/);
  });
});

describe('a code block with right-to-left text', () => {
  it('orders each line as a code editor shows it, words set whole, drawn in the order typed', () => {
    const dir = makeTemp('pressroom-bidi-code-');
    try {
      const code = ['```python', 'name = "שלום עולם" + suffix', 'print("مرحبا بالعالم")  # greet', '```'];
      fs.writeFileSync(path.join(dir, 'article.md'), ['---', 'title: Code', 'reporter: Desk', 'published: 2024-05-02', '---', '', 'Some code:', '', ...code, ''].join('\n'));
      const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/warning/);
      const words = wordsWithPositions(path.join(dir, 'out', 'article.pdf'));
      // pdftotext gives Hebrew words as seen, letters reversed.
      const word = (text: string) => words.find((found) => found.text === text || found.text === [...text].reverse().join(''))!;
      // The Hebrew phrase runs right to left inside its quotes: the word typed first is on the right.
      expect(word('עולם').xMax).toBeLessThan(word('שלום').xMin);
      expect(word('name').xMax).toBeLessThan(word('עולם').xMin);
      expect(word('שלום').xMax).toBeLessThan(word('suffix').xMin);
      // The Arabic line keeps its comment after the string.
      expect(words.find((found) => found.text.startsWith('print'))!.xMax).toBeLessThan(word('greet').xMin);
      // Drawn in the order typed: the text layer read in content order gives the line as typed.
      const raw = execFileSync('pdftotext', ['-raw', path.join(dir, 'out', 'article.pdf'), '-'], { encoding: 'utf8' });
      // (pdftotext -raw wraps the right-to-left words in direction marks and breaks the line between them.)
      expect(raw.replace(/[\u202A-\u202E\s]/g, '')).toContain('name="שלוםעולם"+suffix');
    } finally {
      removeTemp(dir);
    }
  });
});

describe('a Hebrew article in the PDF', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTemp('pressroom-bidi-he-');
    const body = 'בשנת 1949 הוקמה המדינה, והממשלה הודיעה ל-120 חברי הכנסת וגם מ-NATO הגיעה תגובה [בקישור הזה כאן](https://example.com).';
    fs.writeFileSync(path.join(dir, 'article.md'), ['---', 'title: כותרת', 'reporter: דנה לוי', 'published: 2024-05-02', 'lang: he', '---', '', body, ''].join('\n'));
    const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(() => removeTemp(dir));

  it('sets numbers and a Latin name joined to Hebrew prefixes in reading order, right to left', () => {
    const words = wordsWithPositions(path.join(dir, 'out', 'article.pdf'));
    const x = (pattern: RegExp) => words.find((word) => pattern.test(word.text))!.xMin;
    expect(x(/1949/)).toBeGreaterThan(x(/120/));
    expect(x(/120/)).toBeGreaterThan(x(/NATO/));
  });

  it('gives a link of several right-to-left words one clickable area over all of them', () => {
    const expanded = path.join(dir, 'expanded.pdf');
    execFileSync('qpdf', ['--stream-data=uncompress', '--object-streams=disable', path.join(dir, 'out', 'article.pdf'), expanded]);
    const areas = [...fs.readFileSync(expanded, 'latin1').matchAll(/\/Rect \[ ?([\d.]+) [\d.]+ ([\d.]+) [\d.]+ ?\] \/StructParent \d+ \/Subtype \/Link/g)].map((match) => Number(match[2]) - Number(match[1]));
    expect(areas.length).toBeGreaterThan(0);
    // Three words of 10.5 pt type: far wider than the gap between two of them.
    expect(Math.max(...areas)).toBeGreaterThan(40);
  });
});

describe('right-to-left paragraphs in the EPUB of a left-to-right article', () => {
  it('are marked dir="auto", so reading systems set them right to left as the PDF does; epubcheck passes', async () => {
    const dir = makeTemp('pressroom-bidi-epub-');
    try {
      const body = ['An English paragraph.', '', 'فقرة عربية كاملة هنا.', '', '- an item', '- بند عربي', ''];
      fs.writeFileSync(path.join(dir, 'article.md'), ['---', 'title: Mixed', 'reporter: Desk', 'published: 2024-05-02', 'lang: en', '---', '', ...body].join('\n'));
      const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'epub'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      const zip = await openZip(fs.readFileSync(path.join(dir, 'out', 'article.epub')));
      const xhtml = await zip.text('OEBPS/article.xhtml');
      expect(xhtml).toContain('<p dir="auto">فقرة عربية كاملة هنا.</p>');
      expect(xhtml).toContain('<li dir="auto">بند عربي</li>');
      expect(xhtml).toContain('<p>An English paragraph.</p>');
      expect(xhtml).toContain('<li>an item</li>');
      const verdict = epubcheck(path.join(dir, 'out', 'article.epub'));
      expect(verdict.problems, verdict.output).toEqual([]);
    } finally {
      removeTemp(dir);
    }
  });
});

describe('a table in a right-to-left article', () => {
  it('has its first column on the right', () => {
    const dir = makeTemp('pressroom-bidi-table-');
    try {
      const table = ['| البلد | السنة | العدد |', '| :-- | --: | --: |', '| أوكرانيا | 2023 | 120 |'];
      fs.writeFileSync(path.join(dir, 'article.md'), ['---', 'title: جدول', 'reporter: زيني مجيد', 'published: 2024-05-02', 'lang: ar', '---', '', ...table, ''].join('\n'));
      const run = runCli(['build', 'article.md', '--out', 'out', '--format', 'pdf'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      const words = wordsWithPositions(path.join(dir, 'out', 'article.pdf'));
      const x = (text: string) => words.find((word) => word.text === text)!.xMin;
      // The second column (the year) is right of the third (the count).
      expect(x('2023')).toBeGreaterThan(x('120'));
    } finally {
      removeTemp(dir);
    }
  });

  it('sets an unmarked column from the right, and keeps a column marked `:--` left as the EPUB does', async () => {
    const dir = makeTemp('pressroom-bidi-align-');
    try {
      const table = ['| البلد | السنة | العدد |', '| :-- | --: | --- |', '| Kyiv | 2023 | 120 |', '| Ivano-Frankivsk | 1999 | 7 |'];
      fs.writeFileSync(path.join(dir, 'article.md'), ['---', 'title: جدول', 'reporter: زيني مجيد', 'published: 2024-05-02', 'lang: ar', '---', '', ...table, ''].join('\n'));
      const run = runCli(['build', 'article.md', '--out', 'out'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      const words = wordsWithPositions(path.join(dir, 'out', 'article.pdf'));
      const word = (text: string) => words.find((found) => found.text === text)!;
      // Marked `:--`: both names start at the column's left edge.
      expect(Math.abs(word('Kyiv').xMin - word('Ivano-Frankivsk').xMin)).toBeLessThan(0.5);
      expect(Math.abs(word('Kyiv').xMax - word('Ivano-Frankivsk').xMax)).toBeGreaterThan(20);
      // Marked `--:` and unmarked: flush right.
      expect(Math.abs(word('2023').xMax - word('1999').xMax)).toBeLessThan(0.5);
      expect(Math.abs(word('120').xMax - word('7').xMax)).toBeLessThan(0.5);
      const zip = await openZip(fs.readFileSync(path.join(dir, 'out', 'article.epub')));
      const xhtml = await zip.text('OEBPS/article.xhtml');
      expect(xhtml).toContain('<td class="align-left">Kyiv</td>');
      const css = await zip.text('OEBPS/style.css');
      expect(css).toMatch(/\.align-left \{ text-align: left; \}/);
      // Headings, bylines and captions start on the right of a right-to-left book (`left` is for readers that know no `start`).
      const fixedLeft = css.split('}').filter((rule) => /text-align: left;(?! text-align: start;)/.test(rule));
      expect(fixedLeft.map((rule) => rule.trim())).toEqual(['.align-left { text-align: left;']);
      expect(css).toMatch(/h1, h2, h3, h4, h5, h6 \{[^}]*text-align: left; text-align: start;/);
    } finally {
      removeTemp(dir);
    }
  });
});
