import { isoUtc } from '../core/dates.js';
import type { Article, ArticleDate } from '../core/article.js';
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
  lines.push('  <files>');
  for (const file of describe(files)) {
    lines.push(`    <file path="${escapeXml(file.path)}" role="${file.role}" size="${file.size}">`);
    lines.push(`      <dc:format>${escapeXml(file.mediaType)}</dc:format>`);
    lines.push(`      <checksum algorithm="sha256">${file.sha256}</checksum>`);
    lines.push(`      <checksum algorithm="sha512">${file.sha512}</checksum>`);
    lines.push('    </file>');
  }
  lines.push('  </files>', '</metadata>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}
