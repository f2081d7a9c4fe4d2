import { isoUtc } from '../core/dates.js';
import type { Article, ArticleDate } from '../core/article.js';
import type { EditionInfo } from '../read/edition.js';
import { escapeXml } from '../xml/escape.js';
import { digestHex, type BagEntry } from './bagit.js';

/** The namespace of Pressroom's own elements in `dc.xml` (those Dublin Core has no term for). */
export const ARCHIVE_NAMESPACE = 'urn:pressroom:archive:1';
export const DC_NAMESPACE = 'http://purl.org/dc/elements/1.1/';
export const DCTERMS_NAMESPACE = 'http://purl.org/dc/terms/';

/** What a payload file is for, as metadata.json and dc.xml say it. */
export type PayloadRole = 'ebook' | 'archival-pdf' | 'source' | 'source-image';

/** A payload file described in the metadata (paths relative to the bag's base folder). */
export interface DescribedFile extends BagEntry {
  role: PayloadRole;
  mediaType: string;
}

export interface BuildFacts {
  toolVersion: string;
  /** The template's name (its folder's name). */
  template: string;
  buildDate: Date;
}

function dateValue(date: ArticleDate | undefined): string | null {
  return date ? date.source : null;
}

/** Every front-matter field, as validated, by its front-matter name; absent ones are null. */
export function frontMatterFields(article: Article) {
  return {
    title: article.title,
    dek: article.dek ?? null,
    reporter: article.reporters,
    published: dateValue(article.published),
    updated: dateValue(article.updated),
    timezone: article.timezone,
    publisher: article.publisher ?? null,
    lang: article.lang,
    slug: article.slug,
    image: article.image
      ? { src: article.image.src, alt: article.image.alt, caption: article.image.caption ?? null, credit: article.image.credit ?? null }
      : null,
    cover: article.cover?.src ?? null,
    tags: article.tags,
    rights: article.rights ?? null,
    identifier: article.identifier,
    template: article.template ?? null,
  };
}

function describe(files: readonly DescribedFile[]) {
  return files.map((file) => ({
    path: file.path,
    role: file.role,
    mediaType: file.mediaType,
    size: file.data.byteLength,
    sha256: digestHex('sha256', file.data),
    sha512: digestHex('sha512', file.data),
  }));
}

/**
 * `metadata.json`: the article's front matter, its identifier, how it was built and every other
 * payload file's format and checksums. (It cannot list itself or dc.xml: the bag's manifests do.)
 */
