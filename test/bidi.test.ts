import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import bidiFactory from 'bidi-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FontBook } from '../src/pdf/fonts/book.js';
import type { StructNode } from '../src/pdf/layout/types.js';
import { bidiRuns, levelledRuns, paragraphLevels, reorder, runsInVisualOrder, type Direction } from '../src/pdf/text/bidi.js';
import { composeParagraph } from '../src/pdf/text/compose.js';
import type { Inline, InlineStyle, Line } from '../src/pdf/text/types.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import { copyFixture, makeTemp, removeTemp, runCli } from './helpers/cli.js';
import { epubcheck, pdftotext, wordsWithPositions } from './helpers/tools.js';
import { openZip } from './helpers/zip.js';

const oracle = bidiFactory();
const LRE = '\u202A';
const RLE = '\u202B';
const PDF = '\u202C';
const LRO = '\u202D';
const RLO = '\u202E';
const LRI = '\u2066';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

/** The characters of `text` from `start` to `end` (one line of it) as bidi-js puts them, left to right, the paragraph resolved whole. */
function oracleOrder(text: string, direction: Direction, start = 0, end = text.length): string {
  const levels = oracle.getEmbeddingLevels(text, direction === 'auto' ? undefined : direction);
  // UAX #9 removes the embedding and override characters (X9); one who keeps them must give each the
  // level of the character before it, so that they change nothing in the order of the others (5.2).
  // bidi-js sometimes gives them the level of the embedding they close or open, which can part two
  // runs that removing them would join: that is put right here, before asking it for the order.
  for (let at = 0; at < text.length; at++) if (/[\u202A-\u202E]/.test(text[at]!)) levels.levels[at] = at === 0 ? levels.paragraphs[0]!.level : levels.levels[at - 1]!;
  return oracle
    .getReorderedIndices(text, levels, start, end - 1)
    .slice(start, end)
    .map((at) => text[at])
    .join('');
}

