import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { pagefill, pagefillAvailable, pdffonts, pdfinfo, pdftotext, qpdfCheck, requireTool } from './helpers/tools.js';

/*
 * How the pages fill, measured as any typesetter's pages would be: `../shared/tools/pagefill.py` renders
 * them and reports white at the foot of columns, unbalanced last pages and short last pages. The fixtures
 * go through every built-in template and must show no shortfall at the tool's defaults.
 */

const FIXTURES = {
  'long-feature': 'test/fixtures/long-feature/input.md',
  'kitchen-sink': 'test/fixtures/kitchen-sink/input.md',
  'zelenskyy-nato-guarantees': 'manuscript/zelenskyy-nato-guarantees.md',
  'pdf-long': 'test/fixtures/pdf-long/input.md',
};
const TEMPLATES = { article: 1, handout: 2, archival: 1 } as const;
const available = pagefillAvailable();

/** The body's words (letters and digits), as the manuscript has them: link addresses, picture paths and note labels left out. */
function manuscriptWords(file: string): string[] {
  const body = fs
    .readFileSync(file, 'utf8')
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/!\[[^\]]*\]\([^)\s]*(?:\s+"([^"]*)")?\)/g, ' $1 ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\^[^\]]+\]:?/g, ' ')
    .replace(/^```\w*$/gm, ' ');
  return wordsOf(body);
}

function wordsOf(text: string): string[] {
  return text.normalize('NFC').replace(/\u00AD/g, '').replace(/-/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Share of the manuscript's words found in the PDF's text (hyphenated line ends joined). */
function recall(pdf: string, manuscript: string): number {
  const text = pdftotext(pdf).replace(/([\p{L}\p{N}])-\n([\p{L}\p{N}])/gu, '$1$2');
  const found = new Map<string, number>();
  for (const word of wordsOf(text)) found.set(word, (found.get(word) ?? 0) + 1);
  const words = manuscriptWords(manuscript);
  let hits = 0;
  for (const word of words) {
    const count = found.get(word) ?? 0;
    if (count > 0) {
      hits++;
      found.set(word, count - 1);
    }
  }
  return hits / words.length;
}

describe.skipIf(!available).each(Object.entries(TEMPLATES))('pages of the %s template', (template, columns) => {
  let dir: string;
  beforeAll(() => {
    requireTool('pdftoppm', 'poppler-utils');
    dir = makeTemp('pressroom-pagefill-');
    for (const [name, file] of Object.entries(FIXTURES)) {
      const out = path.join(dir, name);
      const run = runCli(['build', file, '--out', out, '--template', template, '--format', 'pdf', '--quiet']);
      expect(run.status, run.stderr).toBe(0);
    }
  });
  afterAll(() => removeTemp(dir));

  const pdfs = () => Object.keys(FIXTURES).map((name) => path.join(dir, name, `${name === 'zelenskyy-nato-guarantees' ? name : path.basename(path.dirname(FIXTURES[name as keyof typeof FIXTURES]))}.pdf`));

  it('fill every page, balance the last and leave no short last page (pagefill, at its defaults)', () => {
    const run = pagefill(pdfs(), columns);
    expect(run.stdout, run.stderr).toMatch(/^pagefill: 0 shortfalls on \d+ pages of 4 PDFs/m);
    expect(run.status, run.stdout).toBe(0);
  });

  it('keep every word of the long feature and the sample, and stay valid and tagged', () => {
    for (const [name, file] of [
      ['long-feature', FIXTURES['long-feature']],
      ['zelenskyy-nato-guarantees', FIXTURES['zelenskyy-nato-guarantees']],
    ] as const) {
      const pdf = pdfs().find((candidate) => path.basename(candidate) === `${name}.pdf`)!;
      expect(recall(pdf, path.join(REPO_ROOT, file)), `${name} with ${template}`).toBeGreaterThanOrEqual(0.99);
      const check = qpdfCheck(pdf);
      expect(check.status, check.output).toBe(0);
      expect(check.output).not.toMatch(/WARNING/i);
      for (const font of pdffonts(pdf)) expect(font.embedded && font.subset, font.name).toBe(true);
      expect(pdfinfo(pdf).Tagged).toBe('yes');
    }
  });

  it('keep each figure at its place in the reading order wherever it is drawn', () => {
    const pdf = pdfs().find((candidate) => path.basename(candidate) === 'long-feature.pdf')!;
    const tree = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const order = (text: string) => tree.indexOf(text);
    // Each caption comes between the paragraphs that stand around its picture in the manuscript.
    const around: [string, string, string][] = [
      ['The old town stops where the cobbles stop', 'The waterfront from the breakwater', 'Viktorija Mažeikienė has driven'],
      ['The numbers hide as much as they show', 'Ships calling each year', 'The chart makes the same point'],
      ['The harbour master’s office is on the top', 'The northern lighthouse, where', '“The screens tell me'],
      ['The crane drivers’ answers were', 'A forty-foot container from above', 'The square picture above'],
    ];
    for (const [before, caption, after] of around) {
      expect(order(before), before).toBeGreaterThan(-1);
      expect(order(caption), caption).toBeGreaterThan(order(before));
      expect(order(after), after).toBeGreaterThan(order(caption));
    }
  });
});
