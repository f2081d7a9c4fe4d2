/*
 * Where a line may not break next to punctuation (after UAX #14): no line begins with closing punctuation
 * (classes CL and CP), an exclamation or question mark (EX), an infix separator (IS), an ellipsis (IN) or
 * a closing quotation mark, and none ends with opening punctuation (OP) or an opening quotation mark.
 * Quotation marks (class QU) open or close by language: » closes a French quotation and opens a German one.
 */

export interface PunctuationRules {
  /** No break before this word: it starts with punctuation that closes what came before. */
  startsClosing(word: string): boolean;
  /** No break after this word: it ends with punctuation that opens what comes next. */
  endsOpening(word: string): boolean;
  /** No break between these two characters of a word (a break inside a URL, after a hyphen). */
  holdsTogether(before: string, after: string): boolean;
}

type QuoteRole = 'open' | 'close' | 'either';

// CL and CP: closing brackets of every script, and the ideographic comma and full stop.
const CLOSING = /^[\p{Pe}\u3001\u3002\uFE50\uFE52\uFF0C\uFF0E\uFF61]$/u;
// EX, IS and IN: they end what comes before them.
const TRAILING = /^[!?\u203C\u2047-\u2049\u061F\u061B\u060C\u06D4\u07F9\uFF01\uFF1F\uFE56\uFE57,.:;\u037E\u0589\u060D\u07F8\u2044\uFE10\uFE13\uFE14\u2024-\u2026\u22EF\uFE19]$/u;
// OP (with the Spanish inverted marks, which open a sentence).
const OPENING = /^[\p{Ps}\u00A1\u00BF]$/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Languages whose quotations run »like this« (German, Danish, and the alternative marks of Czech, Slovak, Slovenian, Croatian). */
const REVERSED_GUILLEMETS = new Set(['de', 'da', 'cs', 'sk', 'sl', 'hr']);
/** Languages whose quotations run ”like this” and »like this»: the same mark opens and closes. */
const SAME_MARKS = new Set(['sv', 'fi']);
/** Languages whose quotations close with “ and ‘ (opened by „ and ‚). */
const LOW_OPENING = new Set(['de', 'cs', 'sk', 'sl', 'lt', 'lv', 'et', 'is', 'bg', 'ru', 'uk', 'be', 'sr', 'mk', 'ka']);

function quoteRoles(lang: string): Map<string, QuoteRole> {
  const primary = lang.toLowerCase().split('-')[0] ?? '';
  const roles = new Map<string, QuoteRole>([
    ['"', 'either'],
    ["'", 'either'],
    ['\u201E', 'open'],
    ['\u201A', 'open'],
    ['\u201D', 'close'],
    ['\u2019', 'close'],
    ['\u201C', 'open'],
    ['\u2018', 'open'],
    ['\u00AB', 'open'],
    ['\u2039', 'open'],
    ['\u00BB', 'close'],
    ['\u203A', 'close'],
  ]);
  if (REVERSED_GUILLEMETS.has(primary)) {
    roles.set('\u00BB', 'open').set('\u203A', 'open').set('\u00AB', 'close').set('\u2039', 'close');
  }
  if (SAME_MARKS.has(primary)) {
    for (const mark of ['\u201D', '\u2019', '\u00BB', '\u203A']) roles.set(mark, 'either');
  }
  if (LOW_OPENING.has(primary)) roles.set('\u201C', 'close').set('\u2018', 'close');
  return roles;
}

const cache = new Map<string, PunctuationRules>();

/** The rules for an article's language (a BCP 47 tag); English quotation marks when the language has no rule of its own. */
export function punctuationRules(lang: string): PunctuationRules {
  let rules = cache.get(lang);
  if (rules) return rules;
  const roles = quoteRoles(lang);
  const closes = (char: string) => CLOSING.test(char) || roles.get(char) === 'close';
  const opens = (char: string) => OPENING.test(char) || roles.get(char) === 'open';
  rules = {
    startsClosing(word) {
      const first = firstCharacter(word);
      if (first === undefined) return false;
      if (closes(first)) return true;
      // A mark that may open as well as close, or a stop, closes when no letter follows it in the word: "? », « … ».
      if (roles.get(first) === 'either' || TRAILING.test(first)) return !WORDLIKE.test(word.slice(first.length));
      return false;
    },
    endsOpening(word) {
      const last = lastCharacter(word);
      if (last === undefined) return false;
      if (opens(last)) return true;
      return roles.get(last) === 'either' && !WORDLIKE.test(word.slice(0, -last.length));
    },
    holdsTogether(before, after) {
      return closes(after) || TRAILING.test(after) || opens(before) || roles.get(after) === 'either' || roles.get(before) === 'either';
    },
  };
  cache.set(lang, rules);
  return rules;
}

/** ASCII letters and digits: most words start and end with one, and need no further look. */
function isAsciiWordCharacter(code: number): boolean {
  const lower = code | 32;
  return (code >= 48 && code <= 57) || (lower >= 97 && lower <= 122);
}

function firstCharacter(text: string): string | undefined {
  const code = text.codePointAt(0);
  if (code === undefined || isAsciiWordCharacter(code)) return undefined;
  return String.fromCodePoint(code);
}

function lastCharacter(text: string): string | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  const code = text.charCodeAt(length - 1);
  if (isAsciiWordCharacter(code)) return undefined;
  return code >= 0xdc00 && code <= 0xdfff && length >= 2 ? text.slice(-2) : text[length - 1];
}
