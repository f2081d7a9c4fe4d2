import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../src/pdf/index.js';
import { FontBook } from '../src/pdf/fonts/book.js';
import { segmentText } from '../src/pdf/fonts/segment.js';
import type { FilledFrame } from '../src/pdf/layout/paginate.js';
import type { Block, StructNode } from '../src/pdf/layout/types.js';
import { composeParagraph, composeTighter, MAX_SPACE_RATIO, MAX_TRACKING, type Align } from '../src/pdf/text/compose.js';
import { hyphenatorFor } from '../src/pdf/text/hyphenate.js';
import { breakLines, FIL, type KPItem } from '../src/pdf/text/knuth-plass.js';
import type { Inline, InlineStyle, Line } from '../src/pdf/text/types.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import type { PrintTheme, Template } from '../src/template/theme.js';
import { resolveDocument } from '../src/model/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const EPSILON = 0.01;
const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article'));
const book = new FontBook(template.print.fonts);
const struct: StructNode = { id: 1, type: 'P', parent: undefined };
const roman: InlineStyle = { role: 'body', bold: false, italic: false, size: 10.5, color: '#000000' };

function run(text: string, style: InlineStyle = roman): Inline {
  return { kind: 'text', text, style, struct };
}

function set(inlines: Inline[], width: number, align: Align = 'justify', indent = 0): Line[] {
  return composeParagraph(inlines, { width, align, book, firstIndent: indent, hyphenator: hyphenatorFor('en')! });
}

/** The paragraph's letters and digits in order, whatever was hyphenated or broken. */
function letters(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}

function linesText(lines: Line[]): string {
  return lines.map((line) => line.fragments.map((fragment) => fragment.text).join('')).join(' ');
}

function lineText(line: Line): string {
  return line.fragments.map((fragment) => fragment.text).join('');
}

/** Word spaces never stretch past twice their width, nor letter-spacing past its cap; nothing is wider than the measure. */
function expectWellSet(lines: Line[], source: string, width: number): void {
  for (const line of lines) {
    expect(line.width, `line "${lineText(line)}" is wider than the measure`).toBeLessThanOrEqual(width + EPSILON);
    expect(line.spaceRatio).toBeGreaterThanOrEqual(2 / 3 - 1e-9);
    expect(line.spaceRatio, `line "${lineText(line)}" has word spaces over ${MAX_SPACE_RATIO}× their width`).toBeLessThanOrEqual(MAX_SPACE_RATIO + 1e-9);
    expect(line.tracking, `line "${lineText(line)}" is letter-spaced past the cap`).toBeLessThanOrEqual(MAX_TRACKING + 1e-9);
    if (line.tracking > 0) expect(line.spaceRatio === 1 || Math.abs(line.spaceRatio - MAX_SPACE_RATIO) < 1e-9, `line "${lineText(line)}" is letter-spaced before its spaces are at their cap`).toBe(true);
    if (line.tracking !== 0) expect(line.justified).toBe(true);
  }
  expect(letters(linesText(lines))).toBe(letters(source));
}

/**
 * Every line of a justified paragraph but its last ends at the measure, unless it cannot: its word spaces
 * (if any) at twice their width and its letters (if it has gaps between letters) spaced at the cap.
 */
function expectFilled(lines: Line[], width: number): void {
  lines.slice(0, -1).forEach((line, index) => {
    const visible = lineText(line).trim();
    expect(line.justified, `line ${index + 1} "${lineText(line)}" is not justified`).toBe(true);
    const short = width - line.width;
    if (short <= 0.5) return;
    const hasSpaces = /\s/.test(visible);
    const hasLetterGaps = visible.split(/\s+/).some((word) => [...word].length > 1);
    const atCaps = (!hasSpaces || Math.abs(line.spaceRatio - MAX_SPACE_RATIO) < 1e-9) && (!hasLetterGaps || Math.abs(line.tracking - MAX_TRACKING) < 1e-9);
    expect(atCaps, `line ${index + 1} "${lineText(line)}" is ${short.toFixed(2)}pt short of the measure, yet could stretch`).toBe(true);
  });
}

