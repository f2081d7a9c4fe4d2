import type { Element as XmlElement } from 'xast';
import type { Article } from '../core/article.js';
import { isoUtc } from '../core/dates.js';
import { creditedName } from '../core/display.js';
import type { AccessibilityMetadata } from './accessibility.js';
import { machineDate } from '../core/dates.js';
import { FILES } from './files.js';
import type { EmbeddedFont } from './fonts.js';
import type { Resource } from './resources.js';
import { isRightToLeft } from '../core/direction.js';
import { x, xmlDocument } from './xml.js';

/** What the package document says of the book: an article's front matter, or an edition's manifest. */
export interface BookDescription {
  identifier: string;
  title: string;
  /** The book's language, then any other its pages are written in. */
  languages: [string, ...string[]];
  creators: string[];
  /** Photographers, each with a MARC relator code (pht). */
  contributors: { name: string; role: string }[];
  publisher: string | undefined;
  /** `dc:date`, as written for machines. */
  date: string;
  description: string | undefined;
  subjects: string[];
  rights: string | undefined;
  /** The web page it was made from. */
  source: string | undefined;
  /** The series it belongs to (an edition's publication). */
  collection: string | undefined;
}

/** A content document of the reading order, after the cover. */
export interface SpinePage {
  id: string;
  href: string;
}

export interface PackageContents {
  book: BookDescription;
  /** The pages in reading order, after the cover. */
  pages: SpinePage[];
  /** The contents list is a page of the reading order (an edition's), or only in reading systems' menus. */
  navInReadingOrder: boolean;
  /** The one instant the book carries (`dcterms:modified`); from the build, never the clock. */
  buildDate: Date;
  toolVersion: string;
  resources: Resource[];
  /** Fonts the template embeds, in the order of its `@font-face` rules. */
  fonts: EmbeddedFont[];
  cover: Resource;
  accessibility: AccessibilityMetadata;
}

const IDENTIFIER_ID = 'publication-id';

/** An article's description: its front matter only. */
export function articleDescription(article: Article): BookDescription {
  const credit = article.image?.asset ? article.image.credit : undefined;
  return {
    identifier: article.identifier,
    title: article.title,
    languages: [article.lang],
    creators: article.reporters,
    // The photographer's name, without a credit word the credit starts with ("Photo: …").
    contributors: credit ? [{ name: creditedName(credit, article.lang), role: 'pht' }] : [],
    publisher: article.publisher,
    date: machineDate(article.published),
    description: article.dek,
    subjects: article.tags,
    rights: article.rights,
    source: article.url,
    collection: undefined,
  };
}

/** The OPF package document: metadata from the manuscript or manifest only, the manifest, and the reading order. */
export function packageDocument(contents: PackageContents): string {
  const { book, fonts } = contents;
  const lang = book.languages[0];
  // Apple Books shows a book's own fonts only when the book says it specifies them.
  const prefix = fonts.length > 0 ? 'ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/' : undefined;
  // The contents list is reachable from every reading system's menu; in a single article's page flow it would only interrupt.
  const nav = x('itemref', { idref: 'nav', linear: contents.navInReadingOrder ? undefined : 'no' });
  return xmlDocument(
    x('package', { xmlns: 'http://www.idpf.org/2007/opf', version: '3.0', 'unique-identifier': IDENTIFIER_ID, 'xml:lang': lang, prefix }, [
      x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, metadata(contents)),
      x('manifest', {}, manifest(contents)),
      x('spine', { toc: 'ncx', 'page-progression-direction': isRightToLeft(lang) ? 'rtl' : undefined }, [
        x('itemref', { idref: 'cover' }),
        ...(contents.navInReadingOrder ? [nav] : []),
        ...contents.pages.map((page) => x('itemref', { idref: page.id })),
        ...(contents.navInReadingOrder ? [] : [nav]),
      ]),
    ]),
  );
}

