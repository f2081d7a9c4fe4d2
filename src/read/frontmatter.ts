import fs from 'node:fs';
import path from 'node:path';
import type { VFile } from 'vfile';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Pair } from 'yaml';
import type { Article, ArticleDate } from '../core/article.js';
import { reportError, reportNote, reportWarning, type Point } from '../core/diagnostics.js';
import { isIanaZone, offsetZoneName, parseArticleDate } from '../core/dates.js';
import { defaultIdentifier } from '../core/identifier.js';
import { closestName } from '../core/suggest.js';
import { datePuzzle, jekyllPostName } from './dialects/dates.js';
import { nodeStart, resolveFields } from './dialects/resolve.js';
import { tomlDocument } from './dialects/toml.js';

/** Front matter as located in the file: its text and the line its first character stands on. */
export interface FrontMatterSource {
  /** YAML, or TOML when `language` says so (Hugo's `+++` front matter). */
  yaml: string;
  firstLine: number;
  language?: 'yaml' | 'toml';
}

export interface RawLeadImage {
  src: string;
  alt: string;
  caption: string | undefined;
  credit: string | undefined;
  srcPosition: Point;
  position: Point;
}

/** The article fields before the lead image and the cover are resolved on disk. */
export type ArticleDraft = Omit<Article, 'image' | 'cover'> & { image: RawLeadImage | undefined; cover: { src: string; position: Point } | undefined };

/** Pressroom's own fields; other tools' names for them are in src/read/dialects/table.ts. */
const KNOWN_FIELDS = [
  'title',
  'dek',
  'reporter',
  'published',
  'updated',
  'timezone',
  'publisher',
  'lang',
  'slug',
  'image',
  'cover',
  'tags',
  'rights',
  'identifier',
  'url',
  'template',
  'draft',
] as const;
const IMAGE_FIELDS = ['src', 'alt', 'caption', 'credit'] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Far above any honest manuscript, far below what a "billion laughs" document needs.
const MAX_ALIAS_COUNT = 50;

/**
 * Parses front matter YAML safely (core schema: no custom tags, no code, bounded aliases)
 * and validates it into an article. Problems are recorded on `file` with their YAML position;
 * returns undefined when an error was recorded.
 */
