import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser, type Element as XmlElement, type Node as XmlNode } from '@xmldom/xmldom';
import { expect } from 'vitest';
import { labelsFor } from '../../src/core/labels.js';
import { FILES } from '../../src/epub/files.js';
import { renderEpub } from '../../src/epub/index.js';
import { resolveDocument } from '../../src/model/index.js';
import type { DocumentModel } from '../../src/model/types.js';
import { pageGeometry } from '../../src/pdf/layout/frames.js';
import { renderPdf } from '../../src/pdf/index.js';
import { newManuscriptFile, readManuscript } from '../../src/read/manuscript.js';
import type { PrintPages } from '../../src/render/types.js';
import type { Template } from '../../src/template/theme.js';
import { requireTool } from './tools.js';
import { openZip } from './zip.js';

/**
 * What a reader sees in the EPUB and in the PDF of one document model, and how the two are compared
 * (issue #17: the parity test). Both sides are read back from the files, as a reader's software
 * reads them: the EPUB's article page parsed as XML, the PDF through poppler (`pdftotext -raw
 * -bbox`) and qpdf (`--json`). Nothing is taken from the writers but the model and the template
 * (with its page's text area), which say what the differences allowed below are.
 */

/** One file's reading: words (a multiset, as an array in reading order), links, note citations, anchors. */
export interface Reading {
  words: string[];
  /** Web, mail and phone links, one per link (a link broken over lines is still one). */
  external: string[];
  /** `#id` links by the id they lead to, one per link. */
  internal: string[];
  /** Note citations in reading order: the number shown and the note it leads to. */
  citations: Citation[];
  /** Ids a link may lead to: the EPUB's element ids, the PDF's named destinations. */
  anchors: Set<string>;
}

export interface Citation {
  number: string;
  note: string;
}

export interface EpubReading extends Reading {
  /** The ids of the body's headings (h2 to h6), in order. */
  headingIds: string[];
  /** Where the notes' links back to their citations lead (not in `internal`: paper has no way back). */
  backLinks: string[];
  linked: LinkedWords[];
  /** The words of each table's header rows (its `<thead>`, and rows of header cells only). */
  tableHeaders: string[][];
  /** The article page as written, and its parsed body (for the rules below). */
  page: string;
  body: XmlElement;
}

/** What a reader takes as a word: a run of letters, marks and digits. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** A hyphen joining letters or digits (`open-door`, `2023-24`), or the one the composer adds at a line's end. */
const JOINING_HYPHEN = /(?<=[\p{L}\p{M}\p{N}])[-\u2010](?=[\p{L}\p{M}\p{N}])/gu;
/** Invisible characters either side may keep or drop: soft hyphens, joiners, direction marks (Cf), variation selectors. */
const INVISIBLE = /[\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
/** Direction embeddings and isolates: pdftotext puts them around a right-to-left run, and they bound it as a space would. */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;

/**
 * The words of a text. Compatibility forms are folded (NFKC: a ligature glyph's `ﬁ`, an Arabic
 * presentation form), invisible characters dropped, and a hyphen between letters joins them, on
 * both sides alike: a composer's hyphen at a line's end rejoins the word it broke, and `US-led`
 * is one word whether or not a line ends after its hyphen.
 */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').replace(DIRECTION_CONTROLS, ' ').replace(INVISIBLE, '').replace(JOINING_HYPHEN, '').match(WORD) ?? [];
}

// ---------------------------------------------------------------------------------------------
// The EPUB

/** Elements that stand apart from their neighbours on screen: their words never run into the next. */
const SEPARATE = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
  // A ruby annotation sits above its base, not after it.
  'rt',
]);

function elementChildren(node: XmlNode): XmlElement[] {
  const out: XmlElement[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) out.push(child as XmlElement);
  return out;
}

function descendants(node: XmlElement, tag: string): XmlElement[] {
  return Array.from(node.getElementsByTagName(tag)) as XmlElement[];
}

function textContent(node: XmlNode): string {
  return node.textContent ?? '';
}

function isCitation(node: XmlElement): boolean {
  return node.localName === 'a' && node.getAttribute('role') === 'doc-noteref';
}

