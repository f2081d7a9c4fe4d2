import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { VFile } from 'vfile';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { ArticleDate } from '../core/article.js';
import { isIanaZone, offsetZoneName, parseArticleDate } from '../core/dates.js';
import { BuildAbort, failIfErrors, reportError, type Point } from '../core/diagnostics.js';
import { defaultIdentifier } from '../core/identifier.js';
import { closestName } from '../core/suggest.js';
import { slugify } from './frontmatter.js';
import { decodeText } from './text.js';

/** An edition manifest's file name ends so; `build`, `package`, `watch` and folder discovery take it like a manuscript. */
export const EDITION_SUFFIX = '.edition.yaml';

export function isEditionManifest(file: string): boolean {
  return file.toLowerCase().endsWith(EDITION_SUFFIX);
}

/** What the `edition:` mapping says about the book as a whole. */
export interface EditionInfo {
  title: string;
  dek: string | undefined;
  published: ArticleDate;
  /** IANA zone (or fixed offset) its dates are printed in. */
  timezone: string;
  publisher: string | undefined;
  lang: string;
  slug: string;
  identifier: string;
  template: string | undefined;
  /** The cover picture, a path relative to the manifest; undefined: one is drawn. */
  cover: { src: string; place: Point } | undefined;
  rights: string | undefined;
  /** Where each field's value stands, for messages about it. */
  positions: Readonly<Record<string, Point>>;
}

/** One article of an edition, as the manifest names it. */
export interface EditionEntry {
  /** Absolute path of the manuscript. */
  path: string;
  /** The path or glob as written, and where. */
  written: string;
  place: Point;
}

export interface EditionSectionSource {
  title: string;
  place: Point;
  articles: EditionEntry[];
}

export interface EditionManifest {
  file: VFile;
  /** Absolute path of the manifest. */
  path: string;
  edition: EditionInfo;
  sections: EditionSectionSource[];
}

const EDITION_FIELDS = ['title', 'dek', 'published', 'timezone', 'publisher', 'lang', 'slug', 'identifier', 'template', 'cover', 'rights'] as const;
const TOP_FIELDS = ['edition', 'sections'] as const;
const SECTION_FIELDS = ['title', 'articles'] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const GLOB_CHARACTERS = /[*?[\]{}]/;
const MANUSCRIPT = /\.(md|markdown)$/i;

/**
 * Reads and checks an edition manifest: every field, section and article, each problem an error at
 * its line and column. Articles are found (paths and globs, relative to the manifest) but not read.
 * Throws BuildAbort on an error in the edition's fields or sections; an article that is missing or
 * named twice is an error recorded on `file`, and the others are returned, for the caller to read.
 */
