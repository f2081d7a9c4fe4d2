import { RIGHT_TO_LEFT_CHARACTER, RIGHT_TO_LEFT_LETTER, RIGHT_TO_LEFT_SIGNS } from '../../core/direction.js';

/**
 * The Unicode Bidirectional Algorithm (UAX #9) over the runs of a paragraph: stretches of one kind of
 * character (right-to-left letters, other letters, a number, punctuation and spaces). HarfBuzz sets
 * the letters within each run in order; this decides where each run goes on its line. Resolved over
 * the whole paragraph (W1 to W7, N0, N1, N2, I1, I2), reordered line by line (L2). Left out, as newspaper
 * text does not need them: explicit embeddings and isolates.
 */

/**
 * A run's bidirectional type: strong left to right, right to left, or Arabic (AL: Arabic, Syriac, Thaana
 * letters, after which European digits are Arabic numbers), a European or Arabic number, a terminator
 * of a European number ($ % # °, ET), or neutral.
 */
export type BidiType = 'L' | 'R' | 'AL' | 'EN' | 'AN' | 'ET' | 'ON';

const STRONG_RIGHT_TO_LEFT = `(?:${RIGHT_TO_LEFT_CHARACTER.source})`;

/** The scripts whose letters are AL, and the signs of theirs that are. */
const ARABIC_LETTER = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Hanifi_Rohingya}]/u;
/** European number terminators (Bidi_Class ET): currency signs, percent and per mille, degree, number sign. */
const TERMINATORS = '#$%\\u00A2-\\u00A5\\u00B0\\u00B1\\u058F\\u0609\\u060A\\u066A\\u09F2\\u09F3\\u09FB\\u0AF1\\u0BF9\\u0E3F\\u17DB\\u2030-\\u2034\\u20A0-\\u20C0\\u212E\\u2213\\uA838\\uA839\\uFE5F\\uFE69\\uFE6A\\uFF03-\\uFF05\\uFFE0\\uFFE1\\uFFE5\\uFFE6';

/** Separators between the parts of a number (W4): European ones (ES) and common ones (CS). */
const EUROPEAN_SEPARATOR = /^[+\-\u207A\u207B\u208A\u208B\u2212\uFB29\uFE62\uFE63\uFF0B\uFF0D]$/u;
const COMMON_SEPARATOR = /^[,./:\u00A0\u060C\u202F\u2044\uFE50\uFE52\uFE55\uFF0C\uFF0E\uFF0F\uFF1A]$/u;

// Digits 0-9 and the Persian ones are European numbers (EN), the Arabic-Indic ones with their decimal
// and thousands separators Arabic numbers (AN); other separators are runs of their own (W4 joins them).
// A mark, a joiner or a variation selector goes with the character before it (W1; ZWNJ keeps a Persian word whole).
const ATTACHED = '[\\p{M}\\u200C\\u200D]*';
const OTHER_LETTER = `(?![0-9\\u06F0-\\u06F9\\u0660-\\u0669])(?!${STRONG_RIGHT_TO_LEFT})[\\p{L}\\p{Nd}\\u200E]`;
const RUNS = new RegExp(
  [
    `(?<en>(?:[0-9\\u06F0-\\u06F9]${ATTACHED})+)`,
    `(?<an>(?:[\\u0660-\\u0669\\u066B\\u066C]${ATTACHED})+)`,
    // Letters and signs of a right-to-left script.
    `(?<r>(?:${STRONG_RIGHT_TO_LEFT}${ATTACHED})+)`,
    // Other letters (digits of other scripts, the left-to-right mark), up to the first right-to-left one (a
    // Hebrew prefix joined to a Latin name: לNATO).
    `(?<l>(?:${OTHER_LETTER}${ATTACHED})+)`,
    `(?<et>(?:[${TERMINATORS}]${ATTACHED})+)`,
    `(?<on>[^]${ATTACHED})`,
  ].join('|'),
  'gu',
);

/**
 * The paired brackets of UAX #9 (Unicode 15's BidiBrackets.txt), each opening one with its closing one;
 * 〈 〉 (U+2329, U+232A) pair with their canonical equivalents 〈 〉 too.
 */
