import type { CoverPictures } from './covers.js';
import { element, hrefOf } from './markup.js';
import type { Publication } from './scan.js';

export const FEED_FILES = { atom: 'opds.xml', json: 'opds.json', page: 'index.html' } as const;

export const MEDIA_TYPES = {
  atomAcquisition: 'application/atom+xml;profile=opds-catalog;kind=acquisition',
  opds2: 'application/opds+json',
  epub: 'application/epub+zip',
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  html: 'text/html',
} as const;

export const REL = {
  acquisition: 'http://opds-spec.org/acquisition',
  image: 'http://opds-spec.org/image',
  thumbnail: 'http://opds-spec.org/image/thumbnail',
} as const;

export interface CatalogEntry {
  publication: Publication;
  pictures: CoverPictures | undefined;
  /** RFC 3339: when the book last changed (from the file, never the clock). */
  updated: string;
  /** RFC 3339 publication instant, when the book states one. */
  published: string | undefined;
}

export interface Catalog {
  id: string;
  title: string;
  author: string;
  /** The newest `updated` of its entries (from the files, never the clock). */
  updated: string;
  entries: CatalogEntry[];
}

/** The OPDS 1.2 acquisition feed (Atom), with links relative to the feed so the folder can be hosted anywhere. */
export function atomFeed(catalog: Catalog): string {
  const head = [
    element('id', {}, catalog.id, 1),
    element('title', {}, catalog.title, 1),
    element('updated', {}, catalog.updated, 1),
    element('author', {}, [element('name', {}, catalog.author, 2)], 1),
    element('link', { rel: 'self', href: FEED_FILES.atom, type: MEDIA_TYPES.atomAcquisition }, undefined, 1),
    element('link', { rel: 'start', href: FEED_FILES.atom, type: MEDIA_TYPES.atomAcquisition }, undefined, 1),
    element('link', { rel: 'alternate', href: FEED_FILES.json, type: MEDIA_TYPES.opds2 }, undefined, 1),
    element('link', { rel: 'alternate', href: FEED_FILES.page, type: MEDIA_TYPES.html }, undefined, 1),
  ];
  const entries = catalog.entries.map((entry) => atomEntry(entry));
  const feed = element(
    'feed',
    { xmlns: 'http://www.w3.org/2005/Atom', 'xmlns:dc': 'http://purl.org/dc/terms/', 'xmlns:opds': 'http://opds-spec.org/2010/catalog' },
    [...head, ...entries],
    0,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${feed}\n`;
}

function atomEntry({ publication: book, pictures, updated, published }: CatalogEntry): string {
  const lines = [
    element('title', {}, book.title, 2),
    element('id', {}, book.identifier, 2),
    element('updated', {}, updated, 2),
    published ? element('published', {}, published, 2) : '',
    ...book.authors.map((name) => element('author', {}, [element('name', {}, name, 3)], 2)),
    book.language ? element('dc:language', {}, book.language, 2) : '',
    book.published ? element('dc:issued', {}, book.published, 2) : '',
    book.publisher ? element('dc:publisher', {}, book.publisher, 2) : '',
    ...book.subjects.map((subject) => element('category', { term: subject, label: subject }, undefined, 2)),
    book.rights ? element('rights', {}, book.rights, 2) : '',
    book.description ? element('summary', { type: 'text' }, book.description, 2) : '',
    pictures ? element('link', { rel: REL.image, href: hrefOf(pictures.image.href), type: MEDIA_TYPES.jpeg }, undefined, 2) : '',
    pictures ? element('link', { rel: REL.thumbnail, href: hrefOf(pictures.thumbnail.href), type: MEDIA_TYPES.jpeg }, undefined, 2) : '',
    book.epub
      ? element('link', { rel: REL.acquisition, href: hrefOf(book.epub.name), type: MEDIA_TYPES.epub, length: book.epub.size, title: 'EPUB' }, undefined, 2)
      : '',
    book.pdf ? element('link', { rel: REL.acquisition, href: hrefOf(book.pdf.name), type: MEDIA_TYPES.pdf, length: book.pdf.size, title: 'PDF' }, undefined, 2) : '',
    element('link', { rel: 'alternate', href: `${FEED_FILES.page}#${hrefOf(book.slug)}`, type: MEDIA_TYPES.html }, undefined, 2),
  ].filter(Boolean);
  return element('entry', {}, lines, 1);
}

/** The OPDS 2.0 feed (JSON), with the same publications in the same order. */
export function jsonFeed(catalog: Catalog): string {
  const feed = {
    metadata: { title: catalog.title, modified: catalog.updated, numberOfItems: catalog.entries.length },
    links: [
      { rel: 'self', href: FEED_FILES.json, type: MEDIA_TYPES.opds2 },
      { rel: 'start', href: FEED_FILES.json, type: MEDIA_TYPES.opds2 },
      { rel: 'alternate', href: FEED_FILES.atom, type: MEDIA_TYPES.atomAcquisition },
      { rel: 'alternate', href: FEED_FILES.page, type: MEDIA_TYPES.html },
    ],
    publications: catalog.entries.map(({ publication: book, pictures, updated, published }) => ({
      metadata: {
        '@type': 'http://schema.org/Book',
        title: book.title,
        identifier: book.identifier,
        ...(book.authors.length ? { author: book.authors.map((name) => ({ name })) } : {}),
        ...(book.language ? { language: book.language } : {}),
        ...(book.publisher ? { publisher: { name: book.publisher } } : {}),
        ...(published ? { published } : {}),
        modified: updated,
        ...(book.description ? { description: book.description } : {}),
        ...(book.subjects.length ? { subject: book.subjects.map((name) => ({ name })) } : {}),
      },
      links: [
        ...(book.epub ? [{ rel: REL.acquisition, href: hrefOf(book.epub.name), type: MEDIA_TYPES.epub, title: 'EPUB' }] : []),
        ...(book.pdf ? [{ rel: REL.acquisition, href: hrefOf(book.pdf.name), type: MEDIA_TYPES.pdf, title: 'PDF' }] : []),
        { rel: 'alternate', href: `${FEED_FILES.page}#${hrefOf(book.slug)}`, type: MEDIA_TYPES.html },
      ],
      images: pictures
        ? [
            { href: hrefOf(pictures.image.href), type: MEDIA_TYPES.jpeg, width: pictures.image.width, height: pictures.image.height },
            { href: hrefOf(pictures.thumbnail.href), type: MEDIA_TYPES.jpeg, width: pictures.thumbnail.width, height: pictures.thumbnail.height },
          ]
        : [],
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
