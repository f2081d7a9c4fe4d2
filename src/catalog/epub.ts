import fs from 'node:fs';
import path from 'node:path';
import { attribute, child, children, parseXml, textOf, type XmlNode } from './xml.js';
import { ZipArchive } from '../zip/read.js';
import { withPicturesInlined } from '../cover/inline.js';

/** What the catalogue shows of one book, read from its package document (or its PDF's XMP). */
export interface BookMetadata {
  title?: string;
  authors: string[];
  description?: string;
  language?: string;
  publisher?: string;
  subjects: string[];
  identifier?: string;
  /** Publication date as the file states it (ISO 8601, any precision). */
  published?: string;
  /** Last modification as the file states it (ISO 8601). */
  modified?: string;
  rights?: string;
}

export interface EpubDetails extends BookMetadata {
  cover?: { data: Buffer; mediaType: string };
}

const XML_LIMIT = 4 * 1024 * 1024;
const IMAGE_LIMIT = 64 * 1024 * 1024;

/**
 * Reads an EPUB's metadata through META-INF/container.xml and the package document, and its cover
 * picture (EPUB 3 cover-image, or EPUB 2 meta cover; undefined when it has none or it cannot be read).
 */
export function readEpubDetails(file: string): Promise<EpubDetails> {
  return openEpub(file, true);
}


/**
 * An EPUB up to this size is read whole and opened in memory: the few entries the catalogue needs are
 * then read without a round trip through the file system's thread pool each (a cold build of one article
 * spent a tenth of its time waiting on them). A larger one (big pictures) is read entry by entry.
 */
const READ_WHOLE_BYTES = 8 * 1024 * 1024;

function openZip(file: string): Promise<ZipArchive> {
  const size = fs.statSync(file).size;
  return ZipArchive.open(size <= READ_WHOLE_BYTES ? fs.readFileSync(file) : file);
}

async function openEpub(file: string, withCover: boolean): Promise<EpubDetails> {
  const zip = await openZip(file);
  try {
    const container = parseXml((await zip.read('META-INF/container.xml', XML_LIMIT)).toString('utf8'));
    const rootfiles = children(child(container, 'container', 'rootfiles'), 'rootfile');
    const rootfile = rootfiles.find((node) => attribute(node, 'media-type') === 'application/oebps-package+xml') ?? rootfiles[0];
    const opfPath = attribute(rootfile, 'full-path');
    if (!opfPath) throw new Error('META-INF/container.xml names no package document');
    const opf = child(parseXml((await zip.read(opfPath, XML_LIMIT)).toString('utf8')), 'package');
    const metadata = packageMetadata(opf);
    const cover = withCover ? coverItem(opf) : undefined;
    if (!cover) return metadata;
    const href = decodeHref(attribute(cover, 'href') ?? '');
    const coverPath = path.posix.normalize(path.posix.join(path.posix.dirname(opfPath), href));
    try {
      const mediaType = attribute(cover, 'media-type') ?? '';
      const data = await zip.read(coverPath, IMAGE_LIMIT);
      const picture = (href: string) => zip.read(path.posix.normalize(path.posix.join(path.posix.dirname(coverPath), decodeHref(href))), IMAGE_LIMIT);
      return { ...metadata, cover: { data: mediaType === 'image/svg+xml' ? await withPicturesInlined(data, picture) : data, mediaType } };
    } catch {
      // A book whose cover cannot be read is still listed, with the catalogue's own placeholder.
      return metadata;
    }
  } finally {
    zip.close();
  }
}

function packageMetadata(opf: XmlNode | undefined): BookMetadata {
  const metadata = child(opf, 'metadata');
  const texts = (name: string) => children(metadata, name).map(textOf).filter(Boolean);
  const metas = children(metadata, 'meta');
  const uniqueId = attribute(opf, 'unique-identifier');
  const identifiers = children(metadata, 'identifier');
  const identifier = identifiers.find((node) => uniqueId !== undefined && attribute(node, 'id') === uniqueId) ?? identifiers[0];
  const modified =
    metas.map((meta) => (attribute(meta, 'property') === 'dcterms:modified' ? textOf(meta) : undefined)).find(Boolean) ??
    metas.map((meta) => (attribute(meta, 'name') === 'dcterms:modified' ? attribute(meta, 'content') : undefined)).find(Boolean);
  const published = children(metadata, 'date')
    .filter((node) => (attribute(node, 'event') ?? 'publication') === 'publication')
    .map(textOf)
    .find(Boolean);
  return {
    title: texts('title')[0],
    authors: creatorsInOrder(children(metadata, 'creator'), metas),
    description: plainText(texts('description')[0]),
    language: texts('language')[0],
    publisher: texts('publisher')[0],
    subjects: texts('subject'),
    identifier: textOf(identifier) || undefined,
    published,
    modified: modified || undefined,
    rights: texts('rights')[0],
  };
}

/** dc:creator in display-seq order where the book gives one, else in document order. */
function creatorsInOrder(creators: XmlNode[], metas: XmlNode[]): string[] {
  const sequence = new Map<string, number>();
  for (const meta of metas) {
    const refines = attribute(meta, 'refines');
    if (attribute(meta, 'property') === 'display-seq' && refines?.startsWith('#')) sequence.set(refines.slice(1), Number(textOf(meta)));
  }
  return creators
    .map((node, index) => ({ name: textOf(node), order: sequence.get(attribute(node, 'id') ?? '') ?? Number.MAX_SAFE_INTEGER, index }))
    .filter((creator) => creator.name)
    .sort((a, b) => a.order - b.order || a.index - b.index)
    .map((creator) => creator.name);
}

/** EPUB 3 `properties="cover-image"`, else EPUB 2 `<meta name="cover" content="ID">`. */
function coverItem(opf: XmlNode | undefined): XmlNode | undefined {
  const items = children(child(opf, 'manifest'), 'item');
  const byProperty = items.find((item) => (attribute(item, 'properties') ?? '').split(/\s+/).includes('cover-image'));
  if (byProperty) return byProperty;
  const coverId = children(child(opf, 'metadata'), 'meta')
    .map((meta) => (attribute(meta, 'name') === 'cover' ? attribute(meta, 'content') : undefined))
    .find(Boolean);
  const byId = coverId ? items.find((item) => attribute(item, 'id') === coverId) : undefined;
  return byId && (attribute(byId, 'media-type') ?? '').startsWith('image/') ? byId : undefined;
}

function decodeHref(href: string): string {
  try {
    return decodeURIComponent(href.split('#')[0]!);
  } catch {
    return href;
  }
}

/** Some EPUBs carry markup in dc:description; the catalogue shows plain text. */
function plainText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.replace(/<\/?[a-zA-Z][\w:-]*(\s[^<>]*)?\/?>/g, ' ').replace(/\s+/g, ' ').trim() || undefined;
}

