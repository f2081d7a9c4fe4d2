import path from 'node:path';
import type { VFile } from 'vfile';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { Article, ArticleDate } from '../core/article.js';
import { reportError, reportWarning, type Point } from '../core/diagnostics.js';
import { isIanaZone, offsetZoneName, parseArticleDate } from '../core/dates.js';
import { defaultIdentifier } from '../core/identifier.js';
import { closestName } from '../core/suggest.js';

/** Front matter as located in the file: its YAML text and the line its first character stands on. */
export interface FrontMatterSource {
  yaml: string;
  firstLine: number;
}

export interface RawLeadImage {
  src: string;
  alt: string;
  caption: string | undefined;
  credit: string | undefined;
  srcPosition: Point;
  position: Point;
}

/** The article fields before the lead image is resolved on disk. */
export type ArticleDraft = Omit<Article, 'image'> & { image: RawLeadImage | undefined };

const KNOWN_FIELDS = [
  'title',
  'dek',
  'reporter',
  'author',
  'published',
  'updated',
  'timezone',
  'publisher',
  'lang',
  'slug',
  'image',
  'tags',
  'rights',
  'identifier',
  'url',
  'template',
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
  const document = parseDocument(source.yaml, {
    lineCounter,
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const at = (offset: number | undefined): Point => {
    const position = lineCounter.linePos(offset ?? 0);
    return { line: position.line + source.firstLine - 1, column: position.col };
  };

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

  const fields = new Map<string, Pair<unknown, unknown>>();
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) {
      reportError(file, 'front matter keys must be plain names', at(nodeStart(pair.key)), 'front-matter');
      continue;
    }
    if (!(KNOWN_FIELDS as readonly string[]).includes(key)) {
      const suggestion = closestName(key, KNOWN_FIELDS);
      reportWarning(
        file,
        `unknown front matter field "${key}" is ignored${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        at(nodeStart(pair.key)),
        'front-matter',
      );
      continue;
    }
    fields.set(key, pair);
  }
  const keyAt = (name: string): Point => at(nodeStart(fields.get(name)?.key));
  const valueAt = (name: string): Point => at(nodeStart(fields.get(name)?.value ?? fields.get(name)?.key));
  // Missing fields belong before the closing --- line, so that is where the message points.
  const endOfFrontMatter: Point = { line: source.firstLine + source.yaml.split('\n').length, column: 1 };

  const text = (name: string, required: boolean): string | undefined => {
    const pair = fields.get(name);
    if (!pair) {
      if (required) reportError(file, `missing required field "${name}"; add \`${name}: …\` to the front matter`, endOfFrontMatter, 'front-matter');
      return undefined;
    }
    const node = pair.value;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const value = String(node.value).trim();
      if (value !== '') return value;
    }
    if (node === null || (isScalar(node) && (node.value === null || node.value === ''))) {
      if (required) reportError(file, `"${name}" is empty; give it a value`, valueAt(name), 'front-matter');
      return undefined;
    }
    reportError(file, `"${name}" must be a single line of text, not ${describeNode(node)}`, valueAt(name), 'front-matter');
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
          reportError(file, `each entry of "${name}" must be text`, at(nodeStart(item)), 'front-matter');
          ok = false;
        }
      }
      return { values, ok };
    }
    reportError(file, `"${name}" must be text or a list of text, not ${describeNode(node)}`, valueAt(name), 'front-matter');
    return { values: [], ok: false };
  };

  const title = text('title', true);
  const dek = text('dek', false);

  if (fields.has('reporter') && fields.has('author')) {
    reportError(file, '"author" is another name for "reporter"; keep only one of them', keyAt('author'), 'front-matter');
  }
  const reporterField = fields.has('reporter') ? 'reporter' : 'author';
  const reporterList = textList(reporterField);
  if (!fields.has('reporter') && !fields.has('author')) {
    reportError(file, 'missing required field "reporter"; add `reporter: Name` (or a list of names)', endOfFrontMatter, 'front-matter');
  } else if (reporterList.ok && reporterList.values.length === 0) {
    reportError(file, `"${reporterField}" is empty; name at least one reporter`, valueAt(reporterField), 'front-matter');
  }

  const date = (name: string, required: boolean): ArticleDate | undefined => {
    const value = text(name, required);
    if (value === undefined) return undefined;
    const parsed = parseArticleDate(value);
    if (!parsed.ok) {
      reportError(file, `"${name}": ${parsed.reason}`, valueAt(name), 'date');
      return undefined;
    }
    return parsed.date;
  };
  const published = date('published', true);
  const updated = date('updated', false);
  if (published && updated && updated.instant.getTime() < published.instant.getTime()) {
    reportError(
      file,
      `"updated" (${updated.source}) is before "published" (${published.source}); an article cannot change before it appears`,
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

  const stem = path.basename(manuscriptPath).replace(/\.(md|markdown)$/i, '');
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
    slug = slugify(stem);
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
  const image = readLeadImage(file, fields.get('image'), at);
  const positions: Record<string, Point> = {};
  for (const name of fields.keys()) positions[name] = valueAt(name);

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
    tags,
    rights,
    identifier: identifier ?? defaultIdentifier(publisher, slug),
    url,
    template,
    positions,
  };
}

function readLeadImage(file: VFile, pair: Pair<unknown, unknown> | undefined, at: (offset: number | undefined) => Point): RawLeadImage | undefined {
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

/** yaml caps alias expansion only in toJS; walking the document counts them without building anything. */
function aliasesWithinLimit(document: Document): boolean {
  try {
    document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return true;
  } catch {
    return false;
  }
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
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
