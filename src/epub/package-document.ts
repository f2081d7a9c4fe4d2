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

export interface PackageContents {
  article: Article;
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

/** The OPF package document: metadata from the manuscript only, the manifest, and the reading order. */
export function packageDocument(contents: PackageContents): string {
  const { article, fonts } = contents;
  // Apple Books shows a book's own fonts only when the book says it specifies them.
  const prefix = fonts.length > 0 ? 'ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/' : undefined;
  return xmlDocument(
    x('package', { xmlns: 'http://www.idpf.org/2007/opf', version: '3.0', 'unique-identifier': IDENTIFIER_ID, 'xml:lang': article.lang, prefix }, [
      x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, metadata(contents)),
      x('manifest', {}, manifest(contents)),
      x('spine', { toc: 'ncx', 'page-progression-direction': isRightToLeft(article.lang) ? 'rtl' : undefined }, [
        x('itemref', { idref: 'cover' }),
        x('itemref', { idref: 'article' }),
        // The contents list is reachable from every reading system's menu; in the page flow it would only interrupt.
        x('itemref', { idref: 'nav', linear: 'no' }),
      ]),
    ]),
  );
}

function metadata({ article, buildDate, toolVersion, cover, accessibility, fonts }: PackageContents): XmlElement[] {
  const elements: XmlElement[] = [
    x('dc:identifier', { id: IDENTIFIER_ID }, [article.identifier]),
    x('dc:title', {}, [article.title]),
  ];
  article.reporters.forEach((reporter, index) => {
    const id = `creator-${index + 1}`;
    elements.push(
      x('dc:creator', { id }, [reporter]),
      x('meta', { refines: `#${id}`, property: 'role', scheme: 'marc:relators' }, ['aut']),
      x('meta', { refines: `#${id}`, property: 'display-seq' }, [String(index + 1)]),
    );
  });
  const credit = article.image?.asset ? article.image.credit : undefined;
  if (credit) {
    elements.push(
      // The photographer's name, without a credit word the credit starts with ("Photo: …").
      x('dc:contributor', { id: 'photographer' }, [creditedName(credit, article.lang)]),
      x('meta', { refines: '#photographer', property: 'role', scheme: 'marc:relators' }, ['pht']),
    );
  }
  if (article.publisher) elements.push(x('dc:publisher', {}, [article.publisher]));
  elements.push(
    x('dc:date', {}, [machineDate(article.published)]),
    x('meta', { property: 'dcterms:modified' }, [isoUtc(buildDate)]),
    x('dc:language', {}, [article.lang]),
  );
  if (article.dek) elements.push(x('dc:description', {}, [article.dek]));
  for (const tag of article.tags) elements.push(x('dc:subject', {}, [tag]));
  if (article.rights) elements.push(x('dc:rights', {}, [article.rights]));
  // The web page the book was made from.
  if (article.url) elements.push(x('dc:source', {}, [article.url]));
  for (const [property, value] of accessibility.properties) elements.push(x('meta', { property }, [value]));
  // The summary is written in English whatever the book's language; saying so keeps it from being read out as French.
  const summaryLang = /^en(-|$)/i.test(article.lang) ? {} : { 'xml:lang': 'en' };
  elements.push(x('meta', { property: 'schema:accessibilitySummary', ...summaryLang }, [accessibility.summary]));
  if (accessibility.conformsTo) elements.push(x('meta', { property: 'dcterms:conformsTo' }, [accessibility.conformsTo]));
  if (fonts.length > 0) elements.push(x('meta', { property: 'ibooks:specified-fonts' }, ['true']));
  // EPUB 2 reading systems find the cover through this; EPUB 3 ones through properties="cover-image".
  elements.push(x('meta', { name: 'cover', content: cover.id }), x('meta', { name: 'generator', content: `Pressroom ${toolVersion}` }));
  return elements;
}

function manifest({ resources, fonts, cover }: PackageContents): XmlElement[] {
  const item = (id: string, href: string, mediaType: string, extra: Record<string, string | undefined> = {}) =>
    x('item', { id, href, 'media-type': mediaType, ...extra });
  return [
    item('nav', FILES.nav, 'application/xhtml+xml', { properties: 'nav' }),
    item('ncx', FILES.ncx, 'application/x-dtbncx+xml'),
    item('css', FILES.stylesheet, 'text/css'),
    item('cover', FILES.cover, 'application/xhtml+xml'),
    item('article', FILES.article, 'application/xhtml+xml'),
    ...resources.map((resource) =>
      item(resource.id, resource.href, resource.mediaType, {
        properties: resource === cover ? 'cover-image' : undefined,
        fallback: resource.fallback?.id,
      }),
    ),
    ...fonts.map((font) => item(font.id, font.href, font.mediaType)),
  ];
}
