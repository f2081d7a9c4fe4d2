import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, requireChromium } from './helpers/chromium.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { readMarkedPages } from './helpers/page-list.js';
import { epubcheck } from './helpers/tools.js';
import { openZip } from './helpers/zip.js';

/*
 * DAISY Ace, the EPUB accessibility checker (axe-core in a browser, plus EPUB checks of its own), run
 * on real builds with Debian's Chromium. Every violation counts, whatever its impact.
 */

const ACE = path.join(REPO_ROOT, 'node_modules', '@daisy', 'ace-cli', 'bin', 'ace.js');
const FIXTURE = 'test/fixtures/accessibility/input.md';

interface Violation {
  file: string;
  rule: string;
  impact: string;
  description: string;
  where: string;
}

/** Runs Ace on an EPUB and returns every violation it reports. */
function ace(epub: string, reports: string): Violation[] {
  requireChromium();
  if (!fs.existsSync(ACE)) throw new Error('DAISY Ace is not installed; run `npm ci` (it is a devDependency)');
  const out = path.join(reports, path.basename(epub, '.epub'));
  const run = spawnSync(process.execPath, [ACE, '--silent', '--force', '--outdir', out, epub], {
    encoding: 'utf8',
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: CHROMIUM, PUPPETEER_SKIP_DOWNLOAD: '1' },
    timeout: 180_000,
  });
  const reportFile = path.join(out, 'report.json');
  if (run.status !== 0 || !fs.existsSync(reportFile)) throw new Error(`Ace did not check ${epub} (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
    assertions: {
      'earl:testSubject': { url: string };
      assertions: { 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'dct:description': string; html?: string } }[];
    }[];
  };
  // Ace looked at the book's pages: a report about nothing would pass anything.
  expect(report.assertions.map((subject) => subject['earl:testSubject'].url)).toEqual(expect.arrayContaining(['article.xhtml', 'cover.xhtml']));
  return report.assertions.flatMap((subject) =>
    subject.assertions.map((assertion) => ({
      file: subject['earl:testSubject'].url,
      rule: assertion['earl:test']['dct:title'],
      impact: assertion['earl:test']['earl:impact'],
      description: assertion['earl:result']['dct:description'].split('\n')[0]!,
      where: (assertion['earl:result'].html ?? '').slice(0, 160),
    })),
  );
}

describe('EPUB accessibility (DAISY Ace)', () => {
  let dir: string;
  const books = new Map<string, string>();

  /** Builds a manuscript with the real command line, both formats: the EPUB then carries the PDF's pages (page-list). */
  function build(name: string, input: string, template: string): string {
    const out = path.join(dir, name);
    const run = runCli(['build', input, '--out', out, '--template', template, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const epub = fs.readdirSync(out).find((file) => file.endsWith('.epub'))!;
    return path.join(out, epub);
  }

  beforeAll(() => {
    requireChromium();
    dir = makeTemp('pressroom-ace-');
    books.set('sample', build('sample', 'manuscript/zelenskyy-nato-guarantees.md', 'article'));
    books.set('kitchen sink', build('kitchen-sink', 'test/fixtures/kitchen-sink/input.md', 'article'));
    for (const template of ['article', 'handout', 'archival']) books.set(`fixture (${template})`, build(`fixture-${template}`, FIXTURE, template));
  });

  it('checks books that mark the print pages', async () => {
    for (const name of books.keys()) expect((await readMarkedPages(fs.readFileSync(books.get(name)!))).listed.length, name).toBeGreaterThan(0);
  });
  afterAll(() => removeTemp(dir));

  for (const name of ['sample', 'kitchen sink', 'fixture (article)', 'fixture (handout)', 'fixture (archival)']) {
    it(`finds no violation in the ${name}`, () => {
      const violations = ace(books.get(name)!, path.join(dir, 'reports'));
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    });
  }

  it('passes epubcheck, and marks passages in another language with lang and xml:lang', async () => {
    for (const template of ['article', 'handout', 'archival']) {
      const file = books.get(`fixture (${template})`)!;
      const verdict = epubcheck(file);
      expect(verdict.problems, verdict.output).toEqual([]);
      expect({ fatals: verdict.fatals, errors: verdict.errors, warnings: verdict.warnings }).toEqual({ fatals: 0, errors: 0, warnings: 0 });
    }
    const zip = await openZip(books.get('fixture (article)')!);
    const article = await zip.text('OEBPS/article.xhtml');
    expect(article).toContain('<span lang="uk" xml:lang="uk">«Ми будемо в альянсі»</span>');
    expect(article).toContain('<span lang="el" xml:lang="el">«Η Αθήνα είναι έτοιμη»</span>');
    expect(article).toMatch(/<div lang="uk" xml:lang="uk">\s*<p>Український абзац/);
    // Every element with one language attribute has the other, with the same value.
    for (const [, first, second] of article.matchAll(/<[a-z0-9]+\b[^>]*\slang="([^"]*)"[^>]*\sxml:lang="([^"]*)"/g)) expect(second).toBe(first);
    expect(article.match(/\slang="/g)!.length).toBe(article.match(/\sxml:lang="/g)!.length);
    // Headings never skip a level: the manuscript's #### after ## is an h3.
    // (A print page may begin at it: its mark then comes first.)
    expect(article).toMatch(/<h3 id="a-heading-that-skips-a-level">(<span [^>]*role="doc-pagebreak"[^>]*><\/span>)?A heading that skips a level<\/h3>/);
  });

  it('lists each reporter and the picture credit as entries of their own in the package document', async () => {
    const zip = await openZip(books.get('fixture (article)')!);
    const opf = await zip.text('OEBPS/content.opf');
    expect([...opf.matchAll(/<dc:creator id="([^"]+)">([^<]+)<\/dc:creator>/g)].map((match) => match[2])).toEqual(['Olena Kovalenko', 'Jonas Petraitis']);
    expect([...opf.matchAll(/<dc:contributor[^>]*>([^<]+)<\/dc:contributor>/g)].map((match) => match[1])).toEqual(['Jonas Petraitis']);
  });
});
