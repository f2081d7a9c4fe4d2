import type { ArticleDate } from './article.js';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

export type DateParseResult = { ok: true; date: ArticleDate } | { ok: false; reason: string };

/** Parses the ISO 8601 subset manuscripts use: `YYYY-MM-DD` or a date-time with an explicit offset. */
export function parseArticleDate(value: string): DateParseResult {
  const text = value.trim();
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1, 4).map(Number) as [number, number, number];
    const calendarProblem = checkCalendar(year, month, day);
    if (calendarProblem) return { ok: false, reason: calendarProblem };
    return {
      ok: true,
      date: { source: text, instant: new Date(Date.UTC(year, month - 1, day)), hasTime: false, offsetMinutes: undefined },
    };
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) {
    return {
      ok: false,
      reason: `"${text}" is not an ISO 8601 date; write it as 2023-04-21 or 2023-04-21T22:51:00+05:30`,
    };
  }
  const [year, month, day, hour, minute] = dateTime.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = Number(dateTime[6] ?? 0);
  const fraction = dateTime[7] ? Number(`0.${dateTime[7]}`) : 0;
  const zone = dateTime[8];
  const calendarProblem = checkCalendar(year, month, day);
  if (calendarProblem) return { ok: false, reason: calendarProblem };
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `"${text}" has an impossible time of day; hours go to 23, minutes and seconds to 59` };
  }
  if (zone === undefined) {
    return {
      ok: false,
      reason: `"${text}" has no time zone offset, so the moment it names is ambiguous; add one, e.g. ${text}+05:30 or ${text}Z`,
    };
  }
  const offsetMinutes = parseOffset(zone);
  if (offsetMinutes === undefined) {
    return { ok: false, reason: `"${zone}" is not a valid UTC offset; offsets run from -14:00 to +14:00` };
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(fraction * 1000) - offsetMinutes * 60_000;
  return { ok: true, date: { source: text, instant: new Date(utc), hasTime: true, offsetMinutes } };
}

function checkCalendar(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `month ${month} does not exist; months run from 01 to 12`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return `${year}-${pad(month)}-${pad(day)} does not exist: that month has ${daysInMonth} days`;
  }
  return undefined;
}

function parseOffset(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (Number(match[3]) > 59 || minutes > 14 * 60) return undefined;
  return match[1] === '-' ? -minutes : minutes;
}

const knownZones = new Map<string, boolean>();

/** Whether ICU knows the zone; asked once per zone and process (each question builds a formatter). */
export function isIanaZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      dateFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(zone, known);
  }
  return known;
}

/** `+05:30` style zone used when the manuscript gives no IANA name. */
export function offsetZoneName(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

// Zone abbreviations such as IST or EDT are only known to ICU in the locales of the countries that use them.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'en-CA', 'en-NZ', 'en-IE', 'en-ZA', 'en-SG'];

/**
 * Prints a date as readers of the article's language expect it, in the article's zone:
 * "21 April 2023, 22:51 IST" for English, the locale's own order elsewhere.
 */
export function formatArticleDate(date: ArticleDate, timezone: string, lang: string): string {
  const locale = localeFor(lang);
  if (!date.hasTime) return longDate(locale, 'UTC', date.instant);
  const { shown, zone, fixedOffset } = inZone(date, timezone);
  const day = longDate(locale, zone, shown);
  const time = dateFormat(locale, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(shown);
  const zoneLabel =
    fixedOffset === undefined ? zoneAbbreviation(date.instant, timezone, locale) : fixedOffset === 0 ? 'UTC' : `UTC${timezone}`;
  // Arabic script has a comma of its own.
  const comma = /^(ar|fa|ur|ps|sd|ug|ckb)(-|$)/i.test(locale) ? '،' : ',';
  return `${day}${comma} ${time} ${zoneLabel}`;
}

/** The day alone, as the language writes it and as it was in the article's zone: "21 April 2023". */
export function formatArticleDay(date: ArticleDate, timezone: string, lang: string): string {
  if (!date.hasTime) return longDate(localeFor(lang), 'UTC', date.instant);
  const { shown, zone } = inZone(date, timezone);
  return longDate(localeFor(lang), zone, shown);
}

function localeFor(lang: string): string {
  return lang.toLowerCase() === 'en' || lang.toLowerCase().startsWith('en-') ? 'en-GB' : lang;
}

/** The instant to format and the zone to format it in: Intl knows IANA zones, a fixed offset is applied by hand. */
function inZone(date: ArticleDate, timezone: string): { shown: Date; zone: string; fixedOffset: number | undefined } {
  const fixedOffset = /^[+-]\d{2}:\d{2}$/.test(timezone) ? parseOffset(timezone) : undefined;
  if (fixedOffset === undefined) return { shown: date.instant, zone: timezone, fixedOffset };
  return { shown: new Date(date.instant.getTime() + fixedOffset * 60_000), zone: 'UTC', fixedOffset };
}

function zoneAbbreviation(instant: Date, timezone: string, locale: string): string {
  let fallback: string | undefined;
  for (const candidate of [locale, ...ABBREVIATION_LOCALES]) {
    const name = dateFormat(candidate, { timeZone: timezone, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    fallback ??= name;
    if (!/^(GMT|UTC)/.test(name) || name === 'GMT' || name === 'UTC') return name;
  }
  return (fallback ?? 'UTC').replace(/^GMT/, 'UTC');
}

/**
 * A date as HTML's `datetime`, OPF's `dc:date` and XMP all accept it: `YYYY-MM-DD`, or the moment
 * with seconds and the offset the manuscript wrote (`+05:30`, with its colon; no fraction).
 */
export function machineDate(date: ArticleDate): string {
  if (!date.hasTime) return date.source;
  const offset = date.offsetMinutes ?? 0;
  const local = new Date(date.instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === 0 ? 'Z' : offsetZoneName(offset)}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl.DateTimeFormat costs far more than using one: keep each one made. */
/**
 * "21 April 2023", "21 avril 2023": the day, the month's name and the year, as the language writes
 * them. ICU writes the first of the month as a plain 1, where French writes "1er mars" and Brazilian
 * Portuguese "1º de março".
 */
function longDate(locale: string, timeZone: string, instant: Date): string {
  const format = dateFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  const ordinal = FIRST_OF_THE_MONTH.find(([pattern]) => pattern.test(locale))?.[1];
  if (!ordinal) return format.format(instant);
  return format
    .formatToParts(instant)
    .map((part) => (part.type === 'day' && part.value === '1' ? ordinal : part.value))
    .join('');
}

const FIRST_OF_THE_MONTH: [RegExp, string][] = [
  [/^fr(-|$)/i, '1er'],
  [/^pt-br$/i, '1º'],
];

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** The instant in ISO 8601 UTC without milliseconds, as OPF and XMP want it. */
export function isoUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