describe('the bidirectional algorithm (bidi-js) and our runs', () => {
  const runs = (text: string) => bidiRuns(text).map((run) => `${run.type}:${run.text}`);
  /** Each run of `text` with its level, as `text:level`. */
  const levelled = (text: string, rightToLeft: boolean) => {
    const { levels } = paragraphLevels(text, rightToLeft ? 'rtl' : 'ltr');
    return levelledRuns(text, levels).map((run) => `${text.slice(run.start, run.end)}:${run.level}`);
  };
  /** The runs of `text` in the order they are seen, left to right. */
  const seen = (text: string, rightToLeft: boolean) => {
    const { levels } = paragraphLevels(text, rightToLeft ? 'rtl' : 'ltr');
    const found = levelledRuns(text, levels);
    return reorder(found.map((run) => run.level)).map((index) => text.slice(found[index]!.start, found[index]!.end));
  };

  it('cuts text into runs of one kind', () => {
    expect(runs('ל-120')).toEqual(['R:ל', 'ON:-', 'EN:120']);
    expect(runs('مرحبا.')).toEqual(['R:مرحبا', 'ON:.']);
    expect(runs('COVID-19')).toEqual(['L:COVID', 'ON:-', 'EN:19']);
    // A number's separators are runs of their own; they take the number's level. Persian digits are
    // European numbers, Arabic-Indic ones Arabic numbers.
    expect(runs('1,234.50')).toEqual(['EN:1', 'ON:,', 'EN:234', 'ON:.', 'EN:50']);
    expect(levelled('قال 1,234.50 أمس', true)).toEqual(['قال:1', ' :1', '1:2', ',:2', '234:2', '.:2', '50:2', ' :1', 'أمس:1']);
    // After Arabic letters a date's hyphens do not join its parts (they are Arabic numbers, W2): its parts
    // are read right to left, as reading systems show it; after Hebrew they do.
    expect(levelled('في 2024-05-02', true).join(' ')).toBe('في:1  :1 2024:2 -:1 05:2 -:1 02:2');
    expect(levelled('ב-2024-05-02', true).join(' ')).toBe('ב:1 -:1 2024:2 -:2 05:2 -:2 02:2');
    expect(runs('۱۱')).toEqual(['EN:۱۱']);
    expect(runs('١٢٣')).toEqual(['AN:١٢٣']);
    // A Persian word with a zero-width non-joiner stays whole.
    expect(runs('می\u200Cخواهم')).toEqual(['R:می\u200Cخواهم']);
  });

  it('cuts a run where its level changes: an embedding inside a word', () => {
    // "abc" then, embedded right to left, "de": one run of letters, two levels. (The embedding's own
    // characters, neutral runs of their own, are never drawn.)
    expect(levelled('abc\u202Bde\u202C', false)).toEqual(['abc:0', '\u202B:0', 'de:2', '\u202C:0']);
    expect(levelled('abc\u202Ede\u202C', false)).toEqual(['abc:0', '\u202E:0', 'de:1', '\u202C:0']);
  });

  it('takes a paragraph’s direction from its first strong letter, skipping what is isolated', () => {
    const rightToLeft = (text: string) => paragraphLevels(text, 'auto').rightToLeft;
    expect(rightToLeft('2023: في عام')).toBe(true);
    expect(rightToLeft('NATO قال')).toBe(false);
    expect(rightToLeft('123 456')).toBe(false);
    expect(rightToLeft('\u2068NATO\u2069 قال')).toBe(true);
    expect(rightToLeft('\u202Bשלום')).toBe(true);
    expect(rightToLeft('\u200Fabc')).toBe(true);
  });

  it('reads characters outside the Basic Multilingual Plane whole (bidi-js alone takes them for left-to-right letters)', () => {
    // An emoji between two Arabic words is neutral: it goes with them, in a left-to-right paragraph too.
    const text = 'مرحبا 😀 عالم';
    expect([...paragraphLevels(text, 'ltr').levels]).toEqual([...text].flatMap((char) => Array(char.length).fill(1)));
    // Adlam runs right to left.
    expect(paragraphLevels('𞤀𞤣𞤤𞤢𞤥 abc', 'auto').rightToLeft).toBe(true);
  });

  it('takes line breaks and tabs inside a paragraph for spaces, not for the end of the paragraph', () => {
    expect(levelled('שלום\nעולם', true)).toEqual(['שלום:1', '\n:1', 'עולם:1']);
    expect(paragraphLevels('abc\nשלום', 'auto').rightToLeft).toBe(false);
  });

  it('orders runs as UAX #9 does', () => {
    // A right-to-left phrase in a left-to-right sentence is turned round; the sentence is not.
    expect(seen('say שלום עולם now', false)).toEqual(['say', ' ', 'עולם', ' ', 'שלום', ' ', 'now']);
    // A right-to-left sentence runs from the right; a number in it reads left to right, in its place.
    expect(seen('שלום עולם 2023 זה', true)).toEqual(['זה', ' ', '2023', ' ', 'עולם', ' ', 'שלום']);
    // A Hebrew prefix joined to a number: ל-120 is seen as 120-ל.
    expect(seen('ל-120', true)).toEqual(['120', '-', 'ל']);
    // A Latin name and the (Persian) number after it keep their order in a right-to-left sentence.
    expect(seen('قال NATO ۱۲ أمس', true)).toEqual(['أمس', ' ', 'NATO', ' ', '۱۲', ' ', 'قال']);
    // W7: a number after Latin text is Latin; after Arabic it goes with the Arabic phrase.
    expect(seen('abc 12', false)).toEqual(['abc', ' ', '12']);
    expect(seen('abc قال 12', false)).toEqual(['abc', ' ', '12', ' ', 'قال']);
  });

  it('returns every run once; levels all even keep the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }), (levels) => {
        const order = reorder(levels);
        expect([...order].sort((a, b) => a - b)).toEqual(levels.map((_, index) => index));
        if (levels.every((level) => level % 2 === 0 && level === levels[0])) expect(order).toEqual(levels.map((_, index) => index));
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
    // Overridden: Latin letters set right to left (each run drawn backwards), Hebrew ones left to right.
    const drawn = (text: string, rightToLeft: boolean) =>
      runsInVisualOrder(text, rightToLeft)
        .map((run) => (run.rightToLeft ? [...run.text].reverse().join('') : run.text))
        .join('')
        .replace(/[\u202A-\u202E]/g, '');
    expect(drawn('a \u202Ebc de\u202C f', false)).toBe('a ed cb f');
    expect(runsInVisualOrder('\u202Dשלום\u202C', true).filter((run) => run.leftToRight)).toEqual([{ text: 'שלום', rightToLeft: false, leftToRight: true }]);
    expect(drawn('\u202Dשלום עולם\u202C', true)).toBe('שלום עולם');
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
    expect(runs('كـتـاب צה״ל كيف؟')).toEqual(['R:كـتـاب', 'ON: ', 'R:צה״ל', 'ON: ', 'R:كيف؟']);
    // A currency sign goes with a number (W5), but after Arabic letters the number is an Arabic one (W2) and the sign stays apart.
    expect(levelled('שילם $500 אתמול', true)).toEqual(['שילם:1', ' :1', '$:2', '500:2', ' :1', 'אתמול:1']);
    expect(levelled('دفع $500 أمس', true)).toEqual(['دفع:1', ' :1', '$:1', '500:2', ' :1', 'أمس:1']);
  });
});