function metadata({ book, buildDate, toolVersion, cover, accessibility, fonts }: PackageContents): XmlElement[] {
  const elements: XmlElement[] = [
    x('dc:identifier', { id: IDENTIFIER_ID }, [book.identifier]),
    x('dc:title', {}, [book.title]),
  ];
  book.creators.forEach((creator, index) => {
    const id = `creator-${index + 1}`;
    elements.push(
      x('dc:creator', { id }, [creator]),
      x('meta', { refines: `#${id}`, property: 'role', scheme: 'marc:relators' }, ['aut']),
      x('meta', { refines: `#${id}`, property: 'display-seq' }, [String(index + 1)]),
    );
  });
  book.contributors.forEach((contributor, index) => {
    const id = index === 0 ? 'photographer' : `photographer-${index + 1}`;
    elements.push(x('dc:contributor', { id }, [contributor.name]), x('meta', { refines: `#${id}`, property: 'role', scheme: 'marc:relators' }, [contributor.role]));
  });
  if (book.publisher) elements.push(x('dc:publisher', {}, [book.publisher]));
  elements.push(x('dc:date', {}, [book.date]), x('meta', { property: 'dcterms:modified' }, [isoUtc(buildDate)]));
  for (const language of book.languages) elements.push(x('dc:language', {}, [language]));
  if (book.collection) {
    elements.push(
      x('meta', { property: 'belongs-to-collection', id: 'collection' }, [book.collection]),
      x('meta', { refines: '#collection', property: 'collection-type' }, ['series']),
    );
  }
  if (book.description) elements.push(x('dc:description', {}, [book.description]));
  for (const subject of book.subjects) elements.push(x('dc:subject', {}, [subject]));
  if (book.rights) elements.push(x('dc:rights', {}, [book.rights]));
  if (book.source) elements.push(x('dc:source', {}, [book.source]));
  // EPUB Accessibility 1.1 names the print edition with a11y:pageBreakSource; the dc:source refined as the
  // source of the pagination (its 1.0 form) says the same, and is what EPUBCheck 4 accepts.
  if (accessibility.pageBreakSource) {
    elements.push(
      x('dc:source', { id: 'pagination-source' }, [accessibility.pageBreakSource]),
      x('meta', { refines: '#pagination-source', property: 'source-of' }, ['pagination']),
    );
  }
  for (const [property, value] of accessibility.properties) elements.push(x('meta', { property }, [value]));
  // The summary is written in English whatever the book's language; saying so keeps it from being read out as French.
  const summaryLang = /^en(-|$)/i.test(book.languages[0]) ? {} : { 'xml:lang': 'en' };
  elements.push(x('meta', { property: 'schema:accessibilitySummary', ...summaryLang }, [accessibility.summary]));
  if (accessibility.conformsTo) elements.push(x('meta', { property: 'dcterms:conformsTo' }, [accessibility.conformsTo]));
  if (fonts.length > 0) elements.push(x('meta', { property: 'ibooks:specified-fonts' }, ['true']));
  // EPUB 2 reading systems find the cover through this; EPUB 3 ones through properties="cover-image".
  elements.push(x('meta', { name: 'cover', content: cover.id }), x('meta', { name: 'generator', content: `Pressroom ${toolVersion}` }));
  return elements;
}

function manifest({ resources, fonts, cover, pages }: PackageContents): XmlElement[] {
  const item = (id: string, href: string, mediaType: string, extra: Record<string, string | undefined> = {}) =>
    x('item', { id, href, 'media-type': mediaType, ...extra });
  return [
    item('nav', FILES.nav, 'application/xhtml+xml', { properties: 'nav' }),
    item('ncx', FILES.ncx, 'application/x-dtbncx+xml'),
    item('css', FILES.stylesheet, 'text/css'),
    item('cover', FILES.cover, 'application/xhtml+xml'),
    ...pages.map((page) => item(page.id, page.href, 'application/xhtml+xml')),
    ...resources.map((resource) =>
      item(resource.id, resource.href, resource.mediaType, {
        properties: resource === cover ? 'cover-image' : undefined,
        fallback: resource.fallback?.id,
      }),
    ),
    ...fonts.map((font) => item(font.id, font.href, font.mediaType)),
  ];
}
