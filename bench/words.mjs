// Which words of a manuscript are missing from a PDF's extracted text (pdftotext)?
// Counting words on both sides disagrees for reasons that lose nothing (Markdown syntax, URLs,
// hyphenation, running heads), so each word of the manuscript's text, reduced to its letters and
// digits, is looked up among the PDF's words, also reduced. A word broken across lines (by
// hyphenation, a wrapped code line, a narrow table column) counts as present when the pieces make it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const bare = (word) => word.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function countInto(counts, word) {
  const key = bare(word);
  if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Blocks whose inline content reads as one run of text (`a `code`-b` is one word, as printed). */
const RUNS_OF_TEXT = new Set(['paragraph', 'heading', 'tableCell']);

/** Words of the text a reader would see: text, code and inline code, not URLs or syntax. */
async function manuscriptWords(manuscript) {
  const { readManuscript, newManuscriptFile } = await import(pathToFileURL(path.join(ROOT, 'dist', 'read', 'manuscript.js')).href);
  const { tree, article } = readManuscript(manuscript, newManuscriptFile(manuscript));
  const counts = new Map();
  // Raw HTML inside text prints no letters of its own; a line break (`<br>` too) separates words.
  const inlineText = (node) =>
    node.type === 'break'
      ? ' '
      : node.type === 'html'
        ? /^<br\s*\/?>$/i.test(node.value) ? ' ' : ''
        : typeof node.value === 'string'
          ? node.value
          : (node.children ?? []).map(inlineText).join('');
  const visit = (node) => {
    if (RUNS_OF_TEXT.has(node.type) || node.type === 'code') {
      for (const word of inlineText(node).split(/\s+/)) countInto(counts, word);
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
  for (const word of `${article.title} ${article.dek ?? ''}`.split(/\s+/)) countInto(counts, word);
  return counts;
}

function pdfWords(pdf) {
  const run = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  const counts = new Map();
  // Blank lines dropped: a word can break across a column or a page.
  const lines = run.stdout
    .split('\n')
    .map((line) => line.split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
  lines.forEach((words, index) => {
    for (const word of words) countInto(counts, word);
    // A narrow table column breaks one word over several lines.
    let joined = words[words.length - 1];
    for (let next = index + 1; next < Math.min(lines.length, index + 8); next++) {
      joined += lines[next][0];
      countInto(counts, joined);
      if (lines[next].length > 1) break;
    }
    // A word hyphenated at a page's last line of text goes on at the top of the next page, after the
    // page's footnotes (which pdftotext reads in between).
    const last = words[words.length - 1];
    if (/\p{L}-$/u.test(last)) {
      for (let next = index + 2; next < Math.min(lines.length, index + 40); next++) countInto(counts, last + lines[next][0]);
    }
  });
  return counts;
}

/** `{ words, missing, examples }`: how many of the manuscript's words the PDF text lacks. */
export async function missingWords(manuscript, pdf) {
  const wanted = await manuscriptWords(manuscript);
  const found = pdfWords(pdf);
  let words = 0;
  let missing = 0;
  const examples = [];
  for (const [word, count] of wanted) {
    words += count;
    const lacking = count - (found.get(word) ?? 0);
    if (lacking > 0) {
      missing += lacking;
      examples.push(word);
    }
  }
  return { words, missing, examples };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [manuscript, pdf] = process.argv.slice(2);
  if (!manuscript || !pdf) {
    console.error('usage: node bench/words.mjs MANUSCRIPT.md BOOK.pdf');
    process.exit(2);
  }
  const result = await missingWords(manuscript, pdf);
  console.log(`${result.missing} of ${result.words} words missing${result.examples.length ? `, e.g. ${result.examples.slice(0, 12).join(' ')}` : ''}`);
}
