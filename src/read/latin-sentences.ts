import {
  CLOSING_AFFIX,
  INNER_WORD_SYMBOL,
  LOWER_CASE_INITIAL,
  NUMERICAL,
  PUNCTUATION,
  TERMINAL_MARKER,
  WHITE_SPACE,
  WORD,
} from './latin-characters.js';

/**
 * Splits text into sentences, words, white space, punctuation and symbols exactly as parse-latin
 * 7.0.0 does (the parser behind remark-smartypants), because which curly quote a straight one
 * becomes depends on its neighbours in that tree: where a sentence starts, whether an apostrophe
 * sits inside a word. Only the tree's shape is kept: no positions, no root level (which splits
 * paragraphs at line breaks but never changes a sentence). Each step below ports one parse-latin
 * plugin, in parse-latin's order, with its quirks; a step that walks a list while changing it
 * follows parse-latin's index arithmetic, since which node is looked at next changes the result.
 */

export interface Leaf {
  /** `text` is a run of word characters inside a word. */
  type: 'whiteSpace' | 'punctuation' | 'symbol' | 'text';
  value: string;
}

export interface Word {
  type: 'word';
  children: Leaf[];
}

export interface Sentence {
  type: 'sentence';
  children: SentenceContent[];
}

export type SentenceContent = Word | Leaf;
/** A paragraph holds sentences and the white space between them. */
export type ParagraphContent = Sentence | Leaf;
type Node = ParagraphContent | SentenceContent;

export function isMark(node: Node | undefined): node is Leaf {
  return node !== undefined && (node.type === 'punctuation' || node.type === 'symbol');
}

export function textOf(node: Node): string {
  return 'value' in node ? node.value : joinText(node.children);
}

export function joinText(nodes: readonly Node[]): string {
  let text = '';
  for (const node of nodes) text += textOf(node);
  return text;
}

/** The sentences of a text, and the white space between them, as parse-latin's paragraph holds them. */
export function parseParagraph(text: string): ParagraphContent[] {
  let tokens = tokenize(text);
  for (const merge of [mergeInitialAmpersands, mergeFinalHyphens, mergeInnerWordSymbols, mergeShortSlashedWords, mergeInitialisms]) {
    tokens = merge(tokens);
  }
  const paragraph: ParagraphContent[] = splitAtTerminalMarkers(tokens);
  for (const step of PARAGRAPH_STEPS) step(paragraph);
  return paragraph;
}

/** `push(...items)` without its limit on the number of arguments: a sentence can hold a whole chunk. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

type TokenType = 'word' | 'whiteSpace' | 'punctuation' | 'symbol';

const ASCII_TYPES: TokenType[] = Array.from({ length: 128 }, (_, code) => classify(String.fromCharCode(code)));

function classify(character: string): TokenType {
  if (WHITE_SPACE.test(character)) return 'whiteSpace';
  if (PUNCTUATION.test(character)) return 'punctuation';
  if (WORD.test(character)) return 'word';
  return 'symbol';
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Runs of word characters or of white space make one token; marks only while the character repeats (or is half of a surrogate pair). */
function tokenize(text: string): SentenceContent[] {
  const tokens: SentenceContent[] = [];
  let from = 0;
  let previousType: TokenType | undefined;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const type = code < 128 ? ASCII_TYPES[code]! : classify(text[index]!);
    const continues =
      type === previousType && (type === 'word' || type === 'whiteSpace' || code === text.charCodeAt(index - 1) || isSurrogate(code));
    if (index > from && !continues) {
      tokens.push(token(previousType!, text.slice(from, index)));
      from = index;
    }
    previousType = type;
  }
  if (text.length > from) tokens.push(token(previousType!, text.slice(from)));
  return tokens;
}

function token(type: TokenType, value: string): SentenceContent {
  return type === 'word' ? { type, children: [{ type: 'text', value }] } : { type, value };
}

// Sentence steps. parse-latin runs them on the whole text as one sentence, each a walk that may
// fold the current token into a neighbouring word; here each builds the new list as it goes.

