import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { epubcheck, pdfinfo, qpdfCheck, requireTool, wordsWithPositions, type Word } from './helpers/tools.js';
import { openZip } from './helpers/zip.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
const SLUG = 'zelenskyy-nato-guarantees';

/** Where lines of text begin: the first word of each row, and any word after a gap wider than a space. */
function lineStarts(words: Word[]): number[] {
  const rows = new Map<string, Word[]>();
  for (const word of words) {
    const key = `${word.page}:${Math.round(word.yMin)}`;
    rows.set(key, [...(rows.get(key) ?? []), word]);
  }
  const starts = new Set<number>();
  for (const row of rows.values()) {
    row.sort((a, b) => a.xMin - b.xMin);
    row.forEach((word, index) => {
      const previous = row[index - 1];
      if (!previous || word.xMin - previous.xMax > 14) starts.add(Math.round(word.xMin));
    });
  }
  return [...starts].sort((a, b) => a - b);
}

describe.each(['article', 'handout', 'archival'])('the sample with the %s template', (template) => {
  let dir: string;
  let pdf: string;
  let epub: string;
  beforeAll(() => {
    dir = makeTemp();
    const run = runCli(['build', SAMPLE, '--out', dir, '--template', template]);
    expect(run.status, run.stderr).toBe(0);
    pdf = path.join(dir, `${SLUG}.pdf`);
    epub = path.join(dir, `${SLUG}.epub`);
  });
  afterAll(() => removeTemp(dir));

  it('passes qpdf and epubcheck', () => {
    const check = qpdfCheck(pdf);
    expect(check.status, check.output).toBe(0);
    expect(check.output).not.toMatch(/WARNING/i);
    const verdict = epubcheck(epub);
    expect(verdict.problems).toEqual([]);
    expect(verdict.fatals + verdict.errors + verdict.warnings).toBe(0);
  });

  it('has the page size, columns and running lines the template sets', () => {
    const info = pdfinfo(pdf);
    const words = wordsWithPositions(pdf);
    // The body of page 1: from the article's first word down to above the footer.
    const bodyTop = words.find((word) => word.page === 1 && word.text === 'Speaking')!.yMin;
    const bodyWords = words.filter((word) => word.page === 1 && word.yMin >= bodyTop && word.yMin < 700);
    const starts = lineStarts(bodyWords);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    if (template === 'handout') {
      expect(info['Page size']).toMatch(/^612 x 792 pts/);
      // Two columns: lines start at the left margin and again just right of the page's middle.
      expect(starts.some((x) => x < 60)).toBe(true);
      expect(starts.some((x) => x > 306 && x < 330)).toBe(true);
      expect(text).toMatch(/1\/2/);
      // The running header of page 2 (page 1 has the title block instead) is the publication date.
      const header = words.filter((word) => word.page === 2 && word.yMin < 40).map((word) => word.text);
      expect(header.join(' ')).toContain('21 April 2023, 22:51 IST');
    } else {
      expect(info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
      // One column: every line starts at the left margin or its paragraph indent.
      expect(starts.every((x) => x < 90), `line starts: ${starts.join(', ')}`).toBe(true);
      expect(text).toContain('Page 1 of 2');
    }
    if (template === 'archival') {
      expect(text).toMatch(/urn:uuid:[0-9a-f-]{36}/);
      expect(text).toContain('Published 21 April 2023, 22:51 IST · Updated 21 April 2023, 22:51 IST');
    }
  });

  it(template === 'archival' ? 'is PDF/A-3b with the source manuscript attached' : 'attaches nothing', () => {
    requireTool('pdfdetach', 'poppler-utils');
    const list = execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' });
    const metadata = execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' });
    if (template === 'archival') {
      expect(list).toContain(`1: ${SLUG}.md`);
      expect(metadata).toMatch(/pdfaid:part>3</);
      const saved = path.join(dir, 'attached.md');
      execFileSync('pdfdetach', ['-save', '1', '-o', saved, pdf]);
      expect(fs.readFileSync(saved).equals(fs.readFileSync(SAMPLE))).toBe(true);
    } else {
      expect(list).toContain('0 embedded files');
      expect(metadata).toMatch(/pdfaid:part>2</);
    }
  });

  it('carries the template’s style sheet in the EPUB', async () => {
    const zip = await openZip(fs.readFileSync(epub));
    const css = await zip.text(zip.names().find((name) => name.endsWith('.css'))!);
    expect(css).toContain('Pressroom built-in template "article"');
    if (template !== 'article') expect(css).toContain(`Pressroom built-in template "${template}"`);
  });
});