const BRACKET_PAIRS = '()[]{}\u0F3A\u0F3B\u0F3C\u0F3D\u169B\u169C\u2045\u2046\u207D\u207E\u208D\u208E\u2308\u2309\u230A\u230B\u2329\u232A\u2768\u2769\u276A\u276B\u276C\u276D\u276E\u276F\u2770\u2771\u2772\u2773\u2774\u2775\u27C5\u27C6\u27E6\u27E7\u27E8\u27E9\u27EA\u27EB\u27EC\u27ED\u27EE\u27EF\u2983\u2984\u2985\u2986\u2987\u2988\u2989\u298A\u298B\u298C\u298D\u2990\u298F\u298E\u2991\u2992\u2993\u2994\u2995\u2996\u2997\u2998\u29D8\u29D9\u29DA\u29DB\u29FC\u29FD\u2E22\u2E23\u2E24\u2E25\u2E26\u2E27\u2E28\u2E29\u3008\u3009\u300A\u300B\u300C\u300D\u300E\u300F\u3010\u3011\u3014\u3015\u3016\u3017\u3018\u3019\u301A\u301B\uFE59\uFE5A\uFE5B\uFE5C\uFE5D\uFE5E\uFF08\uFF09\uFF3B\uFF3D\uFF5B\uFF5D\uFF5F\uFF60\uFF62\uFF63\u2E55\u2E56\u2E57\u2E58\u2E59\u2E5A\u2E5B\u2E5C';
const CLOSING_OF = new Map<string, string>();
const OPENING_OF = new Map<string, string>();
for (let index = 0; index < BRACKET_PAIRS.length; index += 2) {
  CLOSING_OF.set(BRACKET_PAIRS[index]!, BRACKET_PAIRS[index + 1]!);
  OPENING_OF.set(BRACKET_PAIRS[index + 1]!, BRACKET_PAIRS[index]!);
}
const CANONICAL_BRACKET = new Map([
  ['\u2329', '\u3008'],
  ['\u232A', '\u3009'],
]);
const canonicalBracket = (char: string): string => CANONICAL_BRACKET.get(char) ?? char;

/** At most this many brackets are open at once (BD16); past it, no further pair is looked for. */
const BRACKET_DEPTH = 63;

/** The runs of `text`, in order; consecutive neutral characters are one run, but a paired bracket is a run of its own (N0). */
export function bidiRuns(text: string): { text: string; type: BidiType }[] {
  const runs: { text: string; type: BidiType }[] = [];
  let lastIsBracket = false;
  for (const match of text.matchAll(RUNS)) {
    const groups = match.groups!;
    const type: BidiType = groups.en ? 'EN' : groups.an ? 'AN' : groups.r ? rightToLeftType(groups.r) : groups.l ? 'L' : groups.et ? 'ET' : 'ON';
    const last = runs[runs.length - 1];
    const bracket = type === 'ON' && bracketOf(match[0]) !== undefined;
    if (type === 'ON' && !bracket && !lastIsBracket && last?.type === 'ON') last.text += match[0];
    else runs.push({ text: match[0], type });
    lastIsBracket = bracket;
  }
  return runs;
}

/** AL when the run's last strong character is Arabic (W2 looks back to it), R otherwise. */
function rightToLeftType(run: string): BidiType {
  const last = [...run].findLast((char) => RIGHT_TO_LEFT_CHARACTER.test(char)) ?? '';
  return ARABIC_LETTER.test(last) || ARABIC_SIGN.test(last) ? 'AL' : 'R';
}
/** The Arabic script's signs that are AL (the rest of the signs are R). */
const ARABIC_SIGN = /[\u0608\u060B\u060D\u061B-\u061F\u0640\u066D\u06D4\u06FD\u06FE\u0700-\u070D\u070F\u0888\uFBB2-\uFBC2\uFDFC]/u;

/** The paired bracket a run is (with any marks on it), if it is one. */
function bracketOf(text: string): string | undefined {
  const bracket = text.replace(/[\p{M}\u200C\u200D]+$/u, '');
  return bracket.length === 1 && (CLOSING_OF.has(bracket) || OPENING_OF.has(bracket)) ? bracket : undefined;
}

