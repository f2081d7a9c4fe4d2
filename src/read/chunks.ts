import { frontMatterFences } from './dialects/fences.js';
import type { List, Root, RootContent } from 'mdast';

/**
 * micromark's time grows faster than the length of what it parses (a 2 MB manuscript takes
 * seven times as long as the same text in 4 KB pieces), so long manuscripts are parsed in
 * pieces cut where CommonMark guarantees a new top-level block begins, and joined again.
 * The result is the tree a single parse would give, positions included.
 */
export const CHUNK_SIZE = 4096;

export interface Chunk {
  text: string;
  /** 1-based line of the chunk's first character in the whole text. */
  startLine: number;
  startOffset: number;
  /** The chunk starts with an item of the list the previous chunk ended with: join the two lists. */
  continuesList: boolean;
  /** The text ends inside a fenced code or HTML block (only the last chunk can): nothing may be appended. */
  endsOpen?: boolean;
}

const FENCE = /^\s*(`{3,}|~{3,})([^`]*)$/;
const LIST_MARKER = /^([-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const DEFINITION = /^ {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:/;
const HTML_BLOCKS: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/],
];

/** Cuts the text into chunks of about `size` characters at blank lines that end every open block. */
export function splitIntoChunks(text: string, size: number = CHUNK_SIZE): Chunk[] {
  const whole: Chunk[] = [{ text, startLine: 1, startOffset: 0, continuesList: false }];
  if (text.length <= size) return whole;
  const lines = text.split('\n');
  // Front matter must stay whole in the first chunk; an unclosed one keeps the text whole.
  let firstSplittableLine = 1;
  const closingFence = frontMatterFences(lines[0] ?? '');
  if (closingFence) {
    const closing = lines.findIndex((line, index) => index > 0 && closingFence.test(line));
    if (closing === -1) return whole;
    firstSplittableLine = closing + 2;
  }
  const chunks: Chunk[] = [];
  let current = { line: 1, offset: 0, continuesList: false };
  let offset = 0;
  let fence: { marker: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let previousBlank = false;
  let lastListMarker: string | undefined;

  lines.forEach((line, index) => {
    const blank = line.trim() === '';
    const atColumnZero = /^\S/.test(line);
    if (
      index >= firstSplittableLine &&
      offset - current.offset >= size &&
      previousBlank &&
      atColumnZero &&
      !fence &&
      !htmlEnd &&
      !/^(---|\+\+\+)/.test(line)
    ) {
      chunks.push({ text: text.slice(current.offset, offset), startLine: current.line, startOffset: current.offset, continuesList: current.continuesList });
      const marker = LIST_MARKER.exec(line)?.[1];
      current = {
        line: index + 1,
        offset,
        continuesList: marker !== undefined && lastListMarker !== undefined && listKind(marker) === listKind(lastListMarker),
      };
    }
    if (fence) {
      const closing = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (closing && closing[1]![0] === fence.marker && closing[1]!.length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else {
      const opening = FENCE.exec(line);
      if (opening && !(opening[1]![0] === '`' && opening[2]!.includes('`'))) {
        fence = { marker: opening[1]![0]!, length: opening[1]!.length };
      } else {
        const html = HTML_BLOCKS.find(([start]) => start.test(line));
        if (html && !html[1].test(line.replace(html[0], ''))) htmlEnd = html[1];
      }
      // A new block at column 0 ends the list, unless it is an item; a line right after text is a lazy continuation.
      const marker = atColumnZero ? LIST_MARKER.exec(line)?.[1] : undefined;
      if (marker) lastListMarker = marker;
      else if (atColumnZero && previousBlank) lastListMarker = undefined;
    }
    previousBlank = blank;
    offset += line.length + 1;
  });
  chunks.push({
    text: text.slice(current.offset),
    startLine: current.line,
    startOffset: current.offset,
    continuesList: current.continuesList,
    endsOpen: fence !== undefined || htmlEnd !== undefined,
  });
  return chunks;
}

/** Bullets of one character, or numbers with one delimiter, make one list in CommonMark. */
function listKind(marker: string): string {
  return /\d/.test(marker) ? `ordered${marker.slice(-1)}` : marker;
}

/**
 * Parses every chunk and joins the trees. References and footnotes may be defined in another
 * chunk than the one that uses them: each chunk is given stand-in definitions for the labels it
 * uses but does not define, so that it parses them as references; the stand-ins are dropped after.
 */
export function parseInChunks(text: string, parseChunk: (chunkText: string) => Root, size: number = CHUNK_SIZE): Root {
  const chunks = splitIntoChunks(text, size);
  if (chunks.length === 1) return parseChunk(text);
  return joinChunks(text, chunks, parseChunks(text, chunks, parseChunk, 0, chunks.length));
}

/**
 * Parses chunks `from` to `to` (exclusive) on their own, positions already those of the whole
 * text, ready for `joinChunks`; two threads can each parse some of a text's chunks this way.
 */
export function parseChunks(text: string, chunks: readonly Chunk[], parseChunk: (chunkText: string) => Root, from: number, to: number): Root[] {
  if (chunks.length === 1) return from === 0 && to > 0 ? [parseChunk(text)] : [];
  const labels = definedLabels(text);
  return chunks.slice(from, to).map((chunk) => {
    const stubs = chunk.endsOpen ? '' : stubDefinitions(chunk.text, labels);
    const tree = parseChunk(stubs ? `${chunk.text}\n\n${stubs}\n` : chunk.text);
    tree.children = tree.children.filter((node) => (node.position?.start.offset ?? 0) < chunk.text.length);
    for (const node of tree.children) shiftPositions(node, chunk);
    return tree;
  });
}

/** The tree of the whole text from the trees of all its chunks, in order. */
export function joinChunks(text: string, chunks: readonly Chunk[], trees: readonly Root[]): Root {
  if (trees.length !== chunks.length) throw new Error(`joinChunks: ${trees.length} trees for ${chunks.length} chunks`);
  if (trees.length === 1) return trees[0]!;
  const root: Root = { type: 'root', children: [] };
  trees.forEach((tree, index) => {
    const children = [...tree.children];
    const previous = root.children[root.children.length - 1];
    const first = children[0];
    if (chunks[index]!.continuesList && previous?.type === 'list' && first?.type === 'list' && previous.ordered === first.ordered) {
      joinLists(previous, first);
      children.shift();
    }
    root.children.push(...children);
  });
  const lastLineStart = text.lastIndexOf('\n') + 1;
  root.position = {
    start: { line: 1, column: 1, offset: 0 },
    end: { line: text.split('\n').length, column: text.length - lastLineStart + 1, offset: text.length },
  };
  return root;
}

/** Where the second of two halves of the chunks begins: about half the text on each side. */
export function middleChunk(chunks: readonly Chunk[]): number {
  const total = chunks.reduce((sum, chunk) => sum + chunk.text.length, 0);
  let seen = 0;
  for (let index = 0; index < chunks.length; index++) {
    if (seen >= total / 2) return index;
    seen += chunks[index]!.text.length;
  }
  return chunks.length;
}

function joinLists(list: List, continuation: List): void {
  list.children.push(...continuation.children);
  // The two halves were cut at a blank line between items: the joined list is loose.
  list.spread = true;
  if (list.position && continuation.position) list.position.end = continuation.position.end;
}

/**
 * Every label given a definition anywhere (`[label]: url` or `[^note]: text`), normalised as CommonMark
 * matches them. A definition cannot interrupt a paragraph: a line of a paragraph that happens to begin
 * with `[label]:` defines nothing (it is a reference followed by a colon).
 */
function definedLabels(text: string): Set<string> {
  const labels = new Set<string>();
  let startsBlock = true;
  // What the last definition may still take on the next line: its address, or its title.
  let pending: 'destination' | 'title' | undefined;
  for (const line of text.split('\n')) {
    if (pending === 'destination' && line.trim() !== '') {
      pending = /^\s*\S+\s*$/.test(line) ? 'title' : undefined;
      continue;
    }
    if (pending === 'title' && /^\s*["'(]/.test(line)) {
      pending = undefined;
      continue;
    }
    const match = startsBlock ? DEFINITION.exec(line) : null;
    if (match) {
      labels.add(normaliseLabel(match[1]!));
      const rest = line.slice(match[0].length).trim();
      pending = rest === '' ? 'destination' : /^\S+$/.test(rest) ? 'title' : undefined;
      continue;
    }
    pending = undefined;
    // After a blank line or a heading (or a definition, above), a new block, perhaps a definition, may start.
    startsBlock = line.trim() === '' || /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line);
  }
  return labels;
}

function stubDefinitions(chunkText: string, labels: Set<string>): string {
  if (labels.size === 0 || !chunkText.includes('[')) return '';
  const defined = definedLabels(chunkText);
  const stubs = new Set<string>();
  // Labels hold no unescaped brackets, so `[![badge]][link]` yields both `badge` and `link`.
  for (const match of chunkText.matchAll(/\[((?:[^[\]\\]|\\.){1,999})\]/g)) {
    const label = normaliseLabel(match[1]!);
    if (labels.has(label) && !defined.has(label)) stubs.add(label.startsWith('^') ? `[${label}]: stand-in` : `[${label}]: #stand-in`);
  }
  // Blank lines between: a footnote stub's text would otherwise swallow the next stub as a lazy line.
  return [...stubs].join('\n\n');
}

function normaliseLabel(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, ' ');
}

function shiftPositions(node: RootContent, chunk: Chunk): void {
  if (chunk.startOffset === 0) return;
  const stack: { position?: Root['position']; children?: unknown[] }[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.position) {
      for (const point of [current.position.start, current.position.end]) {
        point.line += chunk.startLine - 1;
        if (point.offset !== undefined) point.offset += chunk.startOffset;
      }
    }
    if (current.children) stack.push(...(current.children as (typeof stack)[number][]));
  }
}
