import type { Article } from './article.js';
import { formatArticleDate, machineDate } from './dates.js';
import { creditPrefixWord, fillLabel, labelsFor, listNames } from './labels.js';

/** The article's reporters joined as a byline reads in its language: "A, B and C", "A, B et C". */
export function reporterNames(article: Pick<Article, 'reporters' | 'lang'>): string {
  return listNames(article.reporters, article.lang);
}

/** "By Zaini Majeed", "Par Zaini Majeed". */
export function bylineText(article: Pick<Article, 'reporters' | 'lang'>): string {
  return fillLabel(labelsFor(article.lang).byline, { names: reporterNames(article) });
}

export function publishedText(article: Article): string {
  return formatArticleDate(article.published, article.timezone, article.lang);
}

export function updatedText(article: Article): string | undefined {
  return article.updated ? formatArticleDate(article.updated, article.timezone, article.lang) : undefined;
}

/** "Published 21 April 2023, 22:51 IST", then "Updated …" when the manuscript gives an update (labels in its language). */
export function datelineParts(article: Article): { label: string; text: string; iso: string }[] {
  const labels = labelsFor(article.lang);
  const parts = [{ label: labels.published, text: publishedText(article), iso: machineDate(article.published) }];
  const updated = updatedText(article);
  if (updated !== undefined && article.updated) parts.push({ label: labels.updated, text: updated, iso: machineDate(article.updated) });
  return parts;
}

/** The dateline on one line: "Published 21 April 2023, 22:51 IST · Updated …". */
export function datelineText(article: Article, separator = ' · '): string {
  return datelineParts(article)
    .map((part) => `${part.label} ${part.text}`)
    .join(separator);
}

/**
 * "Photo: AP": the template's `credit.prefix`, or the word for it in the article's language, before
 * the credit; the credit alone when it already starts with a credit word of the language ("Photo:",
 * "Photograph by", "Foto:" …) or with the prefix's own word, so that no credit reads "Photo: Photo: …".
 * Every credit Pressroom prints (EPUB, PDF, a title layout's `{credit}`) comes through here.
 */
export function creditText(credit: string, prefix: string | undefined, lang: string): string {
  const labels = labelsFor(lang);
  const before = prefix ?? labels.photo;
  if (before === '') return credit;
  const own = creditPrefixWord(before);
  return leadingCreditWord(credit, own ? [...labels.creditWords, own] : labels.creditWords, lang) ? credit : `${before}${credit}`;
}

/**
 * Who a credit names, for metadata that holds a name (the EPUB's `dc:contributor`): the credit
 * without a leading credit word of the language and its colon, "Jonas Petraitis" of "Photo: Jonas
 * Petraitis"; the credit as written when it starts with none, or is nothing else.
 */
export function creditedName(credit: string, lang: string): string {
  const word = leadingCreditWord(credit, labelsFor(lang).creditWords, lang);
  if (!word) return credit;
  const name = credit.trimStart().slice(word.length).replace(/^\s*:?\s*/u, '');
  return name === '' ? credit : name;
}

/**
 * The longest of `words` the credit starts with, compared without case in the language's rules,
 * as a word of its own: followed by a colon, a space or nothing (or ending in "." or ":" itself,
 * as "Fot." does). "Photographer's Choice" does not start with "Photo".
 */
function leadingCreditWord(credit: string, words: readonly string[], lang: string): string | undefined {
  const text = credit.trimStart();
  let found: string | undefined;
  for (const word of words) {
    if (found !== undefined && word.length <= found.length) continue;
    const head = text.slice(0, word.length);
    if (head.toLocaleLowerCase(lang) !== word.toLocaleLowerCase(lang)) continue;
    const rest = text.slice(word.length);
    if (/[.:]$/u.test(word) || rest === '' || /^\s|^:/u.test(rest)) found = head;
  }
  return found;
}
