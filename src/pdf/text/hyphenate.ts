import { createRequire } from 'node:module';

/** Returns the indices inside `word` where it may be hyphenated (a hyphen goes before that index). */
export type Hyphenator = (word: string) => number[];

const require = createRequire(import.meta.url);
const cache = new Map<string, Hyphenator | undefined>();
const SOFT_HYPHEN = '\u00AD';
// Typographic minimums: at least two letters stay before the hyphen and three go to the next line.
const LEFT_MIN = 2;
const RIGHT_MIN = 3;

/** Pattern-based hyphenation for a BCP 47 language tag, or undefined when the `hyphen` package has no patterns for it. */
export function hyphenatorFor(lang: string): Hyphenator | undefined {
  const tag = lang.toLowerCase();
  if (cache.has(tag)) return cache.get(tag);
  let found: Hyphenator | undefined;
  const primary = tag.split('-')[0] ?? tag;
  for (const candidate of [tag, primary]) {
    if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(candidate)) continue;
    try {
      const module = require(`hyphen/${candidate}`) as { hyphenateSync?: (text: string, options?: object) => string };
      const hyphenateSync = module.hyphenateSync;
      if (typeof hyphenateSync !== 'function') continue;
      found = (word) => positions(hyphenateSync(word, { hyphenChar: SOFT_HYPHEN, minWordLength: LEFT_MIN + RIGHT_MIN }), word.length);
      break;
    } catch {
      // No patterns for this tag; try the next, then go without.
    }
  }
  cache.set(tag, found);
  return found;
}

function positions(marked: string, length: number): number[] {
  const result: number[] = [];
  let index = 0;
  for (const char of marked) {
    if (char === SOFT_HYPHEN) {
      if (index >= LEFT_MIN && length - index >= RIGHT_MIN) result.push(index);
    } else {
      index += char.length;
    }
  }
  return result;
}