export function readFrontMatter(file: VFile, source: FrontMatterSource, manuscriptPath: string): ArticleDraft | undefined {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Point => {
    const position = lineCounter.linePos(offset ?? 0);
    return { line: position.line + source.firstLine - 1, column: position.col };
  };
  let document: Document;
  if (source.language === 'toml') {
    const toml = tomlDocument(source.yaml, lineCounter);
    if ('error' in toml) {
      reportError(file, toml.error, at(toml.offset), 'toml');
      return undefined;
    }
    document = toml.document;
  } else {
    document = parseDocument(source.yaml, {
      lineCounter,
      schema: 'core',
      customTags: [],
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
    });
  }

  if (document.errors.length > 0) {
    for (const error of document.errors) {
      reportError(file, yamlErrorText(error.code, error.message), at(errorOffset(source.yaml, error.code, error.message, error.pos[0])), 'yaml');
    }
    return undefined;
  }
  for (const warning of document.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') {
      // Tags are how YAML loaders get tricked into building objects or running code: refuse them outright.
      const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1] ?? 'this tag';
      reportError(file, `YAML tag ${tag} is not allowed in front matter; write a plain value (quote it if it starts with !)`, at(warning.pos[0]), 'yaml-tag');
    } else {
      reportWarning(file, firstLine(warning.message), at(warning.pos[0]), 'yaml');
    }
  }
  if (document.warnings.some((warning) => warning.code === 'TAG_RESOLVE_FAILED')) return undefined;

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    reportError(file, 'the front matter is empty; add at least title, reporter and published', at(0), 'front-matter');
    return undefined;
  }
  if (!isMap(contents)) {
    reportError(file, 'the front matter must be a mapping of `field: value` lines', at(nodeStart(contents)), 'front-matter');
    return undefined;
  }
  if (!aliasesWithinLimit(document)) {
    reportError(
      file,
      `the front matter expands more than ${MAX_ALIAS_COUNT} YAML aliases; write the values out instead of using anchors`,
      at(nodeStart(contents)),
      'yaml',
    );
    return undefined;
  }

  const resolved = resolveFields(file, contents, at, KNOWN_FIELDS);
  const fields = resolved.fields;
  /** A field's key as the writer wrote it (`date` for published), so that messages name what is on the page. */
  const label = (name: string): string => resolved.labels.get(name) ?? name;
  const missing = (name: string, advice: string): void => {
    const meant = resolved.likelyMeant(name);
    const hint = meant ? `; "${meant.key}" (line ${meant.position.line}) looks like it: rename it to ${name}` : `; ${advice}`;
    reportError(file, `missing required field "${name}"${hint}`, meant?.position ?? endOfFrontMatter, 'front-matter');
  };
  const valueAt = (name: string): Point => at(nodeStart(fields.get(name)?.value ?? fields.get(name)?.key));
  // Missing fields belong before the closing --- line, so that is where the message points.
  const endOfFrontMatter: Point = { line: source.firstLine + source.yaml.split('\n').length, column: 1 };

  const text = (name: string, required: boolean): string | undefined => {
    const pair = fields.get(name);
    if (!pair) {
      if (required) missing(name, `add \`${name}: …\` to the front matter`);
      return undefined;
    }
    const node = pair.value;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const value = String(node.value).trim();
      if (value !== '') return value;
    }
    if (node === null || (isScalar(node) && (node.value === null || node.value === ''))) {
      if (required) reportError(file, `"${label(name)}" is empty; give it a value`, valueAt(name), 'front-matter');
      return undefined;
    }
    reportError(file, `"${label(name)}" must be a single line of text, not ${describeNode(node)}`, valueAt(name), 'front-matter');
    return undefined;
  };

  const textList = (name: string): { values: string[]; ok: boolean } => {
    const pair = fields.get(name);
    if (!pair) return { values: [], ok: true };
    const node = pair.value;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return { values: [node.value.trim()], ok: true };
    if (isSeq(node)) {
      const values: string[] = [];
      let ok = true;
      for (const item of node.items) {
        if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') && String(item.value).trim() !== '') {
          values.push(String(item.value).trim());
        } else {
          reportError(file, `each entry of "${label(name)}" must be text`, at(nodeStart(item)), 'front-matter');
          ok = false;
        }
      }
      return { values, ok };
    }
    reportError(file, `"${label(name)}" must be text or a list of text, not ${describeNode(node)}`, valueAt(name), 'front-matter');
    return { values: [], ok: false };
  };

  const title = text('title', true);
  const dek = text('dek', false);

  const reporterList = textList('reporter');
  if (!fields.has('reporter')) {
    missing('reporter', 'add `reporter: Name` (or a list of names)');
  } else if (reporterList.ok && reporterList.values.length === 0) {
    reportError(file, `"${label('reporter')}" is empty; name at least one reporter`, valueAt('reporter'), 'front-matter');
  }

  const date = (name: string, required: boolean): ArticleDate | undefined => {
    const value = text(name, required);
    if (value === undefined) return undefined;
    const parsed = parseArticleDate(value);
    if (!parsed.ok) {
      reportError(file, `"${label(name)}": ${datePuzzle(value) ?? parsed.reason}`, valueAt(name), 'date');
      return undefined;
    }
    return parsed.date;
  };
  const stem = path.basename(manuscriptPath).replace(/\.(md|markdown)$/i, '');
  const postName = jekyllPostName(stem);
  const fileNameDate = (day: string): ArticleDate | undefined => {
    const parsed = parseArticleDate(day);
    if (!parsed.ok) {
      reportError(file, `the file name's date ${day}: ${parsed.reason}; fix the name or give \`published:\``, { line: 1, column: 1 }, 'date');
      return undefined;
    }
    reportNote(file, `no date in the front matter: the file name's ${day} is taken as "published", as Jekyll does`, { line: 1, column: 1 }, 'front-matter-dialect');
    return parsed.date;
  };
  const startOfFile: Point = { line: 1, column: 1 };
  // Jekyll dates a post by its file name, 2024-03-05-budget.md, when its front matter gives no date.
  const published = !fields.has('published') && postName ? fileNameDate(postName.date) : date('published', true);
  const updated = date('updated', false);
  if (published && updated && updated.instant.getTime() < published.instant.getTime()) {
    reportError(
      file,
      `"${label('updated')}" (${updated.source}) is before "${label('published')}" (${published.source}); an article cannot change before it appears`,
      valueAt('updated'),
      'date',
    );
  }

  let timezone = text('timezone', false);
  if (timezone !== undefined && !isIanaZone(timezone)) {
    reportError(file, `"timezone": "${timezone}" is not an IANA time zone; use a name such as Asia/Kolkata or Europe/London`, valueAt('timezone'), 'timezone');
    timezone = undefined;
  }
  timezone ??= published?.offsetMinutes !== undefined ? offsetZoneName(published.offsetMinutes) : 'UTC';

  let lang = text('lang', false) ?? 'en';
  try {
    lang = Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    reportError(file, `"lang": "${lang}" is not a BCP 47 language tag; write e.g. en, en-GB, uk or pt-BR`, valueAt('lang'), 'lang');
  }

  let slug = text('slug', false);
  if (slug !== undefined && !SLUG.test(slug)) {
    reportError(
      file,
      `"slug": "${slug}" is not a plain name; use lowercase letters, digits and single hyphens, e.g. ${slugify(slug) || 'my-article'}`,
      valueAt('slug'),
      'slug',
    );
    slug = undefined;
  } else if (slug === undefined) {
    slug = slugify(postName?.rest ?? stem);
    if (postName && slug !== '') {
      reportNote(file, `the output name is "${slug}": the date that begins the file name is left out, as Jekyll does`, startOfFile, 'front-matter-dialect');
    }
    if (!fields.has('slug') && slug === '') {
      reportError(file, `cannot make an output name from the file name "${stem}"; add \`slug: my-article\``, endOfFrontMatter, 'slug');
    }
  }

  /** The value of `url` as an absolute web address, or an error at it. */
  function webAddress(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const parsed = URL.canParse(value) ? new URL(value) : undefined;
    if (parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:')) return parsed.href;
    reportError(file, `"url": "${value}" is not an absolute web address; give the article's own address, such as https://example.com/news/story`, valueAt('url'), 'url');
    return undefined;
  }

  const tags = textList('tags').values;
  const publisher = text('publisher', false);
  const rights = text('rights', false);
  const template = text('template', false);
  const identifier = text('identifier', false);
  const url = webAddress(text('url', false));
  const image = readLeadImage(file, fields.get('image'), at, resolved.pictureFromDialect ? path.dirname(manuscriptPath) : undefined);
  readDraftMark(file, fields.get('draft'), at);
  const coverSrc = text('cover', false);
  const cover = coverSrc === undefined ? undefined : { src: coverSrc, position: valueAt('cover') };
  const positions: Record<string, Point> = {};
  for (const name of fields.keys()) positions[name] = valueAt(name);
  if (!fields.has('published') && postName) positions.published = startOfFile;

  if (title === undefined || published === undefined || reporterList.values.length === 0 || slug === undefined || slug === '') {
    return undefined;
  }
  return {
    title,
    dek,
    reporters: reporterList.values,
    published,
    updated,
    timezone,
    publisher,
    lang,
    slug,
    image,
    cover,
    tags,
    rights,
    identifier: identifier ?? defaultIdentifier(publisher, slug),
    url,
    template,
    positions,
  };
}