describe('paragraphs with embeddings, overrides and isolates, set in lines', () => {
  const book = new FontBook(loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article')).print.fonts);
  const style: InlineStyle = { role: 'body', bold: false, italic: false, size: 10.5, color: '#000000' };
  const struct: StructNode = { id: 1, type: 'P', parent: undefined };
  // (The marks LRM and RLM, drawn with no width, are left out too: where they stand cannot be seen.)
  const CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
  const visible = (text: string) => text.replace(/\s/g, '').replace(CONTROLS, '');
  /** A set line's characters as they are seen, left to right (spaces and the never-drawn controls left out): a fragment set right to left is drawn backwards. */
  const seen = (line: Line) =>
    visible(
      [...line.fragments]
        .sort((a, b) => a.x - b.x)
        .map((fragment) => (fragment.rightToLeft ? [...fragment.text].reverse().join('') : fragment.text))
        .join(''),
    );
  const set = (text: string, direction: Direction, width: number) => composeParagraph([{ kind: 'text', text, style, struct }], { width, align: 'start', book, direction });
  /**
   * No word of `text` is broken over two lines (a line's start is where its first word starts, on the line
   * before when it was broken): each line shows what lies between its start and the next line's, no more.
   */
  const wordsWhole = (text: string, lines: Line[]) =>
    lines.every((line, index) => !line.hyphenated && seen(line).length === visible(text.slice(line.start!.offset, lines[index + 1]?.start!.offset ?? text.length)).length);
  /** Sets `text` at `width` and checks each line against the order bidi-js gives the same stretch of the paragraph; returns the lines as seen. */
  const expectOracleOrder = (text: string, direction: Direction, width: number): string[] => {
    const lines = set(text, direction, width);
    expect(wordsWhole(text, lines), `${JSON.stringify(text)} has a word broken over two lines`).toBe(true);
    return lines.map((line, index) => {
      const expected = visible(oracleOrder(text, direction, line.start!.offset, lines[index + 1]?.start!.offset ?? text.length));
      expect(seen(line), `line ${index + 1} of ${JSON.stringify(text)} (${direction}, ${width} pt)`).toBe(expected);
      return seen(line);
    });
  };
  it('embeds (LRE, RLE … PDF): a score embedded right to left reads from its end, a mark stays with the word embedded left to right', () => {
    expect(expectOracleOrder(`The score was ${RLE}3 - 1${PDF} at the end.`, 'ltr', 400)).toEqual(['Thescorewas1-3attheend.']);
    expect(expectOracleOrder(`The score was 3 - 1 at the end.`, 'ltr', 400)).toEqual(['Thescorewas3-1attheend.']);
    // In a right-to-left paragraph, the exclamation mark embedded with "alpha" stays on its right.
    expect(expectOracleOrder(`שלום ${LRE}alpha!${PDF} עולם`, 'auto', 400)).toEqual(['םלועalpha!םולש']);
    expect(expectOracleOrder(`שלום alpha! עולם`, 'auto', 400)).toEqual(['םלוע!alphaםולש']);
  });

  it('overrides (LRO, RLO … PDF): Latin letters drawn backwards, Hebrew ones in the order typed', () => {
    expect(expectOracleOrder(`Overridden ${RLO}stressed${PDF} here.`, 'ltr', 400)).toEqual(['Overriddendessertshere.']);
    const hebrew = set(`Kept ${LRO}שלום עולם${PDF} as typed.`, 'ltr', 400)[0]!;
    expect(seen(hebrew)).toBe('Keptשלוםעולםastyped.');
    expect(hebrew.fragments.filter((fragment) => /[א-ת]/.test(fragment.text)).every((fragment) => fragment.leftToRight && !fragment.rightToLeft)).toBe(true);
    expectOracleOrder(`Kept ${LRO}שלום עולם${PDF} as typed.`, 'ltr', 400);
    // HarfBuzz, told so, draws them left to right: the first glyph drawn (the leftmost) is the first letter typed.
    const face = hebrew.fragments.find((fragment) => fragment.leftToRight)!.face.loaded;
    const drawn = (direction?: 'ltr') => {
      const letters: string[] = [];
      face.pieces('שלום', (piece) => piece.ids.forEach((_, index) => letters.push(String.fromCodePoint(...face.codePoints(piece, index)))), direction);
      return letters.join('');
    };
    expect(drawn('ltr')).toBe('שלום');
    expect(drawn()).toBe('םולש');
    // Its text goes with it (ActualText): read in drawing order, it would be backwards to an extractor.
    face.pieces('שלום', (piece) => expect(face.readsBackAsTyped(piece)).toBe(false), 'ltr');
    expectOracleOrder(`שלום ${LRO}עולם, abc 12${PDF} סוף`, 'rtl', 400);
  });

  it('isolates (LRI, RLI, FSI … PDI): the number after a Hebrew name is not drawn into it', () => {
    expect(expectOracleOrder(`User ${FSI}שלום${PDI}: 3 posts.`, 'ltr', 400)).toEqual(['Userםולש:3posts.']);
    expect(expectOracleOrder(`User שלום: 3 posts.`, 'ltr', 400)).toEqual(['User3:םולשposts.']);
    expect(expectOracleOrder(`User ${RLI}דנה${PDI}: 5 posts, user ${LRI}Dana${PDI}: 7 posts.`, 'ltr', 400)).toEqual(['Userהנד:5posts,userDana:7posts.']);
    // Left to right inside a right-to-left paragraph; a first strong letter that is Latin inside FSI.
    expectOracleOrder(`משתמש ${LRI}Dana: 7${PDI} הודעות`, 'rtl', 400);
    expectOracleOrder(`משתמש ${FSI}Dana: 7${PDI} הודעות`, 'rtl', 400);
    // An isolate does not decide the paragraph's direction (P2): this one runs right to left.
    expect(set(`${FSI}Dana${PDI} משתמש`, 'auto', 400)[0]!.offset).toBeGreaterThan(0);
  });

  it('begins a line’s place in the text (where the EPUB marks a print page) at its first letter, past the opening of an isolate', () => {
    // As the inline handlers write <bdi>שלום</bdi>: its characters in runs of their own, which are no text of the model's.
    const name: Inline = { kind: 'text', text: 'שלום', style, struct };
    const runs: Inline[] = [{ kind: 'text', text: FSI, style, struct }, name, { kind: 'text', text: `${PDI}: 3 posts.`, style, struct }];
    expect(composeParagraph(runs, { width: 400, align: 'start', book })[0]!.start).toEqual({ run: name, offset: 0 });
  });

  it('begins a line’s place in the text at the model’s text, past a quotation mark the writer adds (<q>)', () => {
    const quoted: Inline = { kind: 'text', text: 'Ready', style, struct, source: { type: 'text', value: 'Ready' } };
    const runs: Inline[] = [{ kind: 'text', text: '\u201C', style, struct }, quoted, { kind: 'text', text: '\u201D, she said.', style, struct }];
    expect(composeParagraph(runs, { width: 400, align: 'start', book })[0]!.start).toEqual({ run: quoted, offset: 0 });
  });

  it('keeps its order over several lines, with controls left open, unmatched or nested', () => {
    const paragraphs: [string, Direction][] = [
      [`The lead ${RLE}said 3 - 1 and ${LRI}then 2 - 0${PDI} later${PDF} in the match, and ${RLO}nobody agreed with the referee${PDF} at all.`, 'ltr'],
      [`שלום ${LRE}alpha, beta, gamma ${RLI}דלתא 12 אפסילון${PDI} and delta${PDF} עולם ומלואו היום ${FSI}zeta${PDI} מחר`, 'auto'],
      [`An embedding left open ${RLE}runs to the end of the paragraph, 1 2 3, over every line it is set in`, 'ltr'],
      [`Unmatched ${PDF} and ${PDI} closers change nothing: שלום עולם 12 here`, 'ltr'],
      [`מספרים ${LRO}123 אבג ${RLO}abc ${PDF}def${PDF} ${FSI}${PDI} סוף`, 'rtl'],
    ];
    for (const [text, direction] of paragraphs) {
      expect(expectOracleOrder(text, direction, 110).length, text).toBeGreaterThan(1);
      expectOracleOrder(text, direction, 2000);
    }
  });

  it('sets random paragraphs with every kind of control, at every width, in the order bidi-js gives', () => {
    const pieces = ['שלום', 'עולם', 'قال', 'هذا', 'abc', 'NATO', 'Dana', '12', '1,234.5', '٢٣', '(', ')', '!', '.', ',', '-', '$', ' ', ' ', ' ', LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, '\u200E', '\u200F'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 40 }), fc.constantFrom<Direction>('ltr', 'rtl', 'auto'), fc.constantFrom(60, 140, 2000), (parts, direction, width) => {
        const text = parts.join('');
        fc.pre(/[^\s\u202A-\u202E\u2066-\u2069\u200E\u200F]/.test(text) && wordsWhole(text, set(text, direction, width)));
        expectOracleOrder(text, direction, width);
      }),
      { numRuns: 400 },
    );
  });
});