/** The bracket pairs among runs (BD16): indexes of each opening and its closing run, by opening. */
function bracketPairs(texts: readonly string[]): [number, number][] {
  const pairs: [number, number][] = [];
  const open: { index: number; closing: string }[] = [];
  for (let index = 0; index < texts.length; index++) {
    const text = bracketOf(texts[index]!);
    if (text === undefined) continue;
    const closing = CLOSING_OF.get(text);
    if (closing !== undefined) {
      if (open.length === BRACKET_DEPTH) break;
      open.push({ index, closing: canonicalBracket(closing) });
    } else if (OPENING_OF.has(text)) {
      const wanted = canonicalBracket(text);
      const at = open.findLastIndex((entry) => entry.closing === wanted);
      if (at === -1) continue;
      pairs.push([open[at]!.index, index]);
      open.length = at;
    }
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** A paragraph's direction (rules P2, P3): that of its first strong character (a letter, a right-to-left sign, a direction mark); left to right without one. */
export function paragraphIsRightToLeft(text: string): boolean {
  const first = FIRST_STRONG.exec(text);
  return first !== null && RIGHT_TO_LEFT_CHARACTER.test(first[0]);
}

/** A strong character: a letter, a right-to-left sign, or the left-to-right mark. */
const FIRST_STRONG = new RegExp(`[\\p{L}\\u200E]|[${RIGHT_TO_LEFT_SIGNS}]`, 'u');

/**
 * Each run's embedding level, for a paragraph's runs in order (`texts`, their text, finds the paired
 * brackets): numbers after left-to-right text are left to right (W7); a pair of brackets takes the
 * paragraph's direction when it holds text of that direction, else the other one's when it holds text
 * of it and follows it (N0); neutrals between runs of one direction take it, numbers counting as right
 * to left, and others the paragraph's (N1, N2); then levels (I1, I2).
 */
export function resolveLevels(types: readonly BidiType[], texts: readonly string[], rightToLeft: boolean): number[] {
  const base: BidiType = rightToLeft ? 'R' : 'L';
  // W2, W3: a European number after Arabic letters is an Arabic number; AL is R.
  let last: BidiType = base;
  const weak = types.map((type): BidiType => {
    if (type === 'L' || type === 'R' || type === 'AL') last = type;
    if (type === 'EN' && last === 'AL') return 'AN';
    return type === 'AL' ? 'R' : type;
  });
  // W4: one separator between two numbers of a kind joins them (a European one only European numbers).
  for (let index = 1; index < weak.length - 1; index++) {
    if (weak[index] !== 'ON') continue;
    const before = weak[index - 1];
    if (before !== weak[index + 1] || (before !== 'EN' && before !== 'AN')) continue;
    // (Joiners are not there for the algorithm, X9; a mark after a separator is a second one, W1.)
    const text = (texts[index] ?? '').replace(/[\u200B-\u200D\u2060\uFEFF]/gu, '');
    if (COMMON_SEPARATOR.test(text) || (before === 'EN' && EUROPEAN_SEPARATOR.test(text))) weak[index] = before;
  }
  // W5, W6: terminators next to a European number are part of it; others are neutral.
  const terminated = weak.map((type, index): BidiType => (type !== 'ET' ? type : weak[index - 1] === 'EN' || weak[index + 1] === 'EN' ? 'EN' : 'ON'));
  // W7: a European number after left-to-right text is left to right.
  let strong = base;
  const resolved = terminated.map((type) => {
    if (type === 'L' || type === 'R') strong = type;
    return type === 'EN' && strong === 'L' ? 'L' : type;
  });
  const direction = (type: BidiType) => (type === 'L' ? 'L' : 'R');
  const strongDirection = (type: BidiType) => (type === 'ON' ? undefined : direction(type));
  const opposite: BidiType = base === 'L' ? 'R' : 'L';
  for (const [opening, closing] of bracketPairs(texts)) {
    let inside: BidiType | undefined;
    for (let index = opening + 1; index < closing && inside !== base; index++) inside = strongDirection(resolved[index]!) ?? inside;
    if (inside === undefined) continue;
    let before = base;
    for (let index = opening - 1; index >= 0; index--) {
      const found = strongDirection(resolved[index]!);
      if (found) {
        before = found;
        break;
      }
    }
    const type = inside === base || before !== opposite ? base : opposite;
    resolved[opening] = type;
    resolved[closing] = type;
  }
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
 * seen, each with its direction. Each is to be drawn by itself, set in its direction: HarfBuzz sets a
 * run of right-to-left letters right to left, and mirrors the brackets of a neutral run set so.
 */
export function runsInVisualOrder(text: string, rightToLeft: boolean): { text: string; rightToLeft: boolean }[] {
  if (!rightToLeft && !RIGHT_TO_LEFT_LETTER.test(text)) return [{ text, rightToLeft: false }];
  const runs = bidiRuns(text);
  const levels = resolveLevels(
    runs.map((run) => run.type),
    runs.map((run) => run.text),
    rightToLeft,
  );
  return reorder(levels).flatMap((index) => {
    const { text: runText, type } = runs[index]!;
    const runRightToLeft = levels[index]! % 2 === 1;
    // Punctuation and spaces set right to left are turned round piece by piece (each is drawn on its own, and a
    // space is not part of a piece): '، «' is seen as '« ،'.
    if (!runRightToLeft || type !== 'ON' || !/\s/.test(runText)) return [{ text: runText, rightToLeft: runRightToLeft }];
    return (runText.match(/\s+|\S+/g) ?? []).reverse().map((piece) => ({ text: piece, rightToLeft: true }));
  });
}