const SAMPLE =
  'Speaking at a joint conference in Kyiv during the visit of NATO chief Jens Stoltenberg, Ukraine’s President Volodymyr Zelenskyy on Thursday said while he values the alliance’s support during the ongoing Russian aggression, he would want NATO to do more than just military and financial assistance. Stoltenberg during the presser on Thursday said that he supports Kyiv to become the part of the defensive military Alliance.';

describe('Knuth–Plass line breaking', () => {
  it('breaks at the feasible breakpoints with the fewest demerits and honours forced breaks', () => {
    const word = (width: number): KPItem => ({ type: 'box', width });
    const space: KPItem = { type: 'glue', width: 3, stretch: 1.5, shrink: 1 };
    const items: KPItem[] = [word(20), space, word(20), space, word(20), space, word(20)];
    items.push({ type: 'glue', width: 0, stretch: FIL, shrink: 0 }, { type: 'penalty', width: 0, penalty: -Infinity, flagged: false });
    const breaks = breakLines(items, () => 43, { tolerance: 2 })!;
    expect(breaks.map((entry) => entry.position)).toEqual([3, items.length - 1]);
    expect(breaks[0]!.ratio).toBeCloseTo(0, 5);
    expect(breakLines(items, () => 10, { tolerance: 2 })).toBeUndefined();
  });
});