export function readEditionManifest(manifestPath: string, file: VFile): EditionManifest {
  const absolute = path.resolve(manifestPath);
  const text = decodeText(file, fs.readFileSync(absolute));
  failIfErrors(file);
  file.value = text;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (node: unknown): Point => {
    const offset = (node as YamlNode | null | undefined)?.range?.[0] ?? 0;
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  for (const error of document.errors) reportError(file, `YAML syntax error: ${error.message.split('\n')[0]}`, atOffset(lineCounter, error.pos[0]), 'yaml');
  for (const warning of document.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED') reportError(file, 'YAML tags are not allowed in an edition manifest; write plain values', atOffset(lineCounter, warning.pos[0]), 'yaml-tag');
  }
  failIfErrors(file);
  const root = document.contents;
  if (!isMap(root)) {
    reportError(file, 'an edition manifest is a mapping with an `edition:` and a `sections:` entry', at(root), 'edition');
    failIfErrors(file);
  }
  const fields = new Fields(file, root as YAMLMap, TOP_FIELDS, at, 'edition manifest');
  const editionNode = fields.node('edition');
  const sectionsNode = fields.node('sections');
  const edition = editionNode ? readEditionInfo(file, editionNode, at) : undefined;
  if (!editionNode) reportError(file, 'missing `edition:`, the mapping with the edition\'s title and published date', endOf(text), 'edition');
  const sections = sectionsNode ? readSections(file, sectionsNode, at, path.dirname(absolute)) : [];
  if (!sectionsNode) reportError(file, 'missing `sections:`, the list of sections with the articles of each, in reading order', endOf(text), 'edition');
  // Problems with the articles it names are recorded, and the ones found are still read (by the
  // caller, which fails then), so that one run says everything wrong with an edition.
  if (!edition || sections.length === 0) failIfErrors(file);
  return { file, path: absolute, edition: edition!, sections };
}

function readEditionInfo(file: VFile, node: unknown, at: (node: unknown) => Point): EditionInfo | undefined {
  if (!isMap(node)) {
    reportError(file, '`edition:` must be a mapping of `field: value` lines (title, published, …), indented under it', at(node), 'edition');
    return undefined;
  }
  const fields = new Fields(file, node, EDITION_FIELDS, at, 'edition');
  const title = fields.text('title', true);
  const dek = fields.text('dek', false);
  const publishedText = fields.text('published', true);
  let published: ArticleDate | undefined;
  if (publishedText !== undefined) {
    const parsed = parseArticleDate(publishedText);
    if (parsed.ok) published = parsed.date;
    else reportError(file, `"published": ${parsed.reason}`, fields.valuePlace('published'), 'date');
  }
  let timezone = fields.text('timezone', false);
  if (timezone !== undefined && !isIanaZone(timezone)) {
    reportError(file, `"timezone": "${timezone}" is not an IANA time zone; use a name such as Asia/Kolkata or Europe/London`, fields.valuePlace('timezone'), 'timezone');
    timezone = undefined;
  }
  timezone ??= published?.offsetMinutes !== undefined ? offsetZoneName(published.offsetMinutes) : 'UTC';
  let lang = fields.text('lang', false) ?? 'en';
  try {
    lang = Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    reportError(file, `"lang": "${lang}" is not a BCP 47 language tag; write e.g. en, en-GB, uk or pt-BR`, fields.valuePlace('lang'), 'lang');
  }
  let slug = fields.text('slug', false);
  if (slug !== undefined && !SLUG.test(slug)) {
    reportError(file, `"slug": "${slug}" is not a plain name; use lowercase letters, digits and single hyphens, e.g. ${slugify(slug) || 'my-edition'}`, fields.valuePlace('slug'), 'slug');
    slug = undefined;
  }
  slug ??= title !== undefined ? slugify(title) : undefined;
  if (title !== undefined && slug === '') {
    reportError(file, `cannot make an output name from the title "${title}"; add \`slug: my-edition\``, fields.valuePlace('title'), 'slug');
  }
  const publisher = fields.text('publisher', false);
  const coverSrc = fields.text('cover', false);
  const cover = coverSrc !== undefined ? { src: coverSrc, place: fields.valuePlace('cover') } : undefined;
  if (title === undefined || published === undefined || !slug) return undefined;
  return {
    title,
    dek,
    published,
    timezone,
    publisher,
    lang,
    slug,
    identifier: fields.text('identifier', false) ?? defaultIdentifier(publisher, `edition/${slug}`),
    template: fields.text('template', false),
    cover,
    rights: fields.text('rights', false),
    positions: fields.positions(),
  };
}

function readSections(file: VFile, node: unknown, at: (node: unknown) => Point, folder: string): EditionSectionSource[] {
  if (!isSeq(node) || node.items.length === 0) {
    reportError(file, '`sections:` must be a list of sections, each a `- title:` line with its `articles:` below it', at(node), 'edition');
    return [];
  }
  const sections: EditionSectionSource[] = [];
  const named = new Map<string, Point>();
  for (const item of node.items) {
    if (!isMap(item)) {
      reportError(file, 'each section is a mapping: `- title: Name` and, indented below it, `articles: [paths or globs]`', at(item), 'edition');
      continue;
    }
    const fields = new Fields(file, item, SECTION_FIELDS, at, 'section');
    const title = fields.text('title', true);
    const articlesNode = fields.node('articles');
    if (!articlesNode) {
      reportError(file, `section ${title ? `"${title}" ` : ''}has no \`articles:\`; list its manuscripts, paths or globs relative to the manifest`, at(item), 'edition');
      continue;
    }
    const written = isSeq(articlesNode) ? articlesNode.items : isScalar(articlesNode) ? [articlesNode] : [];
    if (written.length === 0) {
      reportError(file, '`articles:` must be a path, a glob or a list of them, relative to the manifest', at(articlesNode), 'edition');
      continue;
    }
    const articles: EditionEntry[] = [];
    for (const entry of written) {
      const place = at(entry);
      if (!isScalar(entry) || typeof entry.value !== 'string' || entry.value.trim() === '') {
        reportError(file, 'each article is a path or a glob, as text', place, 'edition');
        continue;
      }
      for (const found of findArticles(file, entry.value.trim(), place, folder)) {
        const earlier = named.get(found);
        if (earlier) {
          reportError(file, `"${path.relative(folder, found)}" is already in this edition (line ${earlier.line}); an article may appear once`, place, 'edition-duplicate');
          continue;
        }
        named.set(found, place);
        articles.push({ path: found, written: entry.value.trim(), place });
      }
    }
    if (title !== undefined) sections.push({ title, place: fields.valuePlace('title'), articles });
  }
  return sections;
}

/** The manuscripts a path or a glob names, in a stable order; each problem an error at `place`. */
function findArticles(file: VFile, written: string, place: Point, folder: string): string[] {
  if (GLOB_CHARACTERS.test(written)) {
    const found = globSync(written, { cwd: folder, absolute: true, onlyFiles: true, expandDirectories: false })
      .filter((match) => MANUSCRIPT.test(match))
      .map((match) => path.resolve(match))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (found.length === 0) reportError(file, `"${written}" matches no manuscript (.md file) beside the manifest`, place, 'edition-glob');
    return found;
  }
  const absolute = path.resolve(folder, written);
  if (!fs.existsSync(absolute)) {
    reportError(file, `article "${written}" does not exist; paths are relative to the manifest's folder`, place, 'edition-missing');
    return [];
  }
  if (!fs.statSync(absolute).isFile() || !MANUSCRIPT.test(absolute)) {
    reportError(file, `"${written}" is not a manuscript; name a .md file, or a glob such as ukraine/*.md`, place, 'edition-missing');
    return [];
  }
  return [absolute];
}

/** The fields of one mapping of the manifest: unknown keys are errors, with a suggestion. */
class Fields {
  private readonly pairs = new Map<string, Pair<unknown, unknown>>();

  constructor(
    private readonly file: VFile,
    private readonly map: YAMLMap,
    known: readonly string[],
    private readonly at: (node: unknown) => Point,
    what: string,
  ) {
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined || !known.includes(key)) {
        const suggestion = key === undefined ? undefined : closestName(key, known);
        reportError(
          file,
          `unknown ${what} field "${key ?? '?'}"${suggestion ? `; did you mean "${suggestion}"?` : `; the fields are ${known.join(', ')}`}`,
          at(pair.key),
          'edition-field',
        );
        continue;
      }
      this.pairs.set(key, pair);
    }
  }

  node(name: string): unknown {
    return this.pairs.get(name)?.value ?? undefined;
  }

  valuePlace(name: string): Point {
    const pair = this.pairs.get(name);
    return this.at(pair?.value ?? pair?.key ?? this.map);
  }

  text(name: string, required: boolean): string | undefined {
    const pair = this.pairs.get(name);
    if (!pair) {
      if (required) reportError(this.file, `missing required field "${name}"; add \`${name}: …\``, this.at(this.map), 'edition-field');
      return undefined;
    }
    const value = pair.value;
    if (isScalar(value) && (typeof value.value === 'string' || typeof value.value === 'number') && String(value.value).trim() !== '') return String(value.value).trim();
    if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) {
      if (required) reportError(this.file, `"${name}" is empty; give it a value`, this.valuePlace(name), 'edition-field');
      return undefined;
    }
    reportError(this.file, `"${name}" must be a single line of text`, this.valuePlace(name), 'edition-field');
    return undefined;
  }

  positions(): Record<string, Point> {
    return Object.fromEntries([...this.pairs.keys()].map((name) => [name, this.valuePlace(name)]));
  }
}

function atOffset(lineCounter: LineCounter, offset: number): Point {
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function endOf(text: string): Point {
  return { line: text.split('\n').length, column: 1 };
}

/**
 * What planning a run needs of a manifest before its build: its output name and the articles it
 * names now (globs expanded); undefined when it cannot be read (its build then says why).
 */
export function peekEdition(manifestPath: string): { slug: string; position: Point | undefined; articles: string[] } | undefined {
  try {
    const { edition, sections } = readEditionManifest(manifestPath, new VFile());
    return { slug: edition.slug, position: edition.positions.slug, articles: sections.flatMap((section) => section.articles.map((entry) => entry.path)) };
  } catch (error) {
    if (error instanceof BuildAbort) return undefined;
    throw error;
  }
}
