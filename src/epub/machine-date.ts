import type { ArticleDate } from '../core/article.js';
import { offsetZoneName } from '../core/dates.js';

/**
 * A date as HTML's `datetime` and OPF's `dc:date` both accept it: `YYYY-MM-DD`, or the moment
 * with seconds and the offset the manuscript wrote (`+05:30`, with its colon; no fraction).
 */
export function machineDate(date: ArticleDate): string {
  if (!date.hasTime) return date.source;
  const offset = date.offsetMinutes ?? 0;
  const local = new Date(date.instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === 0 ? 'Z' : offsetZoneName(offset)}`;
}
