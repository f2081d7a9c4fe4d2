import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as harfbuzz from 'harfbuzzjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Coverage } from '../src/pdf/fonts/coverage.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { pdffonts, pdftotext, requireTool } from './helpers/tools.js';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'pdf-scripts', 'input.md');

/** Each word of the fixture and the font that must draw it. */
const WORDS: [word: string, font: string][] = [
  ['٠١٢٣٤٥٦٧٨٩', 'NotoSansArabic'],
  // Glyphs shared with the Arabic-Indic digits still read back as Persian ones.
  ['۰۱۲۳۴۵۶۷۸۹', 'NotoSansArabic'],
  ['مرحبا', 'NotoSansArabic'],
  ['بالعالم', 'NotoSansArabic'],
  ['שלום', 'NotoSansHebrew'],
  ['עולם', 'NotoSansHebrew'],
  // Devanagari is in Noto Sans, the template's sans family, which is tried before the script fonts.
  ['०१२३४५६७८९', 'NotoSans-Regular'],
  ['नमस्ते', 'NotoSans-Regular'],
  ['हिन्दी', 'NotoSans-Regular'],
  ['০১২৩৪৫৬৭৮৯', 'NotoSansBengali'],
  ['বাংলা', 'NotoSansBengali'],
  ['ভাষা', 'NotoSansBengali'],
  ['ਪੰਜਾਬੀ', 'NotoSansGurmukhi'],
  ['ગુજરાતી', 'NotoSansGujarati'],
  ['ଓଡ଼ିଆ', 'NotoSansOriya'],
  ['தமிழ்', 'NotoSansTamil'],
  ['తెలుగు', 'NotoSansTelugu'],
  ['ಕನ್ನಡ', 'NotoSansKannada'],
  ['മലയാളം', 'NotoSansMalayalam'],
  ['๐๑๒๓๔๕๖๗๘๙', 'NotoSansThai'],
  ['ภาษาไทย', 'NotoSansThai'],
  ['ພາສາລາວ', 'NotoSansLao'],
  ['བོད་ཡིག', 'NotoSerifTibetan'],
  ['မြန်မာ', 'NotoSansMyanmar'],
  ['ភាសាខ្មែរ', 'NotoSansKhmer'],
  ['𝟎𝟏𝟐𝟑', 'NotoSansMath'],
  ['ᠮᠣᠩᠭᠣᠯ', 'NotoSansMongolian'],
  ['𞤀𞤣𞤤𞤢𞤥', 'NotoSansAdlam'],
  ['გამარჯობა', 'NotoSansGeorgian'],
  ['բարեւ', 'NotoSansArmenian'],
  ['Հայերեն', 'NotoSansArmenian'],
  ['你好', 'NotoSansSC'],
  ['中文', 'NotoSansSC'],
];

/**
 * Words whose glyphs do not spell them in drawing order, each drawn with its text as ActualText: a
 * vowel sign drawn before its consonant, a mark placed back over the letter before it, and Adlam,
 * shaped right to left, which pdftotext (unlike Arabic and Hebrew) does not turn round.
 */
const ACTUAL_TEXT = ['हिन्दी', 'ଓଡ଼ିଆ', 'བོད་ཡིག', 'မြန်မာ', 'ភាសាខ្មែរ', '𞤀𞤣𞤤𞤢𞤥'];

let temp: string;

/** Builds one manuscript's PDF with the real command line; returns the run and the PDF's path (named by its slug). */
function build(manuscript: string, out: string, slug: string) {
  const run = runCli(['build', manuscript, '--out', out, '--format', 'pdf', '--force'], { cwd: temp });
  expect(run.status, run.stderr).toBe(0);
  return { run, pdf: path.join(out, `${slug}.pdf`) };
}

function manuscript(name: string, body: string): string {
  const file = path.join(temp, `${name}.md`);
  fs.writeFileSync(file, ['---', `title: ${name}`, 'reporter: Test Desk', 'published: 2024-05-02', 'lang: en', `slug: ${name}`, '---', '', body, ''].join('\n'));
  return file;
}

function characterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const char of text.replace(/\s/gu, '')) counts.set(char, (counts.get(char) ?? 0) + 1);
  return counts;
}

beforeAll(() => {
  requireTool('pdftotext', 'poppler-utils');
  temp = makeTemp('pressroom-scripts-');
});

afterAll(() => removeTemp(temp));