describe('embeddings, overrides and isolates in a manuscript (test/fixtures/pdf-bidi)', () => {
  let dir: string;
  let pdf: string;
  beforeAll(() => {
    dir = makeTemp('pressroom-bidi-fixture-');
    const input = path.join(copyFixture('pdf-bidi', dir), 'input.md');
    const run = runCli(['build', input, '--out', path.join(dir, 'out')], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/warning/);
    pdf = path.join(dir, 'out', 'pdf-bidi.pdf');
  });
  afterAll(() => removeTemp(dir));

  /** A line as pdftotext gives it: words in the order they are seen, a right-to-left phrase in its own order (poppler turns it round). */
  const asPopplerReads = (seen: string) => seen.replace(/[\u0590-\u08FF]+(?:\s+[\u0590-\u08FF]+)*/g, (phrase) => [...phrase].reverse().join(''));
  const squeezed = (text: string) => text.replace(/[\s\u202A-\u202E\u2066-\u2069]/g, '');

  it('sets each paragraph in the order bidi-js sees it, as pdftotext reads it', () => {
    const lines = pdftotext(pdf).split('\n').map(squeezed);
    // Each paragraph as the PDF holds it: the manuscript's characters, and those its elements stand for
    // (an element with `dir` and <bdi> are isolates, <bdo dir> an isolated override).
    const paragraphs: [string, Direction][] = [
      [`Embedded right to left, the score ${RLE}3 - 1${PDF} reads from its end.`, 'auto'],
      [`שלום ${LRE}alpha!${PDF} עולם, and the mark stays with the word it follows.`, 'auto'],
      [`User ${FSI}שלום${PDI}: 3 posts, the number kept out of the name.`, 'auto'],
      [`User ${RLI}דנה${PDI}: 5 posts, and user ${LRI}Dana${PDI}: 7 posts.`, 'auto'],
      [`User ${FSI}יוסי${PDI}: 9 posts, isolated by its element.`, 'auto'],
      [`A span ${RLI}one two!${PDI} set right to left.`, 'auto'],
      ['A paragraph set right to left.', 'rtl'],
      ['שלום עולם in a paragraph set left to right.', 'ltr'],
      ['An item set right to left.', 'rtl'],
      ['A cell set right to left.', 'rtl'],
    ];
    // (A table's cells side by side are one line to pdftotext.)
    for (const [text, direction] of paragraphs) expect(lines.some((line) => line.includes(squeezed(asPopplerReads(oracleOrder(text, direction))))), text).toBe(true);
    // What the marks change: the score turned round, the number kept after the name, the full stop on the left.
    expect(lines).toContain(squeezed('Embedded right to left, the score 1 - 3 reads from its end.'));
    expect(lines).toContain(squeezed('User שלום: 3 posts, the number kept out of the name.'));
    expect(lines).toContain(squeezed('.A paragraph set right to left'));
    // Latin words drawn backwards (overridden) read as typed: their text goes with them. (Hebrew drawn left
    // to right, poppler takes for drawn right to left and reads backwards: there it cannot tell.)
    expect(lines).toContain(squeezed('Overridden right to left: stressed is drawn backwards.'));
    expect(lines.some((line) => line.startsWith(squeezed('The word drawer drawn backwards, and')))).toBe(true);
  });

  it('sets a paragraph, a list item and a table cell marked dir="rtl" flush right and one marked dir="ltr" flush left, whatever their first letter', () => {
    const words = wordsWithPositions(pdf);
    const right = Math.max(...words.map((found) => found.xMax));
    const left = Math.min(...words.map((found) => found.xMin));
    // The two paragraphs are the only ones with "paragraph" in them, the one marked rtl first (higher on the page).
    const [rightToLeft, leftToRight] = words
      .filter((found) => found.text === 'paragraph')
      .sort((a, b) => a.yMin - b.yMin)
      .map((word) => words.filter((found) => Math.abs(found.yMin - word.yMin) < 1).sort((a, b) => a.xMin - b.xMin));
    // ".A paragraph set right to left": at the right edge (after the first-line indent, 12 pt), its full stop first from the left, well in.
    expect(right - rightToLeft!.at(-1)!.xMax).toBeCloseTo(12, 0);
    expect(rightToLeft![0]!.text).toBe('.');
    expect(rightToLeft![0]!.xMin - left).toBeGreaterThan(100);
    // "שלום עולם in a paragraph set left to right.": from the left edge (after the first-line indent).
    expect(leftToRight![0]!.xMin - left).toBeLessThan(25);
    expect(leftToRight!.at(-1)!.text).toBe('right.');
    expect(right - leftToRight!.at(-1)!.xMax).toBeGreaterThan(100);
    // The list item (the first of two): at the right edge, its bullet hung on the left as the article's other items' are.
    const first = words.filter((found) => found.text === 'item').sort((a, b) => a.yMin - b.yMin)[0]!;
    const item = words.filter((found) => Math.abs(found.yMin - first.yMin) < 1).sort((a, b) => a.xMin - b.xMin);
    expect(right - item.at(-1)!.xMax).toBeLessThan(1);
    // The table cell: its text ends at the cell's right edge, well right of where it starts.
    const cell = words.filter((found) => Math.abs(found.yMin - words.find((word) => word.text === 'cell')!.yMin) < 1).sort((a, b) => a.xMin - b.xMin);
    const other = cell.findIndex((found) => found.text === 'A' && found.xMin > cell[0]!.xMin);
    expect(cell[0]!.text).toBe('.');
    expect(cell[other]!.xMin - cell[other - 1]!.xMax).toBeLessThan(20);
    expect(cell[0]!.xMin - left).toBeGreaterThan(20);
  });

  it('keeps the elements and the characters in the EPUB, where reading systems order them alike; epubcheck passes', async () => {
    const epub = path.join(dir, 'out', 'pdf-bidi.epub');
    const verdict = epubcheck(epub);
    expect(verdict.problems, verdict.output).toEqual([]);
    const zip = await openZip(fs.readFileSync(epub));
    const xhtml = await zip.text('OEBPS/article.xhtml');
    expect(xhtml).toContain('<bdi>יוסי</bdi>');
    expect(xhtml).toContain('<bdo dir="rtl">drawer</bdo>');
    expect(xhtml).toContain('<span dir="rtl">one two!</span>');
    expect(xhtml).toContain('<p dir="rtl">A paragraph set right to left.</p>');
    expect(xhtml).toContain(`${RLE}3 - 1${PDF}`);
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
