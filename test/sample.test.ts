import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { epubcheck, pdftotext, qpdfCheck } from './helpers/tools.js';
import { openZip, type OpenedZip } from './helpers/zip.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');

/** The manuscript's paragraphs as plain words, the way a reader would see them. */
function bodyParagraphs(): string[] {
  const body = fs.readFileSync(SAMPLE, 'utf8').split(/^---$/m)[2]!;
  return body
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^#+\s*/, '').trim())
    .filter(Boolean);
}

/** Words only: quotes, punctuation and hyphens (which a typesetter may add or break at) set aside. */
function words(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(/\u00ad/g, '')
    .replace(/[-‐]\s*\n\s*/g, '')
    .replace(/[-‐]/g, '')
    .replace(/[‘’“”"'«»]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

describe('the sample article, built by the real CLI', () => {
  let dir: string;
  let epubPath: string;
  let pdfPath: string;
  let zip: OpenedZip;
  let opf: string;

  beforeAll(async () => {
    dir = makeTemp();
    const run = runCli(['build', SAMPLE, '--out', dir]);
    expect(run.status, run.stderr).toBe(0);
    epubPath = path.join(dir, 'zelenskyy-nato-guarantees.epub');
    pdfPath = path.join(dir, 'zelenskyy-nato-guarantees.pdf');
    zip = await openZip(fs.readFileSync(epubPath));
    const container = await zip.text('META-INF/container.xml');
    const opfPath = /full-path="([^"]+)"/.exec(container)![1]!;
    opf = await zip.text(opfPath);
  });
  afterAll(() => removeTemp(dir));

  it('EPUB: epubcheck finds nothing to report', () => {
    const verdict = epubcheck(epubPath);
    expect(verdict.problems).toEqual([]);
    expect({ fatals: verdict.fatals, errors: verdict.errors, warnings: verdict.warnings }).toEqual({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('EPUB: package metadata comes from the manuscript', () => {
    expect(opf).toMatch(/<dc:title[^>]*>Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief<\/dc:title>/);
    expect(opf).toMatch(/<dc:creator[^>]*>Zaini Majeed<\/dc:creator>/);
    expect(opf).toMatch(/<dc:language>en<\/dc:language>/);
    expect(opf).toMatch(/<dc:date>2023-04-21T22:51:00\+05:30<\/dc:date>/);
    expect(opf).toMatch(/<meta property="dcterms:modified">2023-04-21T17:21:00Z<\/meta>/);
    expect(opf).toMatch(/<dc:identifier id="[^"]+">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toMatch(/<dc:contributor[^>]*>AP<\/dc:contributor>/);
  });

  it('EPUB: the text has every paragraph, the dates in IST and the lead picture', async () => {
    const xhtml = (
      await Promise.all(
        zip.names()
          .filter((name) => name.endsWith('.xhtml') && !/nav|toc|cover/i.test(name))
          .map((name) => zip.text(name)),
      )
    ).join('\n');
    const text = xhtml.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&');
    for (const paragraph of bodyParagraphs()) expect(words(text).join(' ')).toContain(words(paragraph).join(' '));
    expect(text).toContain('21 April 2023, 22:51 IST');
    expect(text).toContain('By Zaini Majeed');
    const images = zip.names().filter((name) => /\.(png|jpe?g)$/.test(name));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect((await zip.bytes(image)).length).toBeGreaterThan(1000);
    expect(xhtml).toMatch(/<figcaption[\s\S]*Drawn stand-in[\s\S]*AP[\s\S]*<\/figcaption>/);
  });

  it('PDF: qpdf finds the file clean', () => {
    const check = qpdfCheck(pdfPath);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.output).not.toMatch(/WARNING/i);
    expect(check.status).toBe(0);
  });

  it('PDF: the extracted text has every paragraph, the byline and the dates', () => {
    const text = pdftotext(pdfPath);
    const all = words(text).join(' ');
    for (const paragraph of bodyParagraphs()) expect(all).toContain(words(paragraph).join(' '));
    expect(text).toContain('Zaini Majeed');
    expect(text.replace(/\s+/g, ' ')).toContain('21 April 2023, 22:51 IST');
  });
});
