import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { PdfObjects, walk } from './helpers/pdf-objects.js';
import { pagefill, pagefillAvailable, pdftotext, qpdfCheck, wordsWithPositions } from './helpers/tools.js';

/*
 * Editions fill their pages as a production desk would (issue 19, Deliver 3): the contents on the title page
 * with the imprint at its foot, each article below the one before when there is room for its headline block
 * and two lines of its text, else the page before taken up. `../shared/tools/pagefill.py` judges the pages of
 * the sample edition and of a bigger one made of the test fixtures (15 articles of 40 to 3,500 words, with
 * pictures, tables, code, notes and other scripts), in every built-in template, at its defaults.
 */

const TEMPLATES = { article: 1, handout: 2, archival: 1 } as const;
const env = { SOURCE_DATE_EPOCH: '1700000000' };

/** The fixtures' articles, by section, as the bigger edition names them (paths relative to its manifest). */
const BIG_SECTIONS: Record<string, string[]> = {
  Features: ['long-feature/input.md', 'kitchen-sink/input.md', 'accessibility/input.md', 'zelenskyy-nato-guarantees.md'],
  Shorts: ['pdf-escape/input.md', 'pdf-glyphs/input.md', 'pdf-history/input.md', 'pdf-scripts/input.md', 'model-parity/input.md'],
  Dialects: [
    'dialects/2024-03-05-budget.md',
    'dialects/hugo-post.md',
    'dialects/jekyll-dated.md',
    'dialects/eleventy.md',
    'sample-edition/how-this-edition-is-made.md',
    'sample-edition/beispiel-satz.md',
  ],
};
const BIG_COUNT = Object.values(BIG_SECTIONS).flat().length;

let dir: string;
beforeAll(() => {
  dir = makeTemp('pressroom-edition-fill-');
  fs.cpSync(path.join(REPO_ROOT, 'manuscript'), path.join(dir, 'sample'), { recursive: true });
  const big = path.join(dir, 'big');
  for (const fixture of ['long-feature', 'kitchen-sink', 'accessibility', 'pdf-escape', 'pdf-glyphs', 'pdf-history', 'pdf-scripts', 'model-parity', 'dialects']) {
    fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', fixture), path.join(big, fixture), { recursive: true });
  }
  fs.cpSync(path.join(REPO_ROOT, 'manuscript'), big, { recursive: true });
  fs.rmSync(path.join(big, 'week-in-europe.edition.yaml'));
  const sections = Object.entries(BIG_SECTIONS).map(([title, articles]) => `  - title: ${title}\n    articles: [${articles.join(', ')}]\n`);
  fs.writeFileSync(
    path.join(big, 'big.edition.yaml'),
    `edition:\n  title: The Fixtures Edition\n  dek: Every fixture article as one edition\n  published: 2023-04-23T08:00:00+05:30\n  timezone: Asia/Kolkata\n  publisher: Example Review\n  lang: en\n  slug: fixtures\nsections:\n${sections.join('')}`,
  );
});
afterAll(() => removeTemp(dir));

/** The page each article begins on as the contents give it (they stand on the title page and may run on). */
function contentsNumbers(text: string[]): number[] {
  const numbers: number[] = [];
  for (const page of text.slice(0, 3)) {
    for (const line of page.split('\n')) {
      const number = /\S.*?\s{2,}(\d+)\s*$/.exec(line);
      if (number) numbers.push(Number(number[1]));
    }
  }
  return numbers;
}

const EDITIONS = [
  { name: 'the sample edition', manifest: 'sample/week-in-europe.edition.yaml', pdf: 'week-in-europe.pdf', articles: 3 },
  { name: 'an edition of the fixtures', manifest: 'big/big.edition.yaml', pdf: 'fixtures.pdf', articles: BIG_COUNT },
];

describe.each(EDITIONS)('$name', ({ manifest, pdf, articles }) => {
  describe.each(Object.entries(TEMPLATES))('in the %s template', (template, columns) => {
    let file: string;
    beforeAll(() => {
      const out = path.join(dir, `out-${path.basename(manifest, '.edition.yaml')}-${template}`);
      const run = runCli(['build', manifest, '--out', out, '--template', template, '--format', 'pdf', '--quiet'], { cwd: dir, env });
      expect(run.status, run.stderr).toBe(0);
      file = path.join(out, pdf);
    });

    it('fills every page: pagefill finds no shortfall', () => {
      if (!pagefillAvailable()) return;
      const measured = pagefill([file], columns);
      expect(measured.stdout).toMatch(/pagefill: 0 shortfalls on \d+ pages/);
      expect(measured.status, measured.stdout).toBe(0);
    });

    it('is valid, one Art per article, the contents on the title page giving where each article begins', () => {
      expect(qpdfCheck(file).status).toBe(0);
      expect(walk(new PdfObjects(file).structureTree()).filter((element) => element.type === 'Art')).toHaveLength(articles);
      const pages = pdftotext(file, ['-layout']).split('\f');
      expect(pages[0]).toMatch(/Contents/);
      // The contents come first: their entries are the first lines ending in a page number.
      const found = contentsNumbers(pages);
      expect(found.length).toBeGreaterThanOrEqual(articles);
      const numbers = found.slice(0, articles);
      // In reading order, on pages that exist, never before the contents' own first page.
      expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
      for (const number of numbers) expect(number).toBeGreaterThanOrEqual(2);
      expect(numbers[numbers.length - 1]).toBeLessThan(pages.length);
    });
  });
});

describe('the sample edition in the handout template', () => {
  it("begins the second article below the first one's last columns, which end together", () => {
    const out = path.join(dir, 'out-balance');
    const run = runCli(['build', 'sample/week-in-europe.edition.yaml', '--out', out, '--template', 'handout', '--format', 'pdf', '--quiet'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const file = path.join(out, 'week-in-europe.pdf');
    const start = contentsNumbers(pdftotext(file, ['-layout']).split('\f'))[1]!;
    // Letter, two columns split at the middle; the running header in the top margin (0.6in) left out.
    const MIDDLE = 306;
    const words = wordsWithPositions(file).filter((word) => word.page === start && word.yMin > 0.6 * 72);
    const headline = words.find((word, at) => word.text === 'Sample' && words[at + 1]?.text === 'text:')!;
    expect(headline, `the second article's headline on page ${start}`).toBeDefined();
    // Above the publisher's line that tops the headline.
    const above = words.filter((word) => word.yMax < headline.yMin - 20);
    const left = Math.max(...above.filter((word) => word.xMax < MIDDLE).map((word) => word.yMax));
    const right = Math.max(...above.filter((word) => word.xMin > MIDDLE).map((word) => word.yMax));
    expect(Number.isFinite(left) && Number.isFinite(right), 'text of the first article in both columns above the second').toBe(true);
    // Within a line (the handout's body leading is about 14pt).
    expect(Math.abs(left - right)).toBeLessThan(16);
  });
});
