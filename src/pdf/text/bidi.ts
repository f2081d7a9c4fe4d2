import bidiModule, { type Bidi } from 'bidi-js';
import { RIGHT_TO_LEFT_CHARACTER, RIGHT_TO_LEFT_LETTER } from '../../core/direction.js';

/*
 * Bidirectional text (UAX #9). The embedding levels come from bidi-js, the whole algorithm (explicit
 * embeddings, overrides and isolates, brackets, numbers), resolved over a whole paragraph; this file
 * is its one adapter. What stays ours: cutting text into the runs HarfBuzz sets whole (bidiRuns), and
 * putting a line's runs in the order they are seen (L2).
 *
 * Measured before the move (node 20, real right-to-left text: axe-core's Hebrew help texts, zod's
 * Arabic, Persian, Urdu and Pashto messages, the fixtures' lines; and 500 long paragraphs of them, 1,246
 * characters each): bidi-js takes 6 µs a short paragraph and 217 µs a long one, where the hand-written
 * resolution it replaces took 22 µs and 407 µs (with its cutting into runs). Its first call builds its
 * character tables (8–22 ms, once per process, and only in a process that meets right-to-left text).
 * Composing whole paragraphs costs what it did, within the noise (CPU time, before and after taking
 * turns in one process: 800 long Hebrew paragraphs 1.015×, 19,432 paragraphs of READMEs, which never
 * reach this file, 0.95–1.04×).
 */

/** Which way a paragraph runs: set (an element's `dir`, the article's language), or from its first strong letter (P2, P3). */
export type Direction = 'ltr' | 'rtl' | 'auto';

// bidi-js's code (CommonJS) is its factory, where its types declare it as an ES module's default export.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;
let engine: Bidi | undefined;
const bidi = (): Bidi => (engine ??= bidiFactory());

/** The characters that embed, override or isolate (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** A right-to-left letter or mark (RLM, ALM), or a character that embeds, overrides or isolates. */
const BIDI_TRIGGER = new RegExp(`${RIGHT_TO_LEFT_LETTER.source}|[\\u200F\\u061C]|${BIDI_CONTROLS.source}`, 'u');

/**
 * Whether text set left to right (or as its first letter says) may need the algorithm: it has
 * right-to-left letters or marks, or embeds, overrides or isolates; text without them is set as typed.
 * (Left out: Arabic-Indic digits among left-to-right text, which would only turn round numbers
 * standing apart, "١٢ ٣٤".)
 */
export function mayNeedBidi(text: string): boolean {
  return BIDI_TRIGGER.test(text);
}

/** Paragraph (B) and segment (S) separators: within our paragraphs they are word spaces (the composer makes them so). */
const SEPARATORS = /[\t\n\v\f\r\x1C-\x1F\x85\u2029]/g;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
/** A character of each bidirectional type, for a character outside the Basic Multilingual Plane; the second unit of its pair stands as BN (X9: it takes the level of the first). */
const STAND_IN: Record<string, string> = { L: 'a', R: '\u05D0', AL: '\u0627', EN: '0', ES: '+', ET: '#', AN: '\u0660', CS: ',', WS: ' ', ON: '!', BN: '\u200B', NSM: '\u0300' };

/**
 * bidi-js reads text a UTF-16 unit at a time, so a character outside the Basic Multilingual Plane
 * (an emoji, Adlam letters) takes the type of its high surrogate: L (lojjic/bidi-js issue 9, open). Each
 * such character is given to it as one of its own type (which bidi-js knows) and a BN, same length.
 */
function standIns(text: string): string {
  return text.replace(SURROGATE_PAIR, (pair) => (STAND_IN[bidi().getBidiCharTypeName(pair)] ?? 'a') + '\u200B');
}

/** Each UTF-16 unit's embedding level in a paragraph, and whether the paragraph runs right to left. */
export function paragraphLevels(text: string, direction: Direction): { levels: Uint8Array; rightToLeft: boolean } {
  let given = text.replace(SEPARATORS, ' ');
  if (/[\uD800-\uDBFF]/.test(given)) given = standIns(given);
  const { levels, paragraphs } = bidi().getEmbeddingLevels(given, direction === 'auto' ? undefined : direction);
  return { levels, rightToLeft: ((paragraphs[0]?.level ?? (direction === 'rtl' ? 1 : 0)) & 1) === 1 };
}

/**
 * A run's kind: right-to-left letters and signs (R), other letters (L), a European or Arabic number
 * (EN, AN), a terminator of a European number ($ % # °, ET), or neutral (ON).
 */
export type RunType = 'L' | 'R' | 'EN' | 'AN' | 'ET' | 'ON';

const STRONG_RIGHT_TO_LEFT = `(?:${RIGHT_TO_LEFT_CHARACTER.source})`;
/** European number terminators (Bidi_Class ET): currency signs, percent and per mille, degree, number sign. */
const TERMINATORS = '#$%\\u00A2-\\u00A5\\u00B0\\u00B1\\u058F\\u0609\\u060A\\u066A\\u09F2\\u09F3\\u09FB\\u0AF1\\u0BF9\\u0E3F\\u17DB\\u2030-\\u2034\\u20A0-\\u20C0\\u212E\\u2213\\uA838\\uA839\\uFE5F\\uFE69\\uFE6A\\uFF03-\\uFF05\\uFFE0\\uFFE1\\uFFE5\\uFFE6';

