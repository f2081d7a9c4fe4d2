import { RIGHT_TO_LEFT_LETTER, RIGHT_TO_LEFT_SCRIPTS } from '../../core/direction.js';

/**
 * The Unicode Bidirectional Algorithm (UAX #9) over the runs of a paragraph: stretches of one kind of
 * character (right-to-left letters, other letters, a number, punctuation and spaces). HarfBuzz sets
 * the letters within each run in order; this decides where each run goes on its line. Resolved over
 * the whole paragraph (W7, N1, N2, I1, I2), reordered line by line (L2). Left out, as newspaper text
 * does not need them: explicit embeddings and isolates, and the pairing of brackets (N0).
 */

/** A run's bidirectional type: strong left to right or right to left, a European or Arabic number, or neutral. */
export type BidiType = 'L' | 'R' | 'EN' | 'AN' | 'ON';

// Digits 0-9 and the Persian ones are European numbers (EN), the Arabic-Indic ones Arabic numbers (AN).
// A number keeps its separators (W4, W5 as far as words need them): 1,234.5 and 2024-05-02 are one run.
const RUNS = new RegExp(
  [
    '(?<en>[0-9\\u06F0-\\u06F9]+(?:[.,:/+\\-][0-9\\u06F0-\\u06F9]+)*%?)',
    '(?<an>[\\u0660-\\u0669]+(?:[.,\\u066B\\u066C][\\u0660-\\u0669]+)*)',
    // Letters of a right-to-left script with their marks and joiners (ZWNJ keeps a Persian word whole).
    `(?<r>(?:(?=[${RIGHT_TO_LEFT_SCRIPTS}])\\p{L}|\\p{M}|\\u200C|\\u200D)*(?=[${RIGHT_TO_LEFT_SCRIPTS}])\\p{L}(?:(?=[${RIGHT_TO_LEFT_SCRIPTS}])\\p{L}|\\p{M}|\\u200C|\\u200D)*)`,
    '(?<l>(?:(?![0-9\\u06F0-\\u06F9\\u0660-\\u0669])[\\p{L}\\p{M}\\p{Nd}\\u200C\\u200D])+)',
    '(?<on>[^])',
  ].join('|'),
  'gu',
);

/** The runs of `text`, in order; consecutive neutral characters are one run. */
export function bidiRuns(text: string): { text: string; type: BidiType }[] {
  const runs: { text: string; type: BidiType }[] = [];
  for (const match of text.matchAll(RUNS)) {
    const groups = match.groups!;
    const type: BidiType = groups.en ? 'EN' : groups.an ? 'AN' : groups.r ? 'R' : groups.l ? 'L' : 'ON';
    const last = runs[runs.length - 1];
    if (type === 'ON' && last?.type === 'ON') last.text += match[0];
    else runs.push({ text: match[0], type });
  }
  return runs;
}

/** A paragraph's direction (rules P2, P3): that of its first letter of a strong direction; left to right without one. */
export function paragraphIsRightToLeft(text: string): boolean {
  const first = /\p{L}/u.exec(text);
  return first !== null && RIGHT_TO_LEFT_LETTER.test(first[0]);
}

/**
 * Each run's embedding level, for a paragraph's runs in order: numbers after left-to-right text are
 * left to right (W7); neutrals between runs of one direction take it, numbers counting as right to
 * left, and others the paragraph's (N1, N2); then levels (I1, I2).
 */
export function resolveLevels(types: readonly BidiType[], rightToLeft: boolean): number[] {
  const base: BidiType = rightToLeft ? 'R' : 'L';
  let strong = base;
  const resolved = types.map((type) => {
    if (type === 'L' || type === 'R') strong = type;
    return type === 'EN' && strong === 'L' ? 'L' : type;
  });
  const direction = (type: BidiType) => (type === 'L' ? 'L' : 'R');
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
  return resolved.map((type) => (rightToLeft ? (type === 'R' ? 1 : 2) : type === 'L' ? 0 : type === 'R' ? 1 : 2));
}

/** The order in which a line's runs are seen, left to right, as indexes into `levels` (L2). */
export function reorder(levels: readonly number[]): number[] {
  const order = levels.map((_, index) => index);
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

/**
 * The runs of a line of text drawn on its own (a running header or footer), in the order they are
 * seen. Each is to be drawn by itself: HarfBuzz sets a run of right-to-left letters right to left.
 */
export function runsInVisualOrder(text: string, rightToLeft: boolean): string[] {
  if (!rightToLeft && !RIGHT_TO_LEFT_LETTER.test(text)) return [text];
  const runs = bidiRuns(text);
  return reorder(resolveLevels(runs.map((run) => run.type), rightToLeft)).map((index) => runs[index]!.text);
}