/**
 * The lead picture. `dialectDir` (the manuscript's folder) is given when the picture came in another
 * tool's form (`images: [cover.jpg]`, `cover-image: cover.jpg`): those tools build the page without
 * it when it cannot be used, so here too it is left out with a warning instead of failing the article.
 */
function readLeadImage(
  file: VFile,
  pair: Pair<unknown, unknown> | undefined,
  at: (offset: number | undefined) => Point,
  dialectDir: string | undefined,
): RawLeadImage | undefined {
  if (!pair) return undefined;
  const node = pair.value;
  if (!isMap(node)) {
    reportError(file, '"image" must be a mapping with src, alt, caption and credit lines (indented under image:)', at(nodeStart(node ?? pair.key)), 'image');
    return undefined;
  }
  const values = new Map<string, { value: string; position: Point }>();
  for (const item of node.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const position = at(nodeStart(item.value ?? item.key));
    if (!(IMAGE_FIELDS as readonly string[]).includes(key)) {
      const suggestion = closestName(key, IMAGE_FIELDS);
      reportWarning(file, `unknown image field "${key}" is ignored${suggestion ? `; did you mean "${suggestion}"?` : ''}`, at(nodeStart(item.key)), 'image');
      continue;
    }
    const value = item.value;
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number')) {
      values.set(key, { value: String(value.value).trim(), position });
    } else if (!(isScalar(value) && value.value === null)) {
      reportError(file, `"image.${key}" must be text`, position, 'image');
    }
  }
  const src = values.get('src');
  const imagePosition = at(nodeStart(node));
  if (!src || src.value === '') {
    reportError(file, '"image" has no "src"; give the path of the picture, relative to the manuscript', imagePosition, 'image');
    return undefined;
  }
  const alt = values.get('alt')?.value;
  const key = isScalar(pair.key) ? String(pair.key.value) : 'image';
  if (dialectDir !== undefined) {
    const problem = dialectPictureProblem(src.value, alt, dialectDir);
    if (problem) {
      reportWarning(file, `the lead picture "${src.value}" (from "${key}") ${problem}, so it is left out; write \`image:\` with \`src:\` and \`alt:\` lines to include it`, src.position, 'image');
      return undefined;
    }
  }
  if (alt === undefined || alt === '') {
    reportError(
      file,
      '"image" has no "alt" text; describe what the picture shows for readers who cannot see it',
      values.get('alt')?.position ?? src.position,
      'image-alt',
    );
    return undefined;
  }
  return {
    src: src.value,
    alt,
    caption: emptyToUndefined(values.get('caption')?.value),
    credit: emptyToUndefined(values.get('credit')?.value),
    srcPosition: src.position,
    position: imagePosition,
  };
}