/** An `&` that no word precedes joins the word after it: `&c`. */
function mergeInitialAmpersands(tokens: SentenceContent[]): SentenceContent[] {
  const merged: SentenceContent[] = [];
  tokens.forEach((node, index) => {
    const next = tokens[index + 1];
    if (isMark(node) && node.value === '&' && merged.at(-1)?.type !== 'word' && next?.type === 'word') next.children.unshift(node);
    else merged.push(node);
  });
  return merged;
}

/** A hyphen after a word and before no word joins that word: `pre-` in `pre- and post-war`. */
function mergeFinalHyphens(tokens: SentenceContent[]): SentenceContent[] {
  const merged: SentenceContent[] = [];
  tokens.forEach((node, index) => {
    const previous = merged.at(-1);
    if (isMark(node) && node.value === '-' && previous?.type === 'word' && tokens[index + 1]?.type !== 'word') previous.children.push(node);
    else merged.push(node);
  });
  return merged;
}

/** Words joined by inner-word marks become one word: `don't`, `e.g`, `a-b-c`, `snake_case`. */
function mergeInnerWordSymbols(tokens: SentenceContent[]): SentenceContent[] {
  const merged: SentenceContent[] = [];
  let index = 0;
  while (index < tokens.length) {
    const node = tokens[index]!;
    const previous = merged.at(-1);
    if (isMark(node) && previous?.type === 'word') {
      const joined: Leaf[] = [];
      let pending: Leaf[] = [];
      let position = index;
      for (; position < tokens.length; position++) {
        const sibling = tokens[position]!;
        if (sibling.type === 'word') {
          append(joined, pending);
          append(joined, sibling.children);
          pending = [];
        } else if (isMark(sibling) && INNER_WORD_SYMBOL.test(sibling.value)) {
          pending.push(sibling);
        } else {
          break;
        }
      }
      if (joined.length > 0) {
        append(previous.children, joined);
        // Marks after the last joined word stay, and are looked at again.
        index = position - pending.length;
        continue;
      }
    }
    merged.push(node);
    index++;
  }
  return merged;
}

/** A slash between words of fewer than three characters makes one word of them: `w/o`, but not `and/or`. */
function mergeShortSlashedWords(tokens: SentenceContent[]): SentenceContent[] {
  const merged: SentenceContent[] = [];
  let index = 0;
  while (index < tokens.length) {
    const node = tokens[index]!;
    const previous = merged.at(-1);
    if (isMark(node) && node.value === '/' && previous?.type === 'word') {
      const next = tokens[index + 1];
      const nextWord = next?.type === 'word' ? next : undefined;
      if (textOf(previous).length < 3 && (!nextWord || textOf(nextWord).length < 3)) {
        previous.children.push(node, ...(nextWord?.children ?? []));
        index += nextWord ? 2 : 1;
        continue;
      }
    }
    merged.push(node);
    index++;
  }
  return merged;
}

/** The full stop ending `U.S.A.` or `e.g.` joins the word, unless every letter is a digit (`1.2.`). */
function mergeInitialisms(tokens: SentenceContent[]): SentenceContent[] {
  const merged: SentenceContent[] = [];
  for (const node of tokens) {
    const previous = merged.at(-1);
    if (node.type === 'punctuation' && node.value === '.' && previous?.type === 'word' && isInitialism(previous)) previous.children.push(node);
    else merged.push(node);
  }
  return merged;
}

function isInitialism(word: Word): boolean {
  const parts = word.children;
  if (parts.length === 1 || parts.length % 2 === 0) return false;
  let allDigits = true;
  for (let position = parts.length - 1; position >= 0; position--) {
    const value = parts[position]!.value;
    if (position % 2 === 0) {
      if (value.length > 1) return false;
      if (!NUMERICAL.test(value)) allDigits = false;
    } else if (value !== '.') {
      // Only the last pair must be letter and full stop; an earlier break ends the check.
      if (position < parts.length - 2) break;
      return false;
    }
  }
  return !allDigits;
}