export function metadataJson(article: Article, facts: BuildFacts, files: readonly DescribedFile[]): Uint8Array {
  const document = {
    identifier: article.identifier,
    frontMatter: frontMatterFields(article),
    dates: {
      published: isoUtc(article.published.instant),
      updated: article.updated ? isoUtc(article.updated.instant) : null,
    },
    build: {
      tool: 'Pressroom',
      version: facts.toolVersion,
      template: facts.template,
      date: isoUtc(facts.buildDate),
    },
    files: describe(files),
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

/**
 * `dc.xml`: the same facts in Dublin Core (elements and terms), with Pressroom's namespace for what
 * Dublin Core has no element for (slug, time zone, picture texts, the build, the files).
 */
export function dublinCoreXml(article: Article, facts: BuildFacts, files: readonly DescribedFile[]): Uint8Array {
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<metadata xmlns="${ARCHIVE_NAMESPACE}" xmlns:dc="${DC_NAMESPACE}" xmlns:dcterms="${DCTERMS_NAMESPACE}">`,
  ];
  const element = (name: string, value: string | undefined, attributes = '') => {
    if (value !== undefined) lines.push(`  <${name}${attributes}>${escapeXml(value)}</${name}>`);
  };
  element('dc:identifier', article.identifier);
  element('dc:title', article.title);
  element('dc:description', article.dek);
  for (const reporter of article.reporters) element('dc:creator', reporter);
  element('dc:date', article.published.source);
  element('dcterms:issued', article.published.source);
  element('dcterms:modified', article.updated?.source);
  element('dc:publisher', article.publisher);
  element('dc:language', article.lang);
  for (const tag of article.tags) element('dc:subject', tag);
  element('dc:rights', article.rights);
  element('dc:type', 'Text');
  element('slug', article.slug);
  element('timezone', article.timezone);
  element('template', article.template);
  if (article.image) {
    lines.push(`  <image src="${escapeXml(article.image.src)}">`);
    lines.push(`    <alt>${escapeXml(article.image.alt)}</alt>`);
    if (article.image.caption !== undefined) lines.push(`    <caption>${escapeXml(article.image.caption)}</caption>`);
    if (article.image.credit !== undefined) lines.push(`    <credit>${escapeXml(article.image.credit)}</credit>`);
    lines.push('  </image>');
  }
  if (article.cover) lines.push(`  <cover src="${escapeXml(article.cover.src)}"/>`);
  lines.push(
    `  <build tool="Pressroom" version="${escapeXml(facts.toolVersion)}" template="${escapeXml(facts.template)}" date="${isoUtc(facts.buildDate)}"/>`,
  );
  lines.push(...filesXml(files), '</metadata>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** Every field of an edition's manifest, as validated, by its manifest name; absent ones are null. */
function editionFields(edition: EditionInfo) {
  return {
    title: edition.title,
    dek: edition.dek ?? null,
    published: edition.published.source,
    timezone: edition.timezone,
    publisher: edition.publisher ?? null,
    lang: edition.lang,
    slug: edition.slug,
    identifier: edition.identifier,
    template: edition.template ?? null,
    cover: edition.cover?.src ?? null,
    rights: edition.rights ?? null,
  };
}

/**
 * An edition's `metadata.json`: the manifest's fields, then every article's front matter and where
 * its manuscript is in the bag, how it was built and every other payload file's checksums.
 */
export function editionMetadataJson(edition: EditionInfo, articles: readonly { article: Article; source: string }[], facts: BuildFacts, files: readonly DescribedFile[]): Uint8Array {
  const document = {
    identifier: edition.identifier,
    edition: editionFields(edition),
    dates: { published: isoUtc(edition.published.instant) },
    articles: articles.map(({ article, source }) => ({ identifier: article.identifier, source, frontMatter: frontMatterFields(article) })),
    build: { tool: 'Pressroom', version: facts.toolVersion, template: facts.template, date: isoUtc(facts.buildDate) },
    files: describe(files),
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

/** An edition's `dc.xml`: the edition in Dublin Core, each article a `dcterms:hasPart` with its own. */
export function editionDublinCoreXml(edition: EditionInfo, articles: readonly { article: Article; source: string }[], facts: BuildFacts, files: readonly DescribedFile[]): Uint8Array {
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<metadata xmlns="${ARCHIVE_NAMESPACE}" xmlns:dc="${DC_NAMESPACE}" xmlns:dcterms="${DCTERMS_NAMESPACE}">`,
  ];
  const element = (name: string, value: string | undefined, indent = '  ') => {
    if (value !== undefined) lines.push(`${indent}<${name}>${escapeXml(value)}</${name}>`);
  };
  element('dc:identifier', edition.identifier);
  element('dc:title', edition.title);
  element('dc:description', edition.dek);
  for (const reporter of [...new Set(articles.flatMap(({ article }) => article.reporters))]) element('dc:creator', reporter);
  element('dc:date', edition.published.source);
  element('dcterms:issued', edition.published.source);
  element('dc:publisher', edition.publisher);
  element('dc:language', edition.lang);
  element('dc:rights', edition.rights);
  element('dc:type', 'Collection');
  element('slug', edition.slug);
  element('timezone', edition.timezone);
  for (const { article, source } of articles) {
    lines.push(`  <dcterms:hasPart source="${escapeXml(source)}">`);
    element('dc:identifier', article.identifier, '    ');
    element('dc:title', article.title, '    ');
    for (const reporter of article.reporters) element('dc:creator', reporter, '    ');
    element('dc:date', article.published.source, '    ');
    element('dc:language', article.lang, '    ');
    lines.push('  </dcterms:hasPart>');
  }
  lines.push(`  <build tool="Pressroom" version="${escapeXml(facts.toolVersion)}" template="${escapeXml(facts.template)}" date="${isoUtc(facts.buildDate)}"/>`);
  lines.push(...filesXml(files), '</metadata>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** The `<files>` element of dc.xml: each payload file's format, size and checksums. */
function filesXml(files: readonly DescribedFile[]): string[] {
  const lines = ['  <files>'];
  for (const file of describe(files)) {
    lines.push(`    <file path="${escapeXml(file.path)}" role="${file.role}" size="${file.size}">`);
    lines.push(`      <dc:format>${escapeXml(file.mediaType)}</dc:format>`);
    lines.push(`      <checksum algorithm="sha256">${file.sha256}</checksum>`);
    lines.push(`      <checksum algorithm="sha512">${file.sha512}</checksum>`);
    lines.push('    </file>');
  }
  lines.push('  </files>');
  return lines;
}
