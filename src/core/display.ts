import type { Article } from './article.js';
import { formatArticleDate, machineDate } from './dates.js';

/** "Zaini Majeed", "A and B", "A, B and C" — names joined as a byline reads. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function bylineText(article: Article): string {
  return `By ${joinNames(article.reporters)}`;
}

export function publishedText(article: Article): string {
  return formatArticleDate(article.published, article.timezone, article.lang);
}

export function updatedText(article: Article): string | undefined {
  return article.updated ? formatArticleDate(article.updated, article.timezone, article.lang) : undefined;
}

/** "Published 21 April 2023, 22:51 IST", then "Updated …" when the manuscript gives an update. */
export function datelineParts(article: Article): { label: string; text: string; iso: string }[] {
  const parts = [{ label: 'Published', text: publishedText(article), iso: machineDate(article.published) }];
  const updated = updatedText(article);
  if (updated !== undefined && article.updated) parts.push({ label: 'Updated', text: updated, iso: machineDate(article.updated) });
  return parts;
}

export function creditText(credit: string, prefix: string): string {
  return `${prefix}${credit}`;
}
