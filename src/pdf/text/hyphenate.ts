import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Returns the indices inside `word` where it may be hyphenated (a hyphen goes before that index). */
export type Hyphenator = (word: string) => number[];

const require = createRequire(import.meta.url);
const cache = new Map<string, Hyphenator | undefined>();
// Typographic minimums: at least two letters stay before the hyphen and three go to the next line.
const LEFT_MIN = 2;
const RIGHT_MIN = 3;
/** Words remembered per language (a long-lived process keeps at most this many). */
const WORD_LIMIT = 100_000;

/** The `hyphen` package's pattern data: level vectors, a trie of patterns pointing at them, exceptions. */
type Trie = { [char: string]: Trie | number | [Trie, number] };
type PatternData = [number[][], Trie, Record<string, number[]>?];

/**
 * Pattern-based hyphenation for a BCP 47 language tag, or undefined when the `hyphen` package has no
 * patterns for it. Patterns are loaded the first time a language is asked for, and only that language's.
 */
export function hyphenatorFor(lang: string): Hyphenator | undefined {
  const tag = lang.toLowerCase();
  if (cache.has(tag)) return cache.get(tag);
  let found: Hyphenator | undefined;
  const primary = tag.split('-')[0] ?? tag;
  for (const candidate of [tag, primary]) {
    if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(candidate)) continue;
    const patterns = patternsFor(candidate);
    if (patterns) {
      found = liang(patterns);
      break;
    }
  }
  cache.set(tag, found);
  return found;
}

/**
 * Finds the pattern file the `hyphen` package uses for a language (its `<tag>/index.js` names it, or
 * names the folder of another tag) and loads just that data, without the package's text scanner.
 */
function patternsFor(tag: string): PatternData | undefined {
  let index: string;
  try {
    index = require.resolve(`hyphen/${tag}`);
  } catch {
    return undefined;
  }
  for (let hops = 0; hops < 4; hops++) {
    const source = fs.readFileSync(index, 'utf8');
    const patterns = /require\("\.\.\/patterns\/([A-Za-z0-9-]+)\.js"\)/.exec(source);
    if (patterns) {
      const data = patternData(patterns[1]!, path.join(path.dirname(index), '..', 'patterns', `${patterns[1]}.js`));
      return Array.isArray(data) && Array.isArray(data[0]) && typeof data[1] === 'object' ? (data as PatternData) : undefined;
    }
    const alias = /require\("\.\.\/([A-Za-z0-9-]+)\/index\.js"\)/.exec(source);
    if (!alias) return undefined;
    index = path.join(path.dirname(index), '..', alias[1]!, 'index.js');
  }
  return undefined;
}

/**
 * A pattern file's data. The bundle keeps each as JSON beside its code (scripts/bundle.mjs writes them):
 * read as JSON, German's 750 KB of patterns take a few milliseconds, where compiling and running them
 * as JavaScript took 40 on a cold start (only the patterns the code cache was trained on, English's,
 * were quick). Run from source there is no such folder, and the package's file is required. Undefined
 * when neither loads: the package's Church Slavonic file is not valid JavaScript (that language is then
 * not hyphenated, rather than failing the build).
 */
function patternData(name: string, file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(new URL(`./data/hyphen/${name}.json`, import.meta.url), 'utf8'));
  } catch {
    try {
      return require(file);
    } catch {
      return undefined;
    }
  }
}

/**
 * Liang's algorithm over the `hyphen` package's patterns, computed exactly as that package computes it
 * (the same break points), with the typographic minimums applied and each word remembered.
 */
function liang([levelsTable, trie, exceptions]: PatternData): Hyphenator {
  const words = new Map<string, number[]>();
  return (word) => {
    let found = words.get(word);
    if (found) return found;
    const lowered = word.toLocaleLowerCase();
    const markers = exceptions && Object.hasOwn(exceptions, lowered) ? exceptions[lowered]! : word.length < LEFT_MIN + RIGHT_MIN ? [] : markersOf(lowered, levelsTable, trie);
    found = markers.filter((index) => index >= LEFT_MIN && word.length - index >= RIGHT_MIN);
    if (words.size >= WORD_LIMIT) words.clear();
    words.set(word, found);
    return found;
  };
}

function markersOf(lowered: string, levelsTable: number[][], trie: Trie): number[] {
  const chars = `.${lowered}.`.split('');
  const levels = new Array<number>(lowered.length + 1).fill(0);
  // Pattern matches starting at the first two characters both count from level 0 (as the package does).
  for (let start = 0; chars.length - start >= 3; start++) {
    const entity = start === 0 ? 0 : start - 1;
    let node: Trie | undefined = trie;
    for (let at = start; at < chars.length && node; at++) {
      const entry: Trie[string] | undefined = node[chars[at]!];
      if (entry === undefined) break;
      let index = -1;
      if (Array.isArray(entry)) {
        node = entry[0];
        index = entry[1];
      } else if (typeof entry === 'number') {
        node = undefined;
        index = entry;
      } else {
        node = entry;
      }
      if (index < 0) continue;
      const pattern = levelsTable[index]!;
      for (let k = 0; k < pattern.length; k++) if (pattern[k]! > levels[entity + k]!) levels[entity + k] = pattern[k]!;
    }
  }
  const length = levels.length;
  levels[0] = levels[1] = levels[length - 1] = levels[length - 2] = 0;
  const markers: number[] = [];
  for (let index = 0; index < length; index++) if ((levels[index]! & 1) === 1) markers.push(index);
  return markers;
}