function splitAtTerminalMarkers(tokens: SentenceContent[]): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  tokens.forEach((node, index) => {
    if (index === tokens.length - 1 || (node.type === 'punctuation' && TERMINAL_MARKER.test(node.value))) {
      sentences.push({ type: 'sentence', children: tokens.slice(start, index + 1) });
      start = index + 1;
    }
  });
  return sentences;
}

// Paragraph steps, on the list of sentences (and, from the white-space steps on, white space).

/**
 * parse-latin's unist-util-modify-children walk: the step may return the index to look at next
 * (a negative one means the start).
 */
function modifyEach(step: (child: ParagraphContent, index: number, paragraph: ParagraphContent[]) => number | undefined) {
  return (paragraph: ParagraphContent[]): void => {
    let index = 0;
    while (index < paragraph.length) {
      const next = step(paragraph[index]!, index, paragraph);
      index = next === undefined ? index + 1 : Math.max(next, 0);
    }
  };
}

/** unist-util-visit-children: plain index order, over a list the step may change. */
function visitEach(step: (child: ParagraphContent, index: number, paragraph: ParagraphContent[]) => void) {
  return (paragraph: ParagraphContent[]): void => {
    for (let index = 0; index < paragraph.length; index++) step(paragraph[index]!, index, paragraph);
  };
}

/**
 * A step that joins a sentence to the one before it when `continuesPrevious` says so. parse-latin
 * splices each such sentence out and looks next at what took its place; one pass building the
 * kept list does the same, without a splice per sentence when a chunk holds thousands of them.
 */
function foldIntoPrevious(continuesPrevious: (sentence: Sentence) => boolean) {
  return (paragraph: ParagraphContent[]): void => {
    const kept: ParagraphContent[] = [];
    for (const child of paragraph) {
      const previous = kept.at(-1);
      if (previous?.type === 'sentence' && child.type === 'sentence' && continuesPrevious(child)) append(previous.children, child.children);
      else kept.push(child);
    }
    paragraph.length = 0;
    append(paragraph, kept);
  };
}

function sentenceAt(paragraph: ParagraphContent[], index: number): Sentence | undefined {
  const node = paragraph[index];
  return node?.type === 'sentence' ? node : undefined;
}

const ABBREVIATION_PREFIX = /^([0-9]{1,3}|[a-z]|al|ca|cap|cca|cent|cf|cit|con|cp|cwt|ead|etc|ff|fl|ibid|id|nem|op|pro|seq|sic|stat|tem|viz)$/;

