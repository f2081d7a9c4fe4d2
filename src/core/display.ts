import type { Article } from './article.js';
import { formatArticleDate, machineDate } from './dates.js';
import { fillLabel, labelsFor, listNames } from './labels.js';

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

/** "Photo: AP": the template's `credit.prefix`, or the word for it in the article's language. */
export function creditText(credit: string, prefix: string | undefined, lang: string): string {
  return `${prefix ?? labelsFor(lang).photo}${credit}`;
}