// Digits 0-9 and the Persian ones are European numbers (EN), the Arabic-Indic ones with their decimal
// and thousands separators Arabic numbers (AN). A mark, a joiner or a variation selector goes with the
// character before it (ZWNJ keeps a Persian word whole).
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

/** The paired brackets of UAX #9 (BidiBrackets.txt): each is a run of its own, so that it can take its pair's side. */
const BRACKETS = /^[()[\]{}\u0F3A-\u0F3D\u169B\u169C\u2045\u2046\u207D\u207E\u208D\u208E\u2308-\u230B\u2329\u232A\u2768-\u2775\u27C5\u27C6\u27E6-\u27EF\u2983-\u2998\u29D8-\u29DB\u29FC\u29FD\u2E22-\u2E29\u2E55-\u2E5C\u3008-\u3011\u3014-\u301B\uFE59-\uFE5E\uFF08\uFF09\uFF3B\uFF3D\uFF5B\uFF5D\uFF5F\uFF60\uFF62\uFF63][\p{M}\u200C\u200D]*$/u;

/**
 * The runs of `text`, in order, that HarfBuzz sets whole: stretches of one kind of character.
 * Consecutive neutral characters are one run, but a paired bracket is a run of its own.
 */
export function bidiRuns(text: string): { text: string; type: RunType }[] {
  const runs: { text: string; type: RunType }[] = [];
  let lastIsBracket = false;
  for (const match of text.matchAll(RUNS)) {
    const groups = match.groups!;
    const type: RunType = groups.en ? 'EN' : groups.an ? 'AN' : groups.r ? 'R' : groups.l ? 'L' : groups.et ? 'ET' : 'ON';
    const last = runs[runs.length - 1];
    const bracket = type === 'ON' && BRACKETS.test(match[0]);
    if (type === 'ON' && !bracket && !lastIsBracket && last?.type === 'ON') last.text += match[0];
    else runs.push({ text: match[0], type });
    lastIsBracket = bracket;
  }
  return runs;
}

/** A stretch of text of one kind and one level: `start` to `end` (UTF-16 offsets). */
export interface LevelledRun {
  start: number;
  end: number;
  level: number;
  type: RunType;
}

/** `text` cut into runs (see bidiRuns), and further where the level changes; `levels` has one level per UTF-16 unit of `text`. */
export function levelledRuns(text: string, levels: ArrayLike<number>): LevelledRun[] {
  const runs: LevelledRun[] = [];
  let at = 0;
  for (const run of bidiRuns(text)) {
    const end = at + run.text.length;
    let start = at;
    for (let index = at + 1; index < end; index++) {
      if (levels[index] === levels[start]) continue;
      runs.push({ start, end: index, level: levels[start]!, type: run.type });
      start = index;
    }
    runs.push({ start, end, level: levels[start]!, type: run.type });
    at = end;
  }
  return runs;
}

/**
 * Whether a run at `level` is set against its letters' own direction: right-to-left letters at an
 * even level, which only a left-to-right override (LRO, `<bdo dir="ltr">`) puts there. HarfBuzz must
 * then be told to set them left to right.
 */
export function overriddenLeftToRight(type: RunType, level: number): boolean {
  return type === 'R' && level % 2 === 0;
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

/** A run of a line drawn on its own, and which way HarfBuzz sets it. */
export interface VisualRun {
  text: string;
  rightToLeft: boolean;
  /** Right-to-left letters set left to right (see overriddenLeftToRight). */
  leftToRight?: boolean;
}

/**
 * The runs of a line of text drawn on its own (a running header or footer), in the order they are
 * seen, each with its direction. Each is to be drawn by itself, set in its direction: HarfBuzz sets a
 * run of right-to-left letters right to left, and mirrors the brackets of a neutral run set so.
 */
export function runsInVisualOrder(text: string, rightToLeft: boolean): VisualRun[] {
  if (!rightToLeft && !mayNeedBidi(text)) return [{ text, rightToLeft: false }];
  const { levels } = paragraphLevels(text, rightToLeft ? 'rtl' : 'ltr');
  const runs = levelledRuns(text, levels);
  return reorder(runs.map((run) => run.level)).flatMap((index): VisualRun[] => {
    const { start, end, type, level } = runs[index]!;
    const runText = text.slice(start, end);
    const runRightToLeft = level % 2 === 1;
    if (overriddenLeftToRight(type, level)) return [{ text: runText, rightToLeft: false, leftToRight: true }];
    // Punctuation and spaces set right to left are turned round piece by piece (each is drawn on its own, and a
    // space is not part of a piece): '، «' is seen as '« ،'.
    if (!runRightToLeft || type !== 'ON' || !/\s/.test(runText)) return [{ text: runText, rightToLeft: runRightToLeft }];
    return (runText.match(/\s+|\S+/g) ?? []).reverse().map((piece) => ({ text: piece, rightToLeft: true }));
  });
}