const PARAGRAPH_STEPS: ((paragraph: ParagraphContent[]) => void)[] = [
  // A sentence without words joins the one before it, or else the one after it.
  modifyEach((child, index, paragraph) => {
    if (child.type !== 'sentence' || child.children.some((node) => node.type === 'word')) return undefined;
    const previous = sentenceAt(paragraph, index - 1);
    if (previous) {
      append(previous.children, child.children);
      paragraph.splice(index, 1);
      return index;
    }
    const next = sentenceAt(paragraph, index + 1);
    if (next) {
      next.children = child.children.concat(next.children);
      paragraph.splice(index, 1);
    }
    return undefined;
  }),
  // A closing mark that starts a sentence ends the previous one: `"Go." "Now."`.
  modifyEach((child, index, paragraph) => {
    if (child.type !== 'sentence' || child.children.length === 0 || index === 0) return undefined;
    const previous = sentenceAt(paragraph, index - 1);
    const first = child.children[0];
    if (!previous || !isMark(first) || !CLOSING_AFFIX.test(first.value)) return undefined;
    child.children.shift();
    previous.children.push(first);
    return index - 1;
  }),
  // A sentence whose first word starts in lower case continues the previous one.
  foldIntoPrevious((sentence) => {
    const first = sentence.children.find((node) => node.type === 'word' || isMark(node));
    return first?.type === 'word' && LOWER_CASE_INITIAL.test(textOf(first));
  }),
  // A sentence that starts with a number continues the previous one: `1. 2.`.
  foldIntoPrevious((sentence) => {
    const head = sentence.children[0];
    return head?.type === 'word' && /^\d/.test(textOf(head));
  }),
  // A full stop after an abbreviation (`etc.`, `cf.`, `a.`) joins the word, and the next sentence this one.
  modifyEach((child, index, paragraph) => {
    if (child.type !== 'sentence' || child.children.length < 2) return undefined;
    const period = child.children.at(-1)!;
    const word = child.children.at(-2)!;
    if (!isMark(period) || period.value !== '.' || word.type !== 'word' || !ABBREVIATION_PREFIX.test(textOf(word).toLowerCase())) {
      return undefined;
    }
    word.children.push(period);
    child.children.pop();
    const next = sentenceAt(paragraph, index + 1);
    if (!next) return undefined;
    append(child.children, next.children);
    paragraph.splice(index + 1, 1);
    return index - 1;
  }),
  // A sentence that starts with a comma or semicolon continues the previous one.
  foldIntoPrevious((sentence) => {
    const first = sentence.children.find((node) => node.type === 'word' || isMark(node));
    return isMark(first) && (first.value === ',' || first.value === ';');
  }),
  visitEach(mergeRemainingFullStops),
  // White space at the start of a sentence moves out before it.
  visitEach((child, index, paragraph) => {
    if (child.type !== 'sentence') return;
    const head = child.children[0];
    if (head?.type !== 'whiteSpace') return;
    child.children.shift();
    paragraph.splice(index, 0, head);
  }),
  // White space at the end of a sentence moves out after it.
  modifyEach((child, index, paragraph) => {
    if (child.type !== 'sentence') return undefined;
    const tail = child.children.at(-1);
    if (tail?.type !== 'whiteSpace') return undefined;
    child.children.pop();
    paragraph.splice(index + 1, 0, tail);
    return index;
  }),
  // White space holding a blank line ends a sentence.
  modifyEach((child, index, paragraph) => {
    if (child.type !== 'sentence') return undefined;
    const nodes = child.children;
    for (let position = 1; position < nodes.length - 1; position++) {
      const node = nodes[position]!;
      if (node.type !== 'whiteSpace' || node.value.split(/\r\n|\r|\n/).length < 3) continue;
      child.children = nodes.slice(0, position);
      paragraph.splice(index + 1, 0, node, { type: 'sentence', children: nodes.slice(position + 1) });
      return index + 1;
    }
    return undefined;
  }),
  modifyEach((child, index, paragraph) => {
    if (child.type !== 'sentence' || child.children.length > 0) return undefined;
    paragraph.splice(index, 1);
    return index;
  }),
];

/**
 * A full stop that is not the sentence's last terminal mark joins the word before it, or else the
 * word after it. parse-latin walks the sentence backwards, splicing; this builds the kept nodes
 * backwards instead (`after`, the node right after the current one on top), as a sentence may be
 * a whole chunk with a full stop every few words.
 */
function mergeRemainingFullStops(child: ParagraphContent): void {
  if (child.type !== 'sentence') return;
  const nodes = child.children;
  const after: SentenceContent[] = [];
  let foundDelimiter = false;
  for (let position = nodes.length - 1; position >= 0; position--) {
    const node = nodes[position]!;
    after.push(node);
    if (!isMark(node)) {
      if (node.type === 'word') foundDelimiter = true;
      continue;
    }
    if (!TERMINAL_MARKER.test(node.value)) continue;
    if (!foundDelimiter) {
      foundDelimiter = true;
      continue;
    }
    if (node.value !== '.') continue;
    after.pop();
    const previous = nodes[position - 1];
    const next = after.at(-1);
    if (previous?.type === 'word') {
      // Spaced dots (`. . .`) stay apart.
      const nextNext = after.at(-2);
      if (next?.type === 'whiteSpace' && nextNext && textOf(nextNext) === '.') {
        after.push(node);
        continue;
      }
      previous.children.push(node);
      // parse-latin then steps over the word it just grew.
      after.push(previous);
      position--;
    } else if (next?.type === 'word') {
      next.children.unshift(node);
    } else {
      after.push(node);
    }
  }
  child.children = after.reverse();
}