describe('PDF text in other writing systems', () => {
  it('prints every word of twenty scripts, from the script fonts, with no replacement mark', () => {
    const { run, pdf } = build(FIXTURE, path.join(temp, 'out'), 'pdf-scripts');
    expect(run.stderr).not.toContain('pdf-glyph');
    expect(run.stderr).not.toContain('no font in the template has');
    const text = pdftotext(pdf).replace(/\s+/gu, ' ');
    expect(text).not.toContain('\uFFFD');
    const found = characterCounts(text);
    for (const [word] of WORDS) expect(text, word).toContain(word);
    for (const [char, count] of characterCounts(WORDS.map(([word]) => word).join(''))) expect(found.get(char) ?? 0, char).toBeGreaterThanOrEqual(count);
    const fonts = pdffonts(pdf);
    for (const [, font] of WORDS) {
      const embedded = fonts.find((entry) => entry.name.includes(`+${font}`));
      expect(embedded, `${font} is not in the PDF`).toBeDefined();
      expect(embedded!.embedded && embedded!.subset, `${font} is not an embedded subset`).toBe(true);
    }
  });

  it('carries ActualText only for the text whose glyphs do not spell it in drawing order', () => {
    requireTool('qpdf', 'qpdf');
    const { pdf } = build(FIXTURE, path.join(temp, 'actual'), 'pdf-scripts');
    const expanded = path.join(temp, 'actual', 'expanded.pdf');
    execFileSync('qpdf', ['--stream-data=uncompress', '--object-streams=disable', pdf, expanded]);
    const actualTexts = [...fs.readFileSync(expanded, 'latin1').matchAll(/\/ActualText <FEFF([0-9A-F]*)>/g)].map((match) =>
      Buffer.from(match[1]!, 'hex').swap16().toString('utf16le'),
    );
    for (const word of ACTUAL_TEXT) expect(actualTexts.some((actual) => actual.includes(word)), word).toBe(true);
    // Latin, Greek, Cyrillic, Arabic, Hebrew, Chinese … read back as typed without it.
    for (const actual of actualTexts) expect(ACTUAL_TEXT.some((word) => actual.includes(word)), actual).toBe(true);
  });

  it('gives the same bytes when built twice', () => {
    const first = fs.readFileSync(build(FIXTURE, path.join(temp, 'first'), 'pdf-scripts').pdf);
    const second = fs.readFileSync(build(FIXTURE, path.join(temp, 'second'), 'pdf-scripts').pdf);
    expect(Buffer.compare(first, second)).toBe(0);
  });

  it('sets right-to-left phrases right to left without a warning; digits alone stay left to right', () => {
    const arabic = manuscript('arabic', 'Greetings: مرحبا بالعالم, and again مرحبا.\n\nשלום too.');
    expect(build(arabic, path.join(temp, 'arabic'), 'arabic').run.stderr).not.toContain('right-to-left');

    const digits = manuscript('digits', 'Arabic-Indic digits ٠١٢٣٤٥٦٧٨٩ and Persian ۰۱۲۳ only.');
    const { run, pdf } = build(digits, path.join(temp, 'digits'), 'digits');
    expect(run.stderr).not.toContain('right-to-left');
    // The digits run left to right, as they are read.
    expect(pdftotext(pdf)).toContain('٠١٢٣٤٥٦٧٨٩');
  });
});

describe('font coverage read from the cmap alone', () => {
  const fonts = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article')).print.fonts;
  const files = [...new Set([fonts.body, fonts.heading, fonts.sans, fonts.mono].flatMap((faces) => [faces.regular, faces.italic, faces.bold, faces.boldItalic].filter((file) => file !== undefined)))];
  files.push(...fonts.fallback, ...fonts.scripts);

  it.each(files.map((file) => [path.basename(file), file]))('agrees with HarfBuzz for %s', (_name, file) => {
    const coverage = Coverage.read(file);
    expect(coverage, 'the cmap of a template font is read').toBeDefined();
    const font = new harfbuzz.Font(new harfbuzz.Face(new harfbuzz.Blob(fs.readFileSync(file)), 0));
    const disagreements: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint === 0xd800) codePoint = 0xe000;
      const shaper = font.nominalGlyph(codePoint) !== undefined;
      if (coverage!.has(codePoint) !== shaper && disagreements.length < 10) disagreements.push(`U+${codePoint.toString(16)}: HarfBuzz ${shaper}`);
    }
    expect(disagreements).toEqual([]);
  });
});
