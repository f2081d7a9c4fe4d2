import fs from 'node:fs';
import path from 'node:path';
import { manuscriptPictures, type Article, type Manuscript } from '../core/article.js';
import { BuildAbort, reportError } from '../core/diagnostics.js';
import { TOOL_VERSION } from '../core/version.js';
import type { EditionInfo } from '../read/edition.js';
import type { Template } from '../template/theme.js';
import { writeZip } from '../zip/write.js';
import { assembleBag, bagDate, type Bag, type BagEntry } from './bagit.js';
import { dublinCoreXml, editionDublinCoreXml, editionMetadataJson, metadataJson, type DescribedFile } from './metadata.js';
import { writeTar } from './tar.js';
import { bagEntries, writeBagFolder } from './write.js';

/**
 * An article's archival bag, made from the EPUB and PDF a build has just rendered (the very bytes
 * it writes to the output folder), the manuscript and its pictures as they are on disk, and their
 * metadata. This module renders nothing: the pipeline (src/api/job.ts) hands it the bytes.
 */

/** The template archival packages use unless told otherwise: PDF/A-3b with the source attached. */
export const ARCHIVAL_TEMPLATE = 'archival';

/** How a bag is written: a folder `<slug>-bag/`, or one file `<slug>-bag.zip` / `<slug>-bag.tar`. */
export const SERIALIZATIONS = ['folder', 'zip', 'tar'] as const;
export type Serialization = (typeof SERIALIZATIONS)[number];

/** The bag's name, which is also its folder's name and its archive's top folder. */
export function bagName(slug: string): string {
  return `${slug}-bag`;
}

export function bagOutputPath(outDir: string, slug: string, serialization: Serialization): string {
  const base = path.join(outDir, bagName(slug));
  return serialization === 'folder' ? base : `${base}.${serialization}`;
}

/** Whether a template's PDF is what a bag holds: PDF/A-3b with the manuscript attached. */
export function makesArchivalPdf(template: Template): boolean {
  return template.print.pdf.pdfa === '3b' && template.print.pdf.attachSource;
}

/** Refuses, on the manuscript (or the edition's manifest), a template whose PDF a bag cannot hold. */
export function reportNotArchival(manuscript: Pick<Manuscript, 'file'>, reference: string, template: Template): void {
  const { pdfa, attachSource } = template.print.pdf;
  reportError(
    manuscript.file,
    `template "${reference}" does not make an archival PDF (it has pdf.pdfa: ${pdfa}, pdf.attach_source: ${attachSource}); a package needs pdf.pdfa: 3b and pdf.attach_source: true, as the built-in "archival" template has`,
    { line: 1, column: 1 },
    'template-not-archival',
  );
}

/**
 * Everything a bag needs besides the rendered books, as plain data: the part of a long manuscript
 * that read it in a worker thread hands it over, and the thread that joins the parts makes the bag.
 * An article's, or an edition's (its manifest, and every article's front matter and source).
 */
export type ArchivalRecord = ArticleRecord | EditionRecord;

interface RecordBase {
  /** The sources and their pictures, byte for byte, at `data/source/…`. */
  sources: DescribedFile[];
  /** The template's name, as the metadata states it. */
  template: string;
  buildDate: Date;
}

export interface ArticleRecord extends RecordBase {
  kind: 'article';
  article: Article;
}

export interface EditionRecord extends RecordBase {
  kind: 'edition';
  edition: EditionInfo;
  /** Each article's front matter, and where its manuscript is in the bag. */
  articles: { article: Article; source: string }[];
}

export function archivalRecord(manuscript: Manuscript, template: Template, buildDate: Date): ArchivalRecord {
  return { kind: 'article', article: manuscript.article, sources: sourceFiles(manuscript), template: template.name, buildDate };
}

const MEDIA_TYPES = { epub: 'application/epub+zip', pdf: 'application/pdf', markdown: 'text/markdown' } as const;

/** What an edition's bag says of its articles: each one's sources, as its build read them. */
export interface EditionSource {
  article: Article;
  path: string;
  file: Manuscript['file'];
  pictures: string[];
}

/**
 * An edition's record: its manifest and every article's manuscript and pictures, at their paths
 * relative to the folder that holds them all (so the manifest's relative paths hold in the bag too).
 */