describe('paragraph composer', () => {
  it('sets brackets at a right-to-left level right to left, so that they are mirrored', () => {
    const fragments = (text: string, rightToLeft: boolean) =>
      composeParagraph([run(text)], { width: 400, align: 'start', book, direction: rightToLeft ? 'rtl' : 'auto' }).flatMap((line) => line.fragments);
    const arabic = fragments('قال الرئيس (هذا مهم) إن الحلف.', true);
    const brackets = arabic.filter((fragment) => /^[()]$/.test(fragment.text));
    expect(brackets.map((fragment) => [fragment.text, fragment.rightToLeft])).toEqual([
      ['(', true],
      [')', true],
    ]);
    // Left to right, brackets after a Latin name in an Arabic sentence, and English text: as typed.
    expect(fragments('قال Joe Biden (USA) إن', true).filter((fragment) => fragment.rightToLeft && /[()]/.test(fragment.text))).toEqual([]);
    expect(fragments('say (hello) now', false).some((fragment) => fragment.rightToLeft)).toBe(false);
    // HarfBuzz mirrors a bracket set right to left: the opening one is drawn with the closing one's glyph.
    const loaded = book.face('body').loaded;
    const glyphOf = (text: string, rightToLeft: boolean) => {
      const ids: number[] = [];
      loaded.pieces(text, (piece) => ids.push(...piece.ids), rightToLeft ? 'rtl' : undefined);
      return ids;
    };
    expect(glyphOf('(', true)).toEqual(glyphOf(')', false));
    expect(glyphOf(')', true)).toEqual(glyphOf('(', false));
    expect(glyphOf('(', false)).not.toEqual(glyphOf(')', false));
    // ... and a neutral run of several marks in reverse: ")." is drawn as ".(" would be.
    expect(glyphOf(').', true)).toEqual(glyphOf('.(', false));
    // The text layer still gives the characters typed.
    loaded.pieces('(', (piece) => expect(loaded.codePoints(piece, 0)).toEqual([0x28]), 'rtl');
  });

  it('sets justified text within the measure with bounded word spaces', () => {
    for (const width of [140, 200, 260, 340, 459]) expectWellSet(set([run(SAMPLE)], width, 'justify', 12), SAMPLE, width);
  });

  it('hyphenates English and keeps the hyphen as a real character at the line end', () => {
    const lines = set([run(SAMPLE)], 150);
    expect(lines.some((line) => line.hyphenated && /-$/.test(line.fragments.at(-1)!.text))).toBe(true);
  });

  it('breaks words and URLs longer than the measure instead of running into the margin', () => {
    const text =
      'See https://example.com/a/very/long/path/that/keeps/going/and/going/without/any/spaces/at/all/index.html?with=query&and=more and Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt now.';
    for (const width of [80, 120, 200]) expectWellSet(set([run(text)], width), text, width);
  });

  it('measures mixed styles and keeps every word of a mixed-style paragraph', () => {
    const inlines = [run('Opening with '), run('emphasis', { ...roman, italic: true }), run(', '), run('strong text', { ...roman, bold: true }), run(' and '), run('inline code', { ...roman, role: 'mono', size: 8.5 }), run(' in one line that goes on for a while to wrap.')];
    const source = 'Opening with emphasis, strong text and inline code in one line that goes on for a while to wrap.';
    expectWellSet(set(inlines, 120), source, 120);
  });

  it('falls back to other fonts for glyphs the body face lacks, and marks glyphs no font has', () => {
    const body = book.face('body');
    // Ethiopic ሰ is in no font of the template (中 now comes from the CJK script font).
    const segments = segmentText('a ≤ b 🗞️ 中 ሰ', body, book);
    const faces = segments.map((segment) => segment.face.path);
    expect(faces.some((face) => /Mono/.test(face))).toBe(true);
    expect(faces.some((face) => /Symbols2|Emoji/.test(face))).toBe(true);
    expect(faces.some((face) => /NotoSansSC/.test(face))).toBe(true);
    expect(segments.at(-1)).toMatchObject({ text: '\uFFFD', missing: true });
    expect(segments.map((segment) => segment.text).join('')).not.toContain('\uFE0F');
  });

  it('never sets an overfull or overstretched line, for any words and measure (property)', () => {
    const wordArbitrary = fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^[a-zA-Zäöüéčšž]{1,14}[,.;]?$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{20,60}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^https:\/\/[a-z]{3,10}\.com(\/[a-z0-9]{1,12}){1,6}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{2,8}-[a-z]{2,8}$/) },
    );
    fc.assert(
      fc.property(fc.array(wordArbitrary, { minLength: 1, maxLength: 60 }), fc.integer({ min: 60, max: 480 }), fc.boolean(), fc.boolean(), (words, width, justify, bold) => {
        const text = words.join(' ');
        const lines = set([run(text, { ...roman, bold })], width, justify ? 'justify' : 'left', justify ? 12 : 0);
        expectWellSet(lines, text, width);
        if (!justify) for (const line of lines) expect(line.spaceRatio).toBeCloseTo(1, 9);
        if (justify) expectFilled(lines, width);
      }),
      { numRuns: 150 },
    );
  });

  it('fills every line but the last of a justified paragraph to the measure, in narrow measures too (property)', () => {
    const wordArbitrary = fc.oneof(
      { weight: 10, arbitrary: fc.stringMatching(/^[a-zA-Zäöüéčšž’]{1,12}[,.;:]?$/) },
      { weight: 2, arbitrary: fc.stringMatching(/^[A-Z][a-z]{6,16}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,6}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{15,40}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^https:\/\/[a-z]{3,10}\.com(\/[a-z0-9]{1,12}){1,4}$/) },
    );
    const styles = fc.constantFrom<Partial<InlineStyle>>({}, { bold: true }, { italic: true }, { role: 'sans' }, { size: 12 }, { size: 8.5 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wordArbitrary, styles), { minLength: 2, maxLength: 80 }),
        fc.integer({ min: 40, max: 260 }),
        fc.constantFrom(0, 12),
        fc.boolean(),
        (words, width, indent, hyphenate) => {
          const inlines = words.map(([word, style], index) => run(index === 0 ? word : ` ${word}`, { ...roman, ...style }));
          const lines = composeParagraph(inlines, { width, align: 'justify', book, firstIndent: indent, ...(hyphenate ? { hyphenator: hyphenatorFor('en')! } : {}) });
          expectWellSet(lines, words.map(([word]) => word).join(' '), width);
          expectFilled(lines, width);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('begins no line with closing punctuation and ends none with opening punctuation, quotation marks by language', () => {
    const cases: { lang: string; text: string; closing: RegExp; opening: RegExp }[] = [
      {
        lang: 'fr',
        text: 'Un ingénieur a dit : « Le port ne dort jamais, mais il rêve beaucoup » ; puis il a ajouté « et la mer décide ! » avant de partir ( vers le quai ) sans un mot ? Personne ne sait pourquoi la direction du port attend toujours la réponse du ministère.',
        closing: /^[»;:!?)]/,
        opening: /[«(]$/,
      },
      {
        lang: 'de',
        text: 'Ein Agent sagte, der Hafen brauche » mehr Geduld und weniger Papier « und erklärte dann zehn Minuten lang, warum das Papier » in Wahrheit notwendig « sei, bevor er zum Schiff ging und mit dem Kapitän über das Wetter sprach.',
        closing: /^«/,
        opening: /»$/,
      },
    ];
    for (const { lang, text, closing, opening } of cases) {
      // (Narrower, a word with its punctuation is wider than the line, which must then break where it can.)
      for (let width = 100; width <= 320; width += 7) {
        for (const align of ['justify', 'start'] as const) {
          const lines = composeParagraph([run(text)], { width, align, book, lang, hyphenator: hyphenatorFor(lang)! });
          expect(letters(linesText(lines))).toBe(letters(text));
          for (const line of lines) {
            const visible = lineText(line).trim();
            expect(visible, `${lang} at ${width}pt: a line begins with closing punctuation`).not.toMatch(closing);
            expect(visible, `${lang} at ${width}pt: a line ends with opening punctuation`).not.toMatch(opening);
          }
        }
      }
    }
  });

  it('breaks URLs and paths after / . - ? & = without adding a hyphen', () => {
    const url = 'https://data.example.org/harbour/statistics/containers/monthly-moves-by-mode-2016-2023.csv?format=csv&lang=en';
    const path = 'docs/statistics/methodology/containers.md';
    for (let width = 160; width <= 330; width += 9) {
      const lines = composeParagraph([run(`${url} ${path}`)], { width, align: 'justify', book, hyphenator: hyphenatorFor('en')! });
      // Nothing added: the lines put together are the URL and the path as typed.
      expect(lines.map((line) => lineText(line).replace(/\s/g, '')).join(''), `at ${width}pt`).toBe(url + path);
      for (const line of lines.slice(0, -1)) {
        const ending = lineText(line).trimEnd();
        if (url.endsWith(ending.split(" ").at(-1)!)) continue;
        expect(ending, `at ${width}pt`).toMatch(/[/.\-?&=]$/);
      }
    }
  });

  it('does not hyphenate words shorter than the least length asked (table cells: 8 letters)', () => {
    const text = 'Lithuania Sweden Finland Estonia Latvia Denmark Norway Iceland Poland Germany Luxembourg';
    let hyphenated = 0;
    for (let width = 60; width <= 120; width += 3) {
      const lines = composeParagraph([run(text)], { width, align: 'start', book, hyphenator: hyphenatorFor('en')!, minHyphenLength: 8 });
      lines.forEach((line, index) => {
        const last = lineText(line).trim().split(' ').at(-1)!;
        if (!last.endsWith('-')) return;
        hyphenated++;
        const word = last.slice(0, -1) + lineText(lines[index + 1]!).trim().split(' ')[0]!;
        expect(word.length, `at ${width}pt "${word}" is hyphenated`).toBeGreaterThanOrEqual(8);
      });
    }
    // Long words still are.
    expect(hyphenated).toBeGreaterThan(0);
  });

  it('sets a paragraph a line shorter when it can (looseness −1), and says so when it cannot', () => {
    const text = SAMPLE;
    const lines = composeParagraph([run(text)], { width: 300, align: 'justify', book, hyphenator: hyphenatorFor('en')! });
    const tighter = composeTighter([run(text)], { width: 300, align: 'justify', book, hyphenator: hyphenatorFor('en')! }, lines.length);
    if (tighter) {
      expect(tighter).toHaveLength(lines.length - 1);
      expectWellSet(tighter, text, 300);
    }
    // A paragraph whose lines are all full cannot lose one.
    expect(composeTighter([run('Short line.')], { width: 300, align: 'justify', book }, 1)).toBeUndefined();
    const full = 'aaaa '.repeat(60).trim();
    const fullLines = composeParagraph([run(full)], { width: 100, align: 'start', book });
    expect(composeTighter([run(full)], { width: 100, align: 'start', book }, fullLines.length)).toBeUndefined();
  });

  it('fills the handout line "sion, he would want NATO to do more" (regression)', () => {
    const handout = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'handout'));
    const handoutBook = new FontBook(handout.print.fonts);
    const style: InlineStyle = { ...roman, size: handout.print.base.fontSize };
    const geometry = handout.print.page;
    const column = (geometry.width - geometry.margin.left - geometry.margin.right - geometry.gutter) / 2;
    const text = SAMPLE.replace('become the part', 'become the the part').replace('Alliance.', 'Alliance, but added that the main focus at this time is to help Ukraine prevail in the face of Russian aggression.');
    const lines = composeParagraph([run(text, style)], { width: column, align: 'justify', book: handoutBook, hyphenator: hyphenatorFor('en')! });
    expectWellSet(lines, text, column);
    expectFilled(lines, column);
    const line = lines.find((candidate) => lineText(candidate).includes('would want NATO'));
    expect(line).toBeDefined();
    expect(line!.width).toBeCloseTo(column, 1);
  });
});

