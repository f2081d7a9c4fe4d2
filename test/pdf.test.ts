import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { Nodes } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetLoadedFonts } from '../src/pdf/fonts/book.js';
import { drawableAsIs, prepareImage } from '../src/pdf/images/prepare.js';
import { renderPdf } from '../src/pdf/index.js';
import type { ImageAsset } from '../src/core/image.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import type { PrintTheme, Template } from '../src/template/theme.js';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';
import { pdffonts, pdfinfo, pdfinfoMetadata, pdftotext, qpdfCheck, requireTool } from './helpers/tools.js';
import { resolveDocument } from '../src/model/index.js';

const BUILD_DATE = new Date('2024-03-01T16:30:00Z');
const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'article'));
const SAMPLE = 'manuscript/zelenskyy-nato-guarantees.md';
const KITCHEN_SINK = 'test/fixtures/kitchen-sink/input.md';
const LONG = 'test/fixtures/pdf-long/input.md';
const ESCAPE = 'test/fixtures/pdf-escape/input.md';
const HISTORY = 'test/fixtures/pdf-history/input.md';

let temp: string;

function withTheme(change: (theme: PrintTheme) => void): Template {
  const copy = structuredClone(template) as Template;
  change(copy.print);
  return copy;
}

async function render(relative: string, name: string, chosen: Template = template) {
  const absolute = path.join(REPO_ROOT, relative);
  const manuscript = readManuscript(absolute, newManuscriptFile(absolute));
  const bytes = await renderPdf(await resolveDocument(manuscript), { template: chosen, buildDate: BUILD_DATE, toolVersion: '0.1.0-test' });
  const file = path.join(temp, `${name}.pdf`);
  fs.writeFileSync(file, bytes);
  return { file, bytes, manuscript };
}

/** Words (letters and digits) a reader must find in the PDF: everything the body prints, as mdast has it. */
function manuscriptWords(tree: Nodes): string[] {
  const words: string[] = [];
  // Inline content is joined before it is split into words: H<sub>2</sub>O prints as one word.
  const inline = (node: Nodes): string => {
    if (node.type === 'html') return node.value.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '');
    if (node.type === 'image' || node.type === 'imageReference' || node.type === 'footnoteReference') return ' ';
    if (node.type === 'break') return ' ';
    if ('value' in node) return node.value;
    if ('children' in node) return (node.children as Nodes[]).map(inline).join('');
    return '';
  };
  const visit = (node: Nodes) => {
    if (node.type === 'html' || node.type === 'definition') return;
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell' || node.type === 'code') {
      words.push(...wordsOf(inline(node)));
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return words;
}

