const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

// Jekyll's documented form: `2024-03-05 10:20:00 +0100` (a space before the offset, which has no colon).
const JEKYLL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s+(?:([+-]\d{2}):?(\d{2})|(Z|UTC|GMT))$/i;
// Astro's blog starter writes `Jul 08 2022`; pandoc documents carry `July 8, 2022` or `8 July 2022`.
const MONTH_FIRST = /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;
const DAY_FIRST = /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
// Eleventy resolves these from the file system or git: not a date a reproducible book can keep.
const ELEVENTY_SPECIAL = /^(git )?(last modified|created)$/i;

/**
 * A date another tool writes in a form outside Pressroom's ISO 8601 subset, rewritten in it; undefined
 * when the text is not in such a form (ISO dates pass through unchanged and are judged as they are).
 */
export function isoFromDialect(text: string): string | undefined {
  const trimmed = text.trim();
  const jekyll = JEKYLL.exec(trimmed);
  if (jekyll) {
    const [, day, time, hours, minutes, zulu] = jekyll;
    return `${day}T${time}${zulu ? 'Z' : `${hours}:${minutes}`}`;
  }
  const monthFirst = MONTH_FIRST.exec(trimmed);
  if (monthFirst) return calendarDay(monthFirst[3]!, monthFirst[1]!, monthFirst[2]!);
  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) return calendarDay(dayFirst[3]!, dayFirst[2]!, dayFirst[1]!);
  return undefined;
}

function calendarDay(year: string, monthName: string, day: string): string | undefined {
  const month = MONTHS[monthName.toLowerCase()];
  return month === undefined ? undefined : `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** What to say of a date value no tool's form explains, when there is more to say than "not ISO 8601". */
export function datePuzzle(text: string): string | undefined {
  const trimmed = text.trim();
  if (ELEVENTY_SPECIAL.test(trimmed)) {
    return `"${trimmed}" is a date Eleventy looks up in the file system or git when it builds; Pressroom's books are reproducible, so write the date itself, e.g. 2024-03-05`;
  }
  if (/^\d{4}(-\d{2})?$/.test(trimmed)) {
    return `"${trimmed}" names a year or a month, not a day; an article is published on a day: write e.g. ${trimmed.length === 4 ? `${trimmed}-01-01` : `${trimmed}-01`}`;
  }
  return undefined;
}

const JEKYLL_POST_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;

/** Jekyll's post file name `YYYY-MM-DD-slug`: its date and the rest of the name. */
export function jekyllPostName(stem: string): { date: string; rest: string } | undefined {
  const match = JEKYLL_POST_NAME.exec(stem);
  return match ? { date: match[1]!, rest: match[2]! } : undefined;
}