function manuscriptFor(relative: string) {
  const file = path.join(ROOT, relative);
  return readManuscript(file, newManuscriptFile(file));
}

function withTheme(change: (theme: PrintTheme) => void): Template {
  const copy = structuredClone(template) as Template;
  change(copy.print);
  return copy;
}

async function composed(relative: string, chosen: Template = template): Promise<{ composition: Composition; warnings: string[] }> {
  const manuscript = manuscriptFor(relative);
  const composition = await compose(await resolveDocument(manuscript), { template: chosen, buildDate: new Date('2024-03-01T00:00:00Z'), toolVersion: 'test' });
  return { composition, warnings: manuscript.file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`) };
}

function frames(composition: Composition): FilledFrame[] {
  return [...composition.title, ...composition.body];
}

/** Checks every page-composition rule on a composed document. */
function expectGoodPages(composition: Composition): void {
  const all = frames(composition);
  for (const filled of all) {
    const { placed, frame } = filled;
    for (const entry of placed) {
      expect(entry.y + entry.block.height, `a ${entry.block.role} runs past the foot of page ${frame.page + 1}`).toBeLessThanOrEqual(filled.footTop + EPSILON);
      // Text stays inside its block: a block (a table row part) never cuts through a line.
      for (const op of entry.block.ops) if (op.kind === 'text') expect(op.y).toBeLessThanOrEqual(entry.block.height + EPSILON);
    }
    for (const note of filled.notes) expect(note.y + note.block.height).toBeLessThanOrEqual(frame.height + EPSILON);
    const last = placed.at(-1);
    const isLastFrame = filled === all.at(-1);
    if (last && !isLastFrame) expect(last.block.role, `page ${frame.page + 1} ends with a heading`).not.toBe('heading');
    // After a break inside a table, the frame starts with the repeated header.
    if (placed[0]?.block.role === 'row') throw new Error(`page ${frame.page + 1} continues a table without its header`);
  }
  // No widows or orphans: a paragraph split over frames leaves at least two lines on each side.
  const byParagraph = new Map<number, Map<FilledFrame, number>>();
  for (const filled of composition.body) {
    for (const { block } of filled.placed) {
      if (!block.paragraph) continue;
      const counts = byParagraph.get(block.paragraph.id) ?? new Map<FilledFrame, number>();
      counts.set(filled, (counts.get(filled) ?? 0) + 1);
      byParagraph.set(block.paragraph.id, counts);
    }
  }
  let split = 0;
  for (const [id, counts] of byParagraph) {
    if (counts.size < 2) continue;
    split++;
    for (const count of counts.values()) expect(count, `paragraph ${id} leaves a widow or an orphan`).toBeGreaterThanOrEqual(2);
  }
  expect(split).toBeGreaterThan(0);
}

describe('page composition', () => {
  let single: Composition;
  let double: Composition;
  let kitchen: Composition;

  beforeAll(async () => {
    single = (await composed('test/fixtures/pdf-long/input.md')).composition;
    double = (await composed('test/fixtures/pdf-long/input.md', withTheme((theme) => (theme.page.columns = 2)))).composition;
    kitchen = (await composed('test/fixtures/kitchen-sink/input.md')).composition;
  });

  it('keeps headings with what follows, leaves no widows or orphans and no overfull pages (1 column)', () => {
    expect(single.pages).toBeGreaterThan(5);
    expectGoodPages(single);
  });

  it('does the same in two columns, filling both columns of a page', () => {
    expectGoodPages(double);
    const columns = new Set(double.body.map((filled) => filled.frame.column));
    expect(columns).toEqual(new Set([0, 1]));
    const width = double.body[0]!.frame.width;
    for (const filled of double.body) for (const { block } of filled.placed) if (block.setting) expect(block.setting.width).toBeLessThanOrEqual(width + EPSILON);
  });

  it('repeats the table header after a page break and splits a row taller than a page between lines', () => {
    const starts = single.body.filter((filled) => filled.placed[0]?.block.role === 'header-row').length;
    expect(starts).toBeGreaterThan(1);
    const tallParts = single.body.flatMap((filled) => filled.placed.filter((entry) => entry.block.role === 'row' && entry.block.height > filled.frame.height * 0.5));
    expect(tallParts.length).toBeGreaterThanOrEqual(2);
  });

  it('puts each footnote at the foot of the page that first cites it', () => {
    for (const composition of [single, double, kitchen]) {
      let seen = 0;
      for (const filled of frames(composition)) {
        const cited = new Set(filled.placed.flatMap((entry) => entry.block.notes ?? []));
        for (const note of filled.notes) {
          const owner = [...cited].find((candidate) => candidate.blocks.includes(note.block));
          if (note.block === owner?.blocks[0]) seen++;
        }
      }
      expect(seen).toBeGreaterThan(0);
    }
  });

  it('lays out the kitchen sink by the same rules', () => {
    for (const filled of frames(kitchen)) {
      for (const entry of filled.placed) expect(entry.y + entry.block.height).toBeLessThanOrEqual(filled.footTop + EPSILON);
    }
    const roles = new Set(frames(kitchen).flatMap((filled) => filled.placed.map((entry) => entry.block.role)));
    for (const role of ['heading', 'line', 'figure', 'header-row', 'row', 'code', 'rule']) expect(roles).toContain(role);
  });

  it('sets the long feature by the same rules in every template, floats within a page of where they are cited, wide elements across the columns', async () => {
    for (const name of ['article', 'handout', 'archival']) {
      const chosen = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name));
      const { composition } = await composed('test/fixtures/long-feature/input.md', chosen);
      expectGoodPages(composition);
      // Where each text's structure node is drawn (ids are handed out in reading order).
      const textPages: { id: number; page: number }[] = [];
      const units: { id: number; page: number; width: number; kind: string; span: boolean }[] = [];
      for (const filled of composition.body) {
        for (const { block } of filled.placed) {
          if (block.unit) {
            if (!units.some((unit) => unit.id === block.unit!.struct.id)) units.push({ id: block.unit.struct.id, page: filled.frame.page, width: filled.frame.width, kind: block.unit.kind, span: block.unit.span });
            continue;
          }
          for (const op of block.ops) if (op.kind === 'text' && op.struct) textPages.push({ id: op.struct.id, page: filled.frame.page });
        }
      }
      expect(units.filter((unit) => unit.kind === 'figure')).toHaveLength(4);
      for (const unit of units) {
        const before = textPages.filter((text) => text.id < unit.id).sort((a, b) => b.id - a.id)[0]!;
        expect(Math.abs(unit.page - before.page), `${name}: a ${unit.kind} is drawn on page ${unit.page + 1}, cited on page ${before.page + 1}`).toBeLessThanOrEqual(1);
      }
      // Floats keep their order.
      const order = [...units].sort((a, b) => a.id - b.id).map((unit) => unit.page);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      // In two columns the seven-column table and the panorama span both; the other pictures stay in a column.
      const spanning = units.filter((unit) => unit.span);
      if (name === 'handout') {
        expect(spanning.map((unit) => unit.kind).sort()).toEqual(['figure', 'table']);
        for (const unit of spanning) expect(unit.width).toBeCloseTo(composition.state.geometry.textWidth, 3);
        for (const unit of units.filter((candidate) => !candidate.span)) expect(unit.width).toBeCloseTo(composition.state.geometry.columnWidth, 3);
      } else {
        expect(spanning).toEqual([]);
      }
    }
  });

  it('ends the columns of the last page of the handout within two lines of each other', async () => {
    const handout = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'handout'));
    for (const fixture of ['manuscript/zelenskyy-nato-guarantees.md', 'test/fixtures/long-feature/input.md', 'test/fixtures/kitchen-sink/input.md']) {
      const { composition } = await composed(fixture, handout);
      const lastPage = composition.pages - 1;
      const columns = composition.body.filter((filled) => filled.frame.page === lastPage && filled.frame.width < composition.state.geometry.textWidth);
      const bottoms = columns.map((filled) => filled.frame.y + (filled.notes.length > 0 ? filled.frame.height : filled.used));
      expect(columns.length, fixture).toBe(2);
      expect(Math.max(...bottoms) - Math.min(...bottoms), fixture).toBeLessThanOrEqual(2 * handout.print.base.fontSize * handout.print.base.leading + 0.01);
    }
    // The sample fits front and back.
    const { composition } = await composed('manuscript/zelenskyy-nato-guarantees.md', handout);
    expect(composition.pages).toBe(2);
  });

  it('sets endnotes as a Notes section when the theme asks for them', async () => {
    const { composition } = await composed('test/fixtures/kitchen-sink/input.md', withTheme((theme) => (theme.footnotes.placement = 'endnotes')));
    expect(frames(composition).every((filled) => filled.notes.length === 0)).toBe(true);
    const texts = frames(composition).flatMap((filled) => filled.placed.flatMap((entry: { block: Block }) => entry.block.ops.filter((op) => op.kind === 'text').map((op) => (op.kind === 'text' ? op.text : ''))));
    expect(texts).toContain('Notes');
  });

  it('justifies every line but a paragraph\'s last to the measure in the sample, in the handout and the article (regression)', async () => {
    for (const name of ['handout', 'article']) {
      const chosen = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, name));
      const { composition } = await composed('manuscript/zelenskyy-nato-guarantees.md', chosen);
      let checked = 0;
      for (const filled of composition.body) {
        for (const { block } of filled.placed) {
          if (block.role !== 'line' || !block.paragraph || !block.setting || block.paragraph.line === block.paragraph.lines - 1) continue;
          const text = block.ops.map((op) => (op.kind === 'text' ? op.text : '')).join('');
          expect(block.setting.justified, `${name}: "${text}" is not justified`).toBe(true);
          expect(Math.abs(block.setting.width - block.setting.measure), `${name}: "${text}" is short of the measure`).toBeLessThanOrEqual(0.5);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(10);
    }
  });

  it('warns, with the position, about a character no font has', async () => {
    const { warnings } = await composed('test/fixtures/pdf-glyphs/input.md');
    // Chinese 中文 (9:21) comes from the CJK script font; Ethiopic ሰላም (9:37) from no font.
    expect(warnings).not.toContain('9:21 pdf-glyph');
    expect(warnings).toContain('9:37 pdf-glyph');
    expect(warnings.filter((warning) => warning.endsWith('pdf-glyph'))).toHaveLength(3);
  });
});