function wordsOf(text: string): string[] {
  return text.normalize('NFC').replace(/\u00AD/g, '').replace(/-/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** pdftotext output as words: running heads and feet dropped, hyphenated line ends joined (also across pages). */
function pdfWords(file: string, furniture: string[]): Map<string, number> {
  const lines = pdftotext(file)
    .replace(/\f/g, '\n')
    .split('\n')
    .filter((line) => !/^Page \d+ of \d+$/.test(line.trim()) && !furniture.some((text) => line.trim() === text || (line.trim().endsWith('…') && text.startsWith(line.trim().slice(0, -1)))))
    .filter((line) => line.trim() !== '');
  const text = lines.join('\n').replace(/([\p{L}\p{N}])-\n([\p{L}\p{N}])/gu, '$1$2');
  const counts = new Map<string, number>();
  for (const word of wordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function expectEveryWord(file: string, tree: Nodes, furniture: string[]): void {
  const found = pdfWords(file, furniture);
  const missing: string[] = [];
  for (const word of manuscriptWords(tree)) {
    const count = found.get(word) ?? 0;
    if (count === 0) missing.push(word);
    else found.set(word, count - 1);
  }
  expect(missing, `words of the manuscript missing from the text of ${path.basename(file)}`).toEqual([]);
}

function furnitureOf(manuscript: { article: { title: string; publisher: string | undefined } }): string[] {
  return [manuscript.article.title, manuscript.article.publisher ?? ''].filter(Boolean);
}

function expectValidPdf(file: string): void {
  const check = qpdfCheck(file);
  expect(check.status, check.output).toBe(0);
  expect(check.output).toContain('No syntax or stream encoding errors');
  expect(check.output).not.toMatch(/WARNING/i);
  const fonts = pdffonts(file);
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(font.embedded, `${font.name} is not embedded`).toBe(true);
    expect(font.subset, `${font.name} is not subset`).toBe(true);
  }
}

function parseXml(xml: string): Document {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(xml.trim(), 'text/xml');
  expect(errors).toEqual([]);
  return document as unknown as Document;
}

function xmpValue(document: Document, namespace: string, name: string): string[] {
  return Array.from(document.getElementsByTagNameNS(namespace, name)).map((element) => element.textContent ?? '');
}

const DC = 'http://purl.org/dc/elements/1.1/';
const PDFAID = 'http://www.aiim.org/pdfa/ns/id/';

describe('PDF output', () => {
  beforeAll(() => {
    requireTool('qpdf', 'qpdf');
    requireTool('pdftotext', 'poppler-utils');
    temp = makeTemp('pressroom-pdf-');
  });
  afterAll(() => removeTemp(temp));

  it('renders the sample: valid, embedded fonts, tagged, titled, PDF/A-2b metadata, every word', async () => {
    const { file, manuscript } = await render(SAMPLE, 'sample');
    expectValidPdf(file);
    const info = pdfinfo(file);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe(manuscript.article.title);
    expect(info['Metadata Stream']).toBe('yes');
    expect(info['PDF version']).toBe('1.7');
    expect(info.CreationDate).toContain('2024');
    const xmp = parseXml(pdfinfoMetadata(file));
    expect(xmpValue(xmp, PDFAID, 'part')).toEqual(['2']);
    expect(xmpValue(xmp, PDFAID, 'conformance')).toEqual(['B']);
    expect(xmpValue(xmp, DC, 'title').join('')).toContain(manuscript.article.title);
    expect(xmpValue(xmp, DC, 'creator').join('')).toContain('Zaini Majeed');
    expect(xmpValue(xmp, 'http://ns.adobe.com/xap/1.0/', 'CreateDate')).toEqual(['2024-03-01T16:30:00Z']);
    expectEveryWord(file, manuscript.tree, furnitureOf(manuscript));
    const text = pdftotext(file);
    expect(text).toContain('By Zaini Majeed');
    expect(text).toContain('Published 21 April 2023, 22:51 IST');
    expect(text).toMatch(/Page 1 of \d/);
  });

  it('renders the kitchen sink with every word, structure, outline and links', async () => {
    const { file, manuscript } = await render(KITCHEN_SINK, 'kitchen-sink');
    expectValidPdf(file);
    expect(pdfinfo(file).Tagged).toBe('yes');
    expectEveryWord(file, manuscript.tree, furnitureOf(manuscript));
    const structure = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
    for (const tag of ['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Figure', 'Caption', 'Note', 'Link', 'BlockQuote', 'Code']) {
      expect(structure, `structure tree lacks ${tag}`).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    }
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=outlines', '--json-key=pages', file], { encoding: 'utf8' })) as {
      outlines: { title: string; kids: { title: string }[] }[];
    };
    expect(json.outlines[0]!.title).toBe(manuscript.article.title);
    expect(json.outlines[0]!.kids.map((kid) => kid.title)).toContain('Tables and alignment');
    const catalog = execFileSync('qpdf', ['--show-object=trailer', file], { encoding: 'utf8' });
    expect(catalog).toMatch(/\/ID \[ <[0-9a-f]{32}> <[0-9a-f]{32}> \]/);
    const raw = Buffer.from(fs.readFileSync(file)).toString('latin1');
    expect(raw).toContain('/URI (https://example.com/some/path?query=1&b=2)');
    expect(raw).not.toContain('javascript:');
    expect(raw).toContain('/Lang (en)');
    expect(raw).toContain('/DisplayDocTitle true');
    const warnings = manuscript.file.messages.map((message) => message.ruleId);
    // Links that cannot work are decided once, by the model, for the EPUB and the PDF alike.
    expect(warnings).toContain('link');
    expect(warnings).not.toContain('pdf-link');
  });

  it('links relative addresses resolved against the article\'s web address (kept as dc:source), and hints at it when there is none', async () => {
    const front = (extra: string) => `---\ntitle: Links\nreporter: Desk\npublished: 2024-01-15\n${extra}---\n\n[Politics](/politics/) today.\n`;
    const rendered = async (name: string, text: string) => {
      const manuscriptPath = path.join(temp, `${name}.md`);
      fs.writeFileSync(manuscriptPath, text);
      const manuscript = readManuscript(manuscriptPath, newManuscriptFile(manuscriptPath));
      const bytes = await renderPdf(await resolveDocument(manuscript), { template, buildDate: BUILD_DATE, toolVersion: '0.1.0-test' });
      const file = path.join(temp, `${name}.pdf`);
      fs.writeFileSync(file, bytes);
      return { file, raw: Buffer.from(bytes).toString('latin1'), warnings: manuscript.file.messages.map((message) => message.reason) };
    };
    const resolved = await rendered('web-address', front('url: https://news.example.com/world/story\n'));
    expectValidPdf(resolved.file);
    expect(resolved.raw).toContain('/URI (https://news.example.com/politics/)');
    expect(resolved.warnings).toEqual([]);
    // The web page the PDF was made from is in its metadata.
    expect(xmpValue(parseXml(pdfinfoMetadata(resolved.file)), DC, 'source')).toEqual(['https://news.example.com/world/story']);
    const unresolved = await rendered('no-web-address', front(''));
    expect(unresolved.raw).not.toContain('/URI');
    expect(unresolved.warnings).toEqual([
      'link to "/politics/" points at a file that is not part of the ebook or the PDF (a relative link on the article\'s web page? give its address as `url:` in the front matter); the link text stays as plain text',
    ]);
  });

  it('escapes XMP values and keeps them equal to the document information', async () => {
    const { file, manuscript } = await render(ESCAPE, 'escape');
    expectValidPdf(file);
    const xmp = parseXml(pdfinfoMetadata(file));
    expect(xmpValue(xmp, DC, 'title')).toEqual([manuscript.article.title]);
    expect(xmpValue(xmp, DC, 'creator')).toEqual(["O'Brien & Sons <desk>"]);
    expect(xmpValue(xmp, DC, 'subject')).toEqual(['a<bc&d']);
    expect(pdfinfo(file).Title).toBe(manuscript.article.title);
  });

  it('renders two columns, PDF/A-3b with the manuscript attached, and a table whose header repeats', async () => {
    const chosen = withTheme((theme) => {
      theme.page.columns = 2;
      theme.pdf.pdfa = '3b';
      theme.pdf.attachSource = true;
      theme.links.printUrls = true;
    });
    const single = await render(LONG, 'long');
    expectValidPdf(single.file);
    expectEveryWord(single.file, single.manuscript.tree, furnitureOf(single.manuscript));
    const { file, manuscript } = await render(LONG, 'long-two-columns', chosen);
    expectValidPdf(file);
    const xmp = parseXml(pdfinfoMetadata(file));
    expect(xmpValue(xmp, PDFAID, 'part')).toEqual(['3']);
    const attachments = execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' });
    expect(attachments).toContain('input.md');
    const saved = path.join(temp, 'attached.md');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, file]);
    expect(fs.readFileSync(saved, 'utf8')).toBe(String(manuscript.file.value));
    // In narrow columns, pdftotext interleaves table cells, so a word hyphenated inside a cell may not join up:
    // check the words outside tables here (the single-column render above checks them all).
    expectEveryWord(file, { ...manuscript.tree, children: manuscript.tree.children.filter((node) => node.type !== 'table') }, furnitureOf(manuscript));
    const pages = Number(pdfinfo(file).Pages);
    const headerPages = Array.from({ length: pages }, (_, index) => pdftotext(file, ['-f', String(index + 1), '-l', String(index + 1)])).filter((text) =>
      /Row\s+Region/.test(text),
    );
    expect(headerPages.length).toBeGreaterThan(1);
  });

  it('draws justified lines to the right edge of the column, letter-spaced ones too (handout, as poppler reads them)', async () => {
    const handout = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, 'handout'));
    const { file } = await render(SAMPLE, 'handout', handout);
    expectValidPdf(file);
    const page = handout.print.page;
    const columnRight = page.margin.left + (page.width - page.margin.left - page.margin.right - page.gutter) / 2;
    const layout = pdftotext(file, ['-f', '1', '-l', '1', '-bbox-layout']);
    // The first column's lines, by paragraph; every line of a paragraph but its last must reach the column's right edge.
    let checked = 0;
    for (const block of layout.split('<block ').slice(1)) {
      const lines = [...block.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((match) => ({
        left: Number(match[1]),
        right: Number(match[2]),
        text: [...match[3]!.matchAll(/>([^<]*)<\/word>/g)].map((word) => word[1]).join(' '),
      }));
      const body = lines.filter((line) => Math.abs(line.left - page.margin.left) < 0.5 && line.right <= columnRight + 0.5);
      if (body.length < 3) continue;
      for (const line of body.slice(0, -1)) {
        expect(Math.abs(line.right - columnRight), `"${line.text}" ends ${(columnRight - line.right).toFixed(2)}pt short of the column's edge`).toBeLessThanOrEqual(0.5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(layout).toContain('would');
  });

  it('tells from its header which picture pdfkit draws as it is, and converts the others (progressive, CMYK, rotated, 16-bit, interlaced)', async () => {
    const { default: sharp } = await import('sharp');
    const source = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/kitchen-sink/images/bands.jpg'));
    const asset = (data: Buffer, mediaType: ImageAsset['mediaType']): ImageAsset => ({ src: 'x', path: 'x', mediaType, width: 96, height: 64, data });
    const asIs = {
      baseline: await sharp(source).jpeg().toBuffer(),
      grey: await sharp(source).greyscale().jpeg().toBuffer(),
      png: await sharp(source).png().toBuffer(),
      palette: await sharp(source).png({ palette: true }).toBuffer(),
    };
    const converted = {
      progressive: await sharp(source).jpeg({ progressive: true }).toBuffer(),
      cmyk: await sharp(source).toColourspace('cmyk').jpeg().toBuffer(),
      rotated: await sharp(source).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
      interlaced: await sharp(source).png({ progressive: true }).toBuffer(),
      deep: await sharp(source).toColourspace('rgb16').png().toBuffer(),
    };
    for (const [name, data] of Object.entries(asIs)) {
      const type = name === 'png' || name === 'palette' ? 'image/png' : 'image/jpeg';
      expect(drawableAsIs(asset(data, type)), name).toMatchObject({ width: 96, height: 64, data });
    }
    for (const [name, data] of Object.entries(converted)) {
      const type = name === 'interlaced' || name === 'deep' ? 'image/png' : 'image/jpeg';
      expect(drawableAsIs(asset(data, type)), name).toBeUndefined();
      const prepared = await prepareImage(newManuscriptFile('x.md'), asset(data, type), undefined);
      expect(prepared, name).toBeDefined();
      expect(drawableAsIs(asset(prepared!.data, type)), `${name} once converted`).toBeDefined();
    }
  });

  it('renders the same bytes again in the same process, after other documents (fonts and measures are shared)', async () => {
    const first = await render(KITCHEN_SINK, 'again-1');
    const between = await render(LONG, 'again-between');
    // Glyphs the kitchen sink's fonts were subset with must not lose their text in the next document.
    expectEveryWord(between.file, between.manuscript.tree, furnitureOf(between.manuscript));
    await render(SAMPLE, 'again-between-2', withTheme((theme) => (theme.page.columns = 2)));
    const second = await render(KITCHEN_SINK, 'again-2');
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expectEveryWord(second.file, second.manuscript.tree, furnitureOf(second.manuscript));
  });

  it('renders the same bytes twice, in other time zones, in child processes, and as in a process that set other text before', async () => {
    // Text with characters that share a glyph with others (no-break space, non-breaking hyphen), set first in this process.
    forgetLoadedFonts();
    const history = await render(HISTORY, 'history');
    const historyText = pdftotext(history.file);
    expect(historyText).toContain('Straße');
    expect(historyText, 'word spaces read as no-break spaces').toContain('a no-break space keeps');
    const inProcess = await render(KITCHEN_SINK, 'after-history');
    // A private build next to a copy of the templates, as the real dist/ sits next to templates/.
    const scratch = path.join(REPO_ROOT, 'node_modules', '.cache', 'pressroom-pdf-test');
    const dist = path.join(scratch, 'dist');
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.cpSync(path.join(REPO_ROOT, 'templates'), path.join(scratch, 'templates'), { recursive: true });
    const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', REPO_ROOT, '--outDir', dist, '--noEmit', 'false'], {
      encoding: 'utf8',
    });
    expect(fs.existsSync(path.join(dist, 'pdf', 'index.js')), tsc.stdout + tsc.stderr).toBe(true);
    const script = path.join(dist, 'render-child.mjs');
    fs.writeFileSync(
      script,
      `import fs from 'node:fs';
import path from 'node:path';
const { readManuscript, newManuscriptFile } = await import('./read/manuscript.js');
const { loadTemplate } = await import('./template/load.js');
const { renderPdf } = await import('./pdf/index.js');
const { resolveDocument } = await import('./model/index.js');
const [input, output, templateDir] = process.argv.slice(2);
const manuscript = readManuscript(input, newManuscriptFile(input));
const bytes = await renderPdf(await resolveDocument(manuscript), { template: loadTemplate(templateDir), buildDate: new Date(${BUILD_DATE.getTime()}), toolVersion: '0.1.0-test' });
fs.writeFileSync(output, bytes);
`,
    );
    const outputs = ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'].map((zone, index) => {
      const output = path.join(temp, `tz-${index}.pdf`);
      const child = spawnSync(process.execPath, [script, path.join(REPO_ROOT, KITCHEN_SINK), output, path.join(scratch, 'templates', 'article')], {
        encoding: 'utf8',
        env: { ...process.env, TZ: zone, LANG: index === 1 ? 'de_DE.UTF-8' : 'C' },
      });
      expect(child.status, child.stderr).toBe(0);
      return fs.readFileSync(output);
    });
    expect(outputs[0]!.length).toBeGreaterThan(10_000);
    expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
    expect(outputs[2]!.equals(outputs[0]!)).toBe(true);
    expect(Buffer.from(inProcess.bytes).equals(outputs[0]!), 'a fresh process and one that has set other text first give different bytes').toBe(true);
    fs.rmSync(scratch, { recursive: true, force: true });
  });
});