export function editionRecord(manifest: { path: string; file: Manuscript['file']; edition: EditionInfo }, articles: readonly EditionSource[], template: Template, buildDate: Date): ArchivalRecord {
  const root = commonFolder([manifest.path, ...articles.flatMap((source) => [source.path, ...source.pictures])]);
  const inBag = (file: string) => `data/source/${path.relative(root, file).split(path.sep).join('/')}`;
  const files = new Map<string, DescribedFile>();
  const add = (file: DescribedFile) => files.set(file.path, file);
  add({ path: inBag(manifest.path), data: unchangedSource(manifest.path, manifest.file), role: 'source', mediaType: 'application/yaml' });
  for (const source of articles) {
    add({ path: inBag(source.path), data: unchangedSource(source.path, source.file), role: 'source', mediaType: MEDIA_TYPES.markdown });
    for (const picture of source.pictures) add({ path: inBag(picture), data: fs.readFileSync(picture), role: 'source-image', mediaType: mediaTypeOf(picture) });
  }
  return {
    kind: 'edition',
    edition: manifest.edition,
    articles: articles.map((source) => ({ article: source.article, source: inBag(source.path).slice('data/'.length) })),
    sources: [...files.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'))),
    template: template.name,
    buildDate,
  };
}

/** The deepest folder holding every one of `files`. */
function commonFolder(files: readonly string[]): string {
  let folder = path.dirname(files[0]!);
  while (!files.every((file) => file.startsWith(folder + path.sep))) folder = path.dirname(folder);
  return folder;
}

const PICTURE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml' };

function mediaTypeOf(file: string): string {
  return PICTURE_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Assembles the bag in memory from the record and the rendered EPUB and PDF. */
export function makeBag(record: ArchivalRecord, epub: Uint8Array, pdf: Uint8Array): Bag {
  const { buildDate } = record;
  const about = record.kind === 'article' ? record.article : record.edition;
  const described: DescribedFile[] = [
    { path: `data/${about.slug}.epub`, data: epub, role: 'ebook', mediaType: MEDIA_TYPES.epub },
    { path: `data/${about.slug}.pdf`, data: pdf, role: 'archival-pdf', mediaType: MEDIA_TYPES.pdf },
    ...record.sources,
  ];
  const facts = { toolVersion: TOOL_VERSION, template: record.template, buildDate };
  const payload: BagEntry[] = [
    ...described.map((entry) => ({ path: entry.path.slice('data/'.length), data: entry.data })),
    ...(record.kind === 'article'
      ? [
          { path: 'metadata.json', data: metadataJson(record.article, facts, described) },
          { path: 'dc.xml', data: dublinCoreXml(record.article, facts, described) },
        ]
      : [
          { path: 'metadata.json', data: editionMetadataJson(record.edition, record.articles, facts, described) },
          { path: 'dc.xml', data: editionDublinCoreXml(record.edition, record.articles, facts, described) },
        ]),
  ];
  const info: [string, string][] = [];
  if (about.publisher) info.push(['Source-Organization', about.publisher]);
  info.push(
    ['External-Identifier', about.identifier],
    ['External-Description', about.title],
    ['Bagging-Date', bagDate(buildDate)],
    ['Bag-Software-Agent', `Pressroom ${TOOL_VERSION}`],
  );
  return assembleBag(bagName(about.slug), payload, info, buildDate);
}

/** A bag ready to be written: its folder, and its zip and tar serialisations, made in memory first. */
export interface PreparedBag {
  bag: Bag;
  /** The folder's destination, when a folder is asked for. */
  folder: string | undefined;
  /** `<slug>-bag.zip` / `.tar`, when asked for. */
  files: { path: string; data: Uint8Array }[];
}

export function prepareBag(bag: Bag, outDir: string, slug: string, serializations: readonly Serialization[]): PreparedBag {
  const prepared: PreparedBag = { bag, folder: undefined, files: [] };
  for (const serialization of serializations) {
    const destination = bagOutputPath(outDir, slug, serialization);
    if (serialization === 'folder') prepared.folder = destination;
    else prepared.files.push({ path: destination, data: serialize(bag, serialization) });
  }
  return prepared;
}

/** Writes a prepared bag's folder (atomically, see write.ts); its archive files go with the build's files. */
export function writePreparedFolder(prepared: PreparedBag): void {
  if (prepared.folder) writeBagFolder(prepared.bag, prepared.folder);
}

/** One file holding the whole bag under its top folder (BagIt's serialisation convention). */
export function serialize(bag: Bag, serialization: Exclude<Serialization, 'folder'>): Uint8Array {
  const entries = bagEntries(bag);
  return serialization === 'zip' ? writeZip(entries, bag.date) : writeTar(entries, bag.date);
}

/**
 * The manuscript exactly as on disk, and its pictures (as the reader loaded them) at the same paths
 * relative to it. The reader keeps the text, not the bytes (line ends and a byte-order mark are
 * gone from it), so the file is copied here: if it no longer holds the text the books were made
 * from (saved again meanwhile), no bag is made, as its parts would disagree.
 */
function sourceFiles(manuscript: Manuscript): DescribedFile[] {
  const folder = path.dirname(manuscript.path);
  const bytes = unchangedSource(manuscript.path, manuscript.file);
  const files: DescribedFile[] = [
    { path: `data/source/${path.basename(manuscript.path)}`, data: bytes, role: 'source', mediaType: MEDIA_TYPES.markdown },
  ];
  const images = manuscriptPictures(manuscript);
  const seen = new Set<string>();
  for (const image of images) {
    const relative = path.relative(folder, image.path).split(path.sep).join('/');
    if (relative.startsWith('../') || path.isAbsolute(relative)) {
      throw new Error(`picture ${image.path} is outside the manuscript's folder`);
    }
    if (seen.has(relative)) continue;
    seen.add(relative);
    files.push({ path: `data/source/${relative}`, data: image.data, role: 'source-image', mediaType: image.mediaType });
  }
  return files.sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')));
}

/** A source's bytes on disk, when they still hold the text the books were made from; else the build stops there. */
function unchangedSource(file: string, read: Manuscript['file']): Buffer {
  const bytes = fs.readFileSync(file);
  if (new TextDecoder().decode(bytes).replace(/\r\n?/g, '\n') !== read.value) {
    reportError(read, 'the file changed while it was being built; build again to package it', { line: 1, column: 1 }, 'source-changed');
    throw new BuildAbort();
  }
  return bytes;
}