/** Reads the EPUB's article page as a reader sees it: the text of its body (no attributes, no CSS content). */
export async function readEpub(bytes: Uint8Array): Promise<EpubReading> {
  const page = await (await openZip(bytes)).text(`OEBPS/${FILES.article}`);
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(page, 'application/xhtml+xml');
  if (errors.length > 0) throw new Error(`the EPUB's article page is not well-formed: ${errors.join('; ')}`);
  const body = document.getElementsByTagName('body')[0] as XmlElement | undefined;
  if (!body) throw new Error('the EPUB article page has no body');

  const text: string[] = [];
  const external: string[] = [];
  const internal: string[] = [];
  const citations: Citation[] = [];
  const anchors = new Set<string>();
  const headingIds: string[] = [];
  const backLinks: string[] = [];
  const visit = (node: XmlNode): void => {
    if (node.nodeType === 3 || node.nodeType === 4) {
      text.push((node as unknown as { data: string }).data);
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as XmlElement;
    const tag = element.localName ?? element.tagName;
    const id = element.getAttribute('id');
    if (id) anchors.add(id);
    if (id && /^h[2-6]$/.test(tag)) headingIds.push(id);
    const href = tag === 'a' ? element.getAttribute('href') : null;
    if (href !== null) {
      if (!href.startsWith('#')) external.push(href);
      else (element.getAttribute('role') === 'doc-backlink' ? backLinks : internal).push(decodeFragment(href));
    }
    if (isCitation(element)) citations.push({ number: textContent(element).trim(), note: decodeFragment(href ?? '') });
    const separate = SEPARATE.has(tag);
    if (separate) text.push(' ');
    for (let child = element.firstChild; child; child = child.nextSibling) visit(child);
    if (separate) text.push(' ');
  };
  visit(body);
  const tableHeaders = descendants(body, 'table').map((table) =>
    descendants(table, 'tr')
      .filter((row) => (row.parentNode as XmlElement).localName === 'thead' || elementChildren(row).every((cell) => cell.localName === 'th'))
      .flatMap((row) => wordsOf(elementChildren(row).map(textContent).join(' '))),
  );
  const linked = descendants(body, 'a')
    .filter((link) => link.hasAttribute('href'))
    .map((link) => ({ target: link.getAttribute('href')!, words: wordsOf(textContent(link)) }));
  return { words: wordsOf(text.join('')), external, internal, citations, anchors, headingIds, backLinks, linked, tableHeaders, page, body };
}

function decodeFragment(href: string): string {
  const fragment = href.replace(/^#/, '');
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

// ---------------------------------------------------------------------------------------------
// The PDF

interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

interface PdfWord extends Box {
  text: string;
}

/**
 * `pdftotext -raw -bbox`: each page's words in the order the page draws them, with their boxes
 * (points, from the page's top left). The writer draws in reading order (the title, then each
 * column's lines, then its footnotes; the running lines last), so this is the order a reader
 * reads in, with none of poppler's guesses about columns and lines.
 */
function wordsByPage(file: string): PdfWord[][] {
  requireTool('pdftotext', 'poppler-utils');
  const html = execFileSync('pdftotext', ['-raw', '-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages: PdfWord[][] = [];
  const number = (attributes: string, name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(attributes)![1]);
  for (const match of html.matchAll(/<(page|word)\b([^>]*)>(?:([^<]*)<\/word>)?/g)) {
    const [, tag, attributes = '', content] = match;
    if (tag === 'page') pages.push([]);
    else {
      pages[pages.length - 1]!.push({
        xMin: number(attributes, 'xMin'),
        yMin: number(attributes, 'yMin'),
        xMax: number(attributes, 'xMax'),
        yMax: number(attributes, 'yMax'),
        text: unescapeHtml(content ?? ''),
      });
    }
  }
  return pages;
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);/gi, (_whole, name: string) => {
    switch (name.toLowerCase()) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    }
  });
}

type QpdfValue = string | number | boolean | null | QpdfValue[] | { [key: string]: QpdfValue };

/** The objects of a PDF as qpdf's JSON (version 2) gives them, references followed on demand. */
class PdfObjects {
  private readonly objects: Record<string, { value?: QpdfValue }>;

  constructor(file: string) {
    requireTool('qpdf', 'qpdf');
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as {
      qpdf: [unknown, Record<string, { value?: QpdfValue }>];
    };
    this.objects = json.qpdf[1];
  }

  /** A value with references followed. */
  get(value: QpdfValue | undefined): QpdfValue | undefined {
    if (typeof value === 'string' && /^\d+ \d+ R$/.test(value)) return this.objects[`obj:${value}`]?.value;
    return value;
  }

  dictionary(value: QpdfValue | undefined): Record<string, QpdfValue> | undefined {
    const resolved = this.get(value);
    return resolved && typeof resolved === 'object' && !Array.isArray(resolved) ? resolved : undefined;
  }

  array(value: QpdfValue | undefined): QpdfValue[] {
    const resolved = this.get(value);
    return Array.isArray(resolved) ? resolved : [];
  }

  get root(): Record<string, QpdfValue> {
    return this.dictionary(this.dictionary(this.objects.trailer?.value)!['/Root'])!;
  }

  /** Pages in order, each with its object reference. */
  pages(): Record<string, QpdfValue>[] {
    const out: Record<string, QpdfValue>[] = [];
    const walk = (node: QpdfValue | undefined) => {
      const dictionary = this.dictionary(node)!;
      if (dictionary['/Type'] === '/Page') out.push(dictionary);
      else for (const kid of this.array(dictionary['/Kids'])) walk(kid);
    };
    walk(this.root['/Pages']);
    return out;
  }

  /** The entries of a name tree (keys as text) or of a number tree. */
  treeEntries(node: QpdfValue | undefined, key: '/Names' | '/Nums'): [QpdfValue, QpdfValue][] {
    const dictionary = this.dictionary(node);
    if (!dictionary) return [];
    const out: [QpdfValue, QpdfValue][] = [];
    const flat = this.array(dictionary[key]);
    for (let index = 0; index + 1 < flat.length; index += 2) out.push([flat[index]!, flat[index + 1]!]);
    for (const kid of this.array(dictionary['/Kids'])) out.push(...this.treeEntries(kid, key));
    return out;
  }
}

/** A PDF text string as qpdf writes it in JSON: `u:` UTF-8, `b:` hex bytes (PDFDocEncoding or UTF-16BE). */
function pdfString(value: QpdfValue | undefined): string {
  if (typeof value !== 'string') return '';
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) {
    const bytes = Buffer.from(value.slice(2), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return value;
}

interface PdfLink {
  page: number;
  rect: Box;
  target: { uri: string } | { name: string };
  /** The structure element it belongs to: the pieces of a link broken over lines or pages share it. */
  owner: QpdfValue | undefined;
}

/** The link annotations, page by page, with their rectangles turned to pdftotext's coordinates. */
function linksOf(objects: PdfObjects): { links: PdfLink[]; destinations: Set<string> } {
  const parents = new Map<number, QpdfValue>(objects.treeEntries(objects.dictionary(objects.root['/StructTreeRoot'])?.['/ParentTree'], '/Nums').map(([key, value]) => [key as number, value]));
  const links: PdfLink[] = [];
  objects.pages().forEach((page, index) => {
    const [, , , height] = objects.array(page['/MediaBox']) as number[];
    for (const reference of objects.array(page['/Annots'])) {
      const annotation = objects.dictionary(reference)!;
      if (annotation['/Subtype'] !== '/Link') continue;
      const [x1, y1, x2, y2] = objects.array(annotation['/Rect']) as number[];
      const action = objects.dictionary(annotation['/A']);
      let target: PdfLink['target'];
      if (action?.['/S'] === '/URI') target = { uri: pdfString(objects.get(action['/URI'])) };
      else {
        const destination = objects.get(action?.['/S'] === '/GoTo' ? action['/D'] : annotation['/Dest']);
        if (typeof destination !== 'string') throw new Error(`a link on page ${index + 1} has an explicit destination; named ones are expected`);
        target = { name: pdfString(destination) };
      }
      const structParent = annotation['/StructParent'];
      links.push({
        page: index,
        rect: { xMin: Math.min(x1!, x2!), xMax: Math.max(x1!, x2!), yMin: height! - Math.max(y1!, y2!), yMax: height! - Math.min(y1!, y2!) },
        target,
        owner: typeof structParent === 'number' ? parents.get(structParent) : undefined,
      });
    }
  });
  const names = objects.dictionary(objects.root['/Names']);
  const destinations = new Set(objects.treeEntries(names?.['/Dests'], '/Names').map(([key]) => pdfString(objects.get(key))));
  for (const key of Object.keys(objects.dictionary(objects.root['/Dests']) ?? {})) destinations.add(key.slice(1));
  return { links, destinations };
}

/** One per link: the pieces of a link broken over lines (the same structure element) count once. */
function wholeLinks(links: PdfLink[]): PdfLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    if (link.owner === undefined) return true;
    const key = JSON.stringify(link.owner);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const inside = (word: Box, box: Box) => {
  const x = (word.xMin + word.xMax) / 2;
  const y = (word.yMin + word.yMax) / 2;
  return x >= box.xMin - 0.5 && x <= box.xMax + 0.5 && y >= box.yMin - 0.5 && y <= box.yMax + 0.5;
};

export interface PdfOptions {
  /** The ids of the notes: links to them are citations. */
  noteIds: ReadonlySet<string>;
  template: Template;
}

/**
 * Pieces of one word closer than this (points): poppler starts a new word where the type size or
 * the baseline changes (H₂O, a raised note number), though nothing but a justified line's
 * letter-spacing (at most 0.04 em, see text/compose.ts) separates them on the page. The narrowest
 * word space of the built-in templates is wider than twice this (an 8 pt footnote's, shrunk).
 */
const TOUCHING = 0.7;

/**
 * Letters poppler takes as written right to left (Hebrew, Arabic and the other R and AL scripts of
 * the Basic Multilingual Plane; not their digits): a run of them comes out of `-bbox` with its
 * glyphs in drawing order, left to right, and is read back to front, as pdftotext's text output reads it. Text drawn with
 * its ActualText (Adlam) comes in the order written.
 */
const POPPLER_RIGHT_TO_LEFT = /(?:(?=\p{L})[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]\p{M}*)+/gu;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** A word as written: each run of right-to-left letters in it turned round (`[ابحرم][ref-a]` is `[مرحبا][ref-a]`). */
function readingOrder(word: string): string {
  return word.replace(POPPLER_RIGHT_TO_LEFT, (run) => [...graphemes.segment(run)].map((piece) => piece.segment).reverse().join(''));
}

interface PdfLine {
  text: string;
  /** The heights of its first and last word: their type sizes, near enough. */
  first: number;
  last: number;
}

/**
 * Reads a PDF as a reader sees it, less its running heads and feet: its words in drawing order
 * (see wordsByPage) inside the text area only (the running lines are drawn in the margins, see
 * ink/furniture.ts). Words drawn one after another at one height make a line, and pieces of a word
 * are rejoined (see TOUCHING). A line ending in a hyphen after a letter runs on into the next line
 * that starts in the same type: the next line, or after a page's footnotes, the next page's first
 * (the hyphen then joins, see `wordsOf`). Links are read from the link annotations (qpdf), and the words each
 * covers from where the words are.
 */
export function readPdf(file: string, options: PdfOptions): PdfReading {
  const objects = new PdfObjects(file);
  const { links, destinations } = linksOf(objects);
  const covered = new Map<PdfLink, string[]>();
  const citations: Citation[] = [];
  const lines = linesByPage(file, options.template, (word, pageIndex) => {
    const link = links.find((candidate) => candidate.page === pageIndex && inside(word, candidate.rect));
    if (link) {
      covered.set(link, [...(covered.get(link) ?? []), readingOrder(word.text)]);
      if ('name' in link.target && options.noteIds.has(link.target.name)) citations.push({ number: word.text, note: link.target.name });
    }
  }).flat();
  const text: string[] = [];
  const rest = [...lines];
  while (rest.length > 0) {
    let line = rest.shift()!;
    let current = line.text;
    // A word hyphenated at a line's end goes on at the start of the next line that starts in its type.
    while (ENDS_HYPHENATED.test(current)) {
      const size = line.last;
      const next = rest.findIndex((candidate) => Math.abs(candidate.first - size) <= size * 0.05);
      if (next === -1) break;
      line = rest.splice(next, 1)[0]!;
      current += line.text;
    }
    text.push(current);
  }
  const linkWords = (link: PdfLink) => {
    const pieces = link.owner === undefined ? [link] : links.filter((other) => JSON.stringify(other.owner) === JSON.stringify(link.owner));
    return wordsOf(pieces.flatMap((piece) => covered.get(piece) ?? []).join(' '));
  };
  const grouped = wholeLinks(links);
  return {
    words: wordsOf(text.join('\n')),
    external: grouped.flatMap((link) => ('uri' in link.target ? [link.target.uri] : [])),
    linked: grouped.map((link) => ({ target: 'uri' in link.target ? link.target.uri : `#${link.target.name}`, words: linkWords(link) })),
    internal: grouped.flatMap((link) => ('name' in link.target ? [link.target.name] : [])),
    citations,
    anchors: destinations,
    frames: objects.pages().length * options.template.print.page.columns,
  };
}

/**
 * Each page's lines inside the text area (the running lines left out), in drawing order: words drawn one
 * after another at one height make a line, and pieces of a word are rejoined (see TOUCHING). `onWord` sees
 * every word kept, with its page.
 */
function linesByPage(file: string, template: Template, onWord?: (word: PdfWord, pageIndex: number) => void): PdfLine[][] {
  const geometry = pageGeometry(template.print);
  const textArea = { top: geometry.top, bottom: geometry.top + geometry.textHeight };
  return wordsByPage(file).map((words, pageIndex) => {
    const lines: PdfLine[] = [];
    let line: { top: number; bottom: number; pieces: PdfWord[][] } | undefined;
    const endLine = () => {
      if (!line) return;
      const height = (word: PdfWord) => word.yMax - word.yMin;
      const text = line.pieces.map((word) => readingOrder(word.map((piece) => piece.text).join(''))).join(' ');
      lines.push({ text, first: height(line.pieces[0]![0]!), last: height(line.pieces.at(-1)!.at(-1)!) });
      line = undefined;
    };
    for (const word of words) {
      const middle = (word.yMin + word.yMax) / 2;
      if (middle < textArea.top || middle > textArea.bottom) continue;
      onWord?.(word, pageIndex);
      // Lines of notes are set closer than their words are tall: a word starts a new line when its middle is off this one.
      if (line && (middle < line.top || middle > line.bottom)) endLine();
      const last = line?.pieces.at(-1)?.at(-1);
      const gap = last ? Math.max(word.xMin - last.xMax, last.xMin - word.xMax) : Infinity;
      if (!line) line = { top: word.yMin, bottom: word.yMax, pieces: [[word]] };
      else if (gap < TOUCHING) line.pieces.at(-1)!.push(word);
      else line.pieces.push([word]);
      line.top = Math.min(line.top, word.yMin);
      line.bottom = Math.max(line.bottom, word.yMax);
    }
    endLine();
    return lines;
  });
}

/** Each page's words as a reader reads them, running heads and feet left out (a word hyphenated at a page's end is split there). */
export function pdfPageWords(file: string, template: Template): string[][] {
  // A word hyphenated at a line's end runs on into the next line.
  return linesByPage(file, template).map((lines) => wordsOf(lines.map((line) => line.text + (ENDS_HYPHENATED.test(line.text) ? '' : '\n')).join('')));
}

/** A link and the words it covers: on the page, the words inside its areas (all of them, for a link broken over lines). */
export interface LinkedWords {
  /** Its address, or `#id`. */
  target: string;
  words: string[];
}

export interface PdfReading extends Reading {
  linked: LinkedWords[];
  /** Columns in all: pages times columns a page. */
  frames: number;
}

const ENDS_HYPHENATED = /[\p{L}\p{M}\p{N}][-\u2010]$/u;

// ---------------------------------------------------------------------------------------------
// Building both

export interface Built {
  model: DocumentModel;
  epub: Uint8Array;
  pdf: Uint8Array;
}

const BUILD_DATE = new Date('2024-03-01T16:30:00Z');

export interface BuildHooks {
  /** Runs on the model before either writer sees it. */
  beforeWriters?: (model: DocumentModel) => void;
  /** Runs between the PDF writer and the EPUB writer (the tests' way to make the two disagree on purpose). */
  betweenWriters?: (model: DocumentModel) => void;
}

/** Reads a manuscript, resolves it once, and writes both formats from the one model, as a build does. */
export async function buildBoth(manuscriptPath: string, template: Template, hooks: BuildHooks = {}): Promise<Built> {
  const manuscript = readManuscript(manuscriptPath, newManuscriptFile(manuscriptPath));
  const model = await resolveDocument(manuscript);
  hooks.beforeWriters?.(model);
  const context = { template, buildDate: BUILD_DATE, toolVersion: '0.1.0-test' };
  // The PDF first, as a build makes them: the EPUB marks where its pages begin.
  let printed: PrintPages | undefined;
  const pdf = await renderPdf(model, { ...context, reportPrintPages: (pages) => (printed = pages) });
  hooks.betweenWriters?.(model);
  const epub = await renderEpub(model, { ...context, ...(printed ? { printPages: printed } : {}) });
  return { model, epub, pdf };
}

/** Both files of a build read back and compared. */
export interface Parity {
  epub: EpubReading;
  pdf: PdfReading;
  comparison: Comparison;
}

/** Reads both files of a build (the PDF through a file in `dir`) and compares them. */
export async function parityOf(built: Built, template: Template, dir: string, name = 'parity'): Promise<Parity> {
  const epub = await readEpub(built.epub);
  const pdf = readPdf(writeInto(dir, `${name}.pdf`, built.pdf), { noteIds: new Set(built.model.notes.map((note) => note.id)), template });
  const notesAtTheEnd = template.print.footnotes.placement === 'endnotes';
  return { epub, pdf, comparison: compare(epub, pdf, allowedDifferences(epub, built.model, template), notesAtTheEnd) };
}

// ---------------------------------------------------------------------------------------------
// The differences allowed, each by a rule that names it

export interface Allowance {
  /** Which difference, and why it is one. */
  rule: string;
  /** The side that has the words the other lacks. */
  side: 'epub' | 'pdf';
  words: string[];
}

const URLISH = /^(https?:\/\/|ftp:\/\/|www\.|mailto:)\S+$/i;

/**
 * The words one format shows and the other does not, by design: what the template adds around
 * the content, and what each medium draws its own way. Worked out from the EPUB's markup and the
 * template, never from the PDF.
 */
export function allowedDifferences(epub: EpubReading, model: DocumentModel, template: Template): Allowance[] {
  const print = template.print;
  const labels = labelsFor(model.article.lang);
  const allowances: Allowance[] = [];
  const add = (rule: string, side: Allowance['side'], words: string[]) => {
    if (words.length > 0) allowances.push({ rule, side, words });
  };

  // The EPUB numbers ordered lists with CSS (list-style), which is no text; print sets each number.
  const numbers: string[] = [];
  for (const list of descendants(epub.body, 'ol')) {
    const items = elementChildren(list).filter((child) => child.localName === 'li');
    const reversed = list.hasAttribute('reversed');
    const start = list.hasAttribute('start') ? Number(list.getAttribute('start')) : reversed ? items.length : 1;
    items.forEach((item, index) => {
      if (!isTaskItem(item)) numbers.push(String(start + index * (reversed ? -1 : 1)));
    });
  }
  add('ordered-list numbers: the EPUB draws them with CSS, print sets them', 'pdf', numbers.flatMap(wordsOf));

  // A note cited more than once gets a back link to each further citation (↩2) in the EPUB; paper has nowhere to go back to.
  const backLinks = descendants(epub.body, 'a').filter((link) => link.getAttribute('role') === 'doc-backlink' && !(link.getAttribute('class') ?? '').split(' ').includes('note-number'));
  add('back links to a note\'s further citations (↩2): EPUB only', 'epub', backLinks.flatMap((link) => wordsOf(textContent(link))));

  if (print.links.printUrls) {
    // print_urls: paper shows each link's address after its words, unless the words are the address.
    const printed = descendants(epub.body, 'a').flatMap((link) => {
      const href = link.getAttribute('href') ?? '';
      if (href === '' || href.startsWith('#')) return [];
      const text = textContent(link);
      const isUrlText = text === href || text === href.replace(/^mailto:/, '') || URLISH.test(text);
      return isUrlText ? [] : wordsOf(href.replace(/^mailto:/, ''));
    });
    add('link addresses printed after their words (print links.print_urls)', 'pdf', printed);
  }

  if (print.footnotes.placement === 'endnotes' && model.notes.length > 0) {
    add(`the endnotes' heading "${labels.notes}" (print footnotes.placement: endnotes; the EPUB's notes section is labelled for screen readers only)`, 'pdf', wordsOf(labels.notes));
  }
  // Characters no font of the template has print as a replacement mark, with a warning (pdf-glyph).
  const unprintable = new Set(model.file.messages.filter((message) => message.ruleId === 'pdf-glyph').map((message) => /the character "([^"]+)"/.exec(message.reason)?.[1] ?? ''));
  unprintable.delete('');
  if (unprintable.size > 0) {
    const lacking = epub.words.filter((word) => [...unprintable].some((character) => word.includes(character)));
    const rule = `characters no font of the template has (${[...unprintable].join(' ')}): print shows a replacement mark, with a pdf-glyph warning`;
    add(rule, 'epub', lacking);
    add(rule, 'pdf', lacking.flatMap((word) => wordsOf([...unprintable].reduce((rest, character) => rest.split(character).join(' '), word))));
  }
  // Right-to-left letters set left to right by an override (<bdo dir="ltr">, or LRO … PDF in the text): poppler
  // takes every such letter for one drawn right to left, and reads them back to front (as readingOrder does).
  const overridden = [
    ...descendants(epub.body, 'bdo')
      .filter((element) => element.getAttribute('dir') === 'ltr')
      .map(textContent),
    ...[...textContent(epub.body).matchAll(/\u202D([^\u202C]*)/g)].map((match) => match[1]!),
  ]
    .flatMap(wordsOf)
    .filter((word) => readingOrder(word) !== word);
  add('right-to-left letters set left to right by an override (bdo dir="ltr", LRO): poppler reads them back to front', 'epub', overridden);
  add('right-to-left letters set left to right by an override (bdo dir="ltr", LRO): poppler reads them back to front', 'pdf', overridden.map(readingOrder));
  if (print.titleBlock.showIdentifier) {
    add('the identifier line of the title block (print title_block.show_identifier)', 'pdf', wordsOf(model.article.identifier));
  }
  return allowances;
}

/** A task list item: its label is a checkbox, in either format. */
function isTaskItem(item: XmlElement): boolean {
  const first = elementChildren(item)[0];
  const box = first?.localName === 'p' ? elementChildren(first)[0] : first;
  return box?.localName === 'input' && box.getAttribute('type') === 'checkbox';
}

// ---------------------------------------------------------------------------------------------
// Comparing

export interface Comparison {
  /** Words the EPUB shows more often than the PDF, and the other way round (after the allowances). */
  onlyInEpub: Record<string, number>;
  onlyInPdf: Record<string, number>;
  /** Allowances whose words were not there to take away: the rule describes a difference that is not. */
  unusedAllowances: string[];
  /** Table header rows the PDF repeats after a break. */
  repeatedHeaders: string[];
  external: { epub: string[]; pdf: string[] };
  internal: { epub: string[]; pdf: string[] };
  /**
   * Each citation's number and the note it leads to, in reading order when the notes are at the end
   * (as in the EPUB); else sorted, as notes at the foot of a page are read with that page, before
   * the next page's citations.
   */
  citations: { epub: string[]; pdf: string[] };
  /** EPUB heading ids that are no named destination of the PDF. */
  headingsWithoutDestination: string[];
  /** PDF named destinations that are no id in the EPUB. */
  destinationsWithoutId: string[];
  /** PDF links to a destination it does not have. */
  brokenPdfLinks: string[];
}

function counts(words: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const word of words) map.set(word, (map.get(word) ?? 0) + 1);
  return map;
}

function take(map: Map<string, number>, word: string): boolean {
  const count = map.get(word) ?? 0;
  if (count === 0) return false;
  if (count === 1) map.delete(word);
  else map.set(word, count - 1);
  return true;
}

const sorted = <T>(values: readonly T[]) => [...values].map(String).sort();

export function compare(epub: EpubReading, pdf: PdfReading, allowances: Allowance[], notesAtTheEnd: boolean): Comparison {
  const sides = { epub: counts(epub.words), pdf: counts(pdf.words) };
  const unusedAllowances: string[] = [];
  for (const allowance of allowances) {
    const missing = allowance.words.filter((word) => !take(sides[allowance.side], word));
    if (missing.length > 0) unusedAllowances.push(`${allowance.rule}: ${missing.join(' ')} not in the ${allowance.side.toUpperCase()}`);
  }
  // Words left common to both cancel out.
  for (const [word, count] of [...sides.epub]) {
    const other = sides.pdf.get(word) ?? 0;
    const common = Math.min(count, other);
    for (let index = 0; index < common; index++) {
      take(sides.epub, word);
      take(sides.pdf, word);
    }
  }
  // A table's header rows are drawn again at the top of each column or page the table runs on to:
  // whole copies of them, at most one a column after the first.
  const repeatedHeaders: string[] = [];
  let breaks = pdf.frames - 1;
  for (const header of epub.tableHeaders) {
    while (breaks > 0 && header.length > 0 && header.every((word) => (sides.pdf.get(word) ?? 0) >= header.filter((other) => other === word).length)) {
      for (const word of header) take(sides.pdf, word);
      repeatedHeaders.push(header.join(' '));
      breaks--;
    }
  }
  const anchorsOfHeadings = epub.headingIds.filter((id) => !pdf.anchors.has(id));
  return {
    onlyInEpub: Object.fromEntries([...sides.epub].sort()),
    onlyInPdf: Object.fromEntries([...sides.pdf].sort()),
    unusedAllowances,
    repeatedHeaders,
    external: { epub: sorted(epub.external.map(normaliseUri)), pdf: sorted(pdf.external.map(normaliseUri)) },
    internal: { epub: sorted(epub.internal), pdf: sorted(pdf.internal) },
    citations: { epub: citationsOf(epub.citations, notesAtTheEnd), pdf: citationsOf(pdf.citations, notesAtTheEnd) },
    headingsWithoutDestination: anchorsOfHeadings,
    destinationsWithoutId: [...pdf.anchors].filter((name) => !epub.anchors.has(name)).sort(),
    brokenPdfLinks: pdf.internal.filter((name) => !pdf.anchors.has(name)),
  };
}

function citationsOf(citations: readonly Citation[], inOrder: boolean): string[] {
  const written = citations.map(({ number, note }) => `${number}→#${note}`);
  return inOrder ? written : written.sort();
}

/** One spelling of an address: percent-encoding of characters outside ASCII either way. */
function normaliseUri(uri: string): string {
  try {
    return encodeURI(decodeURI(uri));
  } catch {
    return uri;
  }
}

/** Writes bytes into `dir` under `name` and returns the path (poppler and qpdf read files). */
export function writeInto(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Everything the two formats must agree on; `what` names the case in each failure. */
export function expectParity(parity: Parity, what: string): void {
  const { comparison } = parity;
  expect(comparison.unusedAllowances, `${what}: a rule allows a difference that is not there`).toEqual([]);
  expect({ onlyInEpub: comparison.onlyInEpub, onlyInPdf: comparison.onlyInPdf }, `${what}: words`).toEqual({ onlyInEpub: {}, onlyInPdf: {} });
  expect(comparison.external.pdf, `${what}: web, mail and phone links`).toEqual(comparison.external.epub);
  expect(comparison.internal.pdf, `${what}: links inside the article`).toEqual(comparison.internal.epub);
  expect(comparison.citations.pdf, `${what}: note citations`).toEqual(comparison.citations.epub);
  expect(comparison.headingsWithoutDestination, `${what}: headings the PDF cannot link to`).toEqual([]);
  expect(comparison.destinationsWithoutId, `${what}: PDF destinations the EPUB does not have`).toEqual([]);
  expect(comparison.brokenPdfLinks, `${what}: PDF links to no destination`).toEqual([]);
}
