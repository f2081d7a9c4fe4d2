import type { RenderContext } from '../render/types.js';
import type { AccessibilityMetadata } from './accessibility.js';
import { assembleEpub } from './assemble.js';
import { FILES } from './files.js';
import { ebookFonts } from './fonts.js';
import { navDocument, ncxDocument, type NavBook, type PageTarget, type TocEntry } from './nav.js';
import { packageDocument, type BookDescription } from './package-document.js';
import type { Resource } from './resources.js';

/** A book's parts, written: what an article's EPUB and an edition's both come to. */
export interface BookParts {
  description: BookDescription;
  /** The content pages after the cover, in reading order. */
  pages: { id: string; href: string; xhtml: string }[];
  toc: TocEntry[];
  /** Where the body begins, for the landmarks. */
  bodyStart: string;
  /** The contents list is a page of the reading order (an edition's), or only in reading systems' menus. */
  navInReadingOrder: boolean;
  coverXhtml: string;
  cover: Resource;
  resources: Resource[];
  accessibility: AccessibilityMetadata;
  /** The print edition's pages, where they begin in `pages`. */
  pageList: PageTarget[];
}

/** Packs a book's pages, pictures, navigation and the template's style sheet (and fonts) as an EPUB 3. */
export function writeBook(parts: BookParts, context: RenderContext): Promise<Uint8Array> {
  const { description } = parts;
  const lang = description.languages[0];
  const fonts = ebookFonts(context.template);
  const navBook: NavBook = { identifier: description.identifier, title: description.title, lang, authors: description.creators };
  return assembleEpub({
    identifier: description.identifier,
    title: description.title,
    lang,
    stylesheet: fonts.css ? `${context.template.ebookCss}\n${fonts.css}` : context.template.ebookCss,
    packageDocument: packageDocument({
      book: description,
      pages: parts.pages.map(({ id, href }) => ({ id, href })),
      navInReadingOrder: parts.navInReadingOrder,
      buildDate: context.buildDate,
      toolVersion: context.toolVersion,
      resources: parts.resources,
      fonts: fonts.fonts,
      cover: parts.cover,
      accessibility: parts.accessibility,
    }),
    nav: navDocument(navBook, parts.toc, parts.bodyStart, parts.pageList),
    ncx: ncxDocument(navBook, parts.toc),
    pages: [{ filename: FILES.cover, xhtml: parts.coverXhtml }, ...parts.pages.map((page) => ({ filename: page.href, xhtml: page.xhtml }))],
    resources: parts.resources,
    fonts: fonts.fonts,
    date: context.buildDate,
  });
}
