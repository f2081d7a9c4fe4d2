import { RIGHT_TO_LEFT_LETTER } from '../fonts/direction.js';

/**
 * The Unicode Bidirectional Algorithm (UAX #9), with the words of a line as its units: what a word is
 * made of decides its direction, HarfBuzz has already set the letters within each word in order, and
 * this puts the words of a line in the order they are seen. Simplified where newspaper text does not
 * need more: no explicit embeddings or isolates, and punctuation typed against a word stays with it.
 */

/** A word's bidirectional type: strong left-to-right or right-to-left, a European or Arabic number, or neutral (spaces, punctuation, pictures). */
export type WordType = 'L' | 'R' | 'EN' | 'AN' | 'ON';

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const ARABIC_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/;
const DIGIT = /\p{Nd}/u;

export function wordType(text: string): WordType {
  if (RIGHT_TO_LEFT_LETTER.test(text)) return 'R';
  if (!LETTER_OR_DIGIT.test(text)) return 'ON';
  if (/\p{L}/u.test(text)) return 'L';
  if (ARABIC_DIGIT.test(text)) return 'AN';
  return DIGIT.test(text) ? 'EN' : 'ON';
}

/** A paragraph's direction (rules P2, P3): that of its first letter of a strong direction; left to right without one. */
export function paragraphIsRightToLeft(text: string): boolean {
  const first = /\p{L}/u.exec(text);
  return first !== null && RIGHT_TO_LEFT_LETTER.test(first[0]);
}

/**
 * The order in which a line's words are seen, left to right, as indexes into `types` (their order in
 * the text). Resolves numbers (W7), then neutrals (N1, N2), gives each word its level (I1, I2) and
 * reverses every run at each level from the highest down (L2).
 */
export function visualOrder(types: readonly WordType[], rightToLeft: boolean): number[] {
  const base: WordType = rightToLeft ? 'R' : 'L';
  // W7: a European number after left-to-right text (or at the start of a left-to-right paragraph) is left to right.
  let strong = base;
  const resolved = types.map((type) => {
    if (type === 'L' || type === 'R') strong = type;
    return type === 'EN' && strong === 'L' ? 'L' : type;
  });
  // N1, N2: neutrals between two words of one direction (numbers count as right to left) take it, others the paragraph's.
  const direction = (type: WordType) => (type === 'L' ? 'L' : 'R');
  for (let start = 0; start < resolved.length; ) {
    if (resolved[start] !== 'ON') {
      start++;
      continue;
    }
    let end = start;
    while (end < resolved.length && resolved[end] === 'ON') end++;
    const before = start > 0 ? direction(resolved[start - 1]!) : base;
    const after = end < resolved.length ? direction(resolved[end]!) : base;
    const fill = before === after ? before : base;
    for (let index = start; index < end; index++) resolved[index] = fill;
    start = end;
  }
  const levels = resolved.map((type) => (rightToLeft ? (type === 'R' ? 1 : 2) : type === 'L' ? 0 : type === 'R' ? 1 : 2));
  const order = types.map((_, index) => index);
  const highest = Math.max(0, ...levels);
  for (let level = highest; level >= 1; level--) {
    for (let start = 0; start < order.length; ) {
      if (levels[order[start]!]! < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < order.length && levels[order[end]!]! >= level) end++;
      const run = order.slice(start, end).reverse();
      order.splice(start, run.length, ...run);
      start = end;
    }
  }
  return order;
}

/** A line of text drawn as one string (a running header or footer) with its words in the order they are seen. */
export function wordsInVisualOrder(text: string): string {
  if (!RIGHT_TO_LEFT_LETTER.test(text)) return text;
  const tokens = text.split(/( +)/).filter((token) => token !== '');
  const order = visualOrder(
    tokens.map((token) => (token.trim() === '' ? 'ON' : wordType(token))),
    paragraphIsRightToLeft(text),
  );
  return order.map((index) => tokens[index]).join('');
}
