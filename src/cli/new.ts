import fs from 'node:fs';
import path from 'node:path';
import { buildInstant, UsageError } from '../core/clock.js';
import { isIanaZone, offsetZoneName } from '../core/dates.js';
import { slugify } from '../read/frontmatter.js';
import { COMMAND_HELP } from './help.js';
import { EXIT_FAILED, EXIT_OK, parseCommandLine } from './options.js';
import { displayPath, type Io } from './report.js';
import { manuscriptSkeleton, PLACEHOLDER_SVG } from './skeleton.js';

const NEW_OPTIONS = {
  dir: { type: 'string', short: 'd' },
  timezone: { type: 'string' },
  title: { type: 'string' },
  lang: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `pressroom new [SLUG]`: writes DIR/SLUG.md, a manuscript with every front matter field explained,
 * dated now in the given time zone, and a drawn placeholder lead picture in DIR/images/, so that it
 * builds as written. Existing files are never overwritten without --force.
 */
export async function newCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, NEW_OPTIONS);
  if (values.help) {
    io.stdout(COMMAND_HELP.new!);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`new takes one SLUG; got ${positionals.length}: ${positionals.join(' ')}`);
  const slug = positionals[0] ?? 'new-article';
  if (slugify(slug) !== slug) throw new UsageError(`"${slug}" is not a plain name; use lowercase letters, digits and single hyphens, e.g. ${slugify(slug) || 'my-story'}`);
  const timezone = values.timezone ?? systemZone();
  if (!isIanaZone(timezone)) throw new UsageError(`--timezone takes an IANA time zone such as Europe/Berlin or Asia/Kolkata; got "${timezone}"`);
  let lang = values.lang ?? 'en';
  try {
    lang = Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    throw new UsageError(`--lang takes a BCP 47 language tag such as en, en-GB or pt-BR; got "${lang}"`);
  }

  const dir = path.resolve(io.cwd, values.dir ?? 'manuscript');
  const manuscript = path.join(dir, `${slug}.md`);
  const picture = path.join(dir, 'images', `${slug}.svg`);
  const existing = [manuscript, picture].filter((file) => fs.existsSync(file));
  if (existing.length > 0 && !values.force) {
    io.stderr(`pressroom: ${existing.map((file) => displayPath(file, io.cwd)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; choose another SLUG, or pass --force to overwrite\n`);
    return EXIT_FAILED;
  }
  const now = buildInstant(new Date(), process.env);
  const text = manuscriptSkeleton({
    slug,
    title: values.title ?? titleFromSlug(slug),
    published: localIso(now, timezone),
    timezone,
    lang,
    picture: `images/${slug}.svg`,
  });
  fs.mkdirSync(path.dirname(picture), { recursive: true });
  fs.writeFileSync(manuscript, text);
  fs.writeFileSync(picture, PLACEHOLDER_SVG);
  const shown = displayPath(manuscript, io.cwd);
  io.stdout(`wrote ${shown} and ${displayPath(picture, io.cwd)}\nbuild it with: pressroom build ${shown}\n`);
  return EXIT_OK;
}

function systemZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isIanaZone(zone) ? zone : 'UTC';
}

function titleFromSlug(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The moment as the wall clock in `zone` shows it, with that zone's offset then: 2024-03-05T14:07:00+01:00. */
export function localIso(instant: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMinutes = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offsetZoneName(offsetMinutes)}`;
}