function dialectPictureProblem(src: string, alt: string | undefined, dir: string): string | undefined {
  if (alt === undefined || alt === '') return 'has no alt text to describe it for readers who cannot see it';
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return undefined;
  if (src.startsWith('/')) return 'is a path on the web site, not a file beside the manuscript';
  return fs.existsSync(path.resolve(dir, src)) ? undefined : 'is not a file beside the manuscript';
}

/** `draft:` is read before building (src/api/drafts.ts); here it is only checked. */
function readDraftMark(file: VFile, pair: Pair<unknown, unknown> | undefined, at: (offset: number | undefined) => Point): void {
  const value = pair?.value;
  if (!pair || (isScalar(value) && typeof value.value === 'boolean')) return;
  reportWarning(file, '"draft" must be true or false; it is ignored', at(nodeStart(value ?? pair.key)), 'front-matter');
}

/** yaml caps alias expansion only in toJS; walking the document counts them without building anything. */
function aliasesWithinLimit(document: Document): boolean {
  try {
    document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return true;
  } catch {
    return false;
  }
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return typeof node.value === 'boolean' ? `the value ${String(node.value)}` : `a ${typeof node.value}`;
  return 'this value';
}

function yamlErrorText(code: string, message: string): string {
  const first = firstLine(message).replace(/ at line \d+, column \d+$/, '');
  switch (code) {
    case 'TAB_AS_INDENT':
      return `YAML does not allow tabs for indentation; indent front matter with spaces (${first})`;
    case 'MISSING_CHAR':
    case 'BAD_DQ_ESCAPE':
      return `YAML syntax error: ${first}; check that every quote you open is closed`;
    case 'DUPLICATE_KEY':
      return `YAML syntax error: ${first}; each field may appear only once`;
    default:
      return `YAML syntax error: ${first}`;
  }
}

/** yaml reports an unclosed quote where the text ends; the quote that was opened is where the fix goes. */
function errorOffset(yaml: string, code: string, message: string, offset: number): number {
  const quote = code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(message)?.[1] : undefined;
  if (!quote) return offset;
  const opening = yaml.lastIndexOf(quote, offset - 1);
  return opening === -1 ? offset : opening;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
