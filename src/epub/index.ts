import type { Renderer } from '../render/types.js';
import { accessibilityMetadata, unmarkedScripts } from './accessibility.js';
import { assembleEpub } from './assemble.js';
import { loadRawHtmlTools, renderBody } from './body.js';
import { coverPage, coverResource } from './cover.js';
import { FILES } from './files.js';
import { ebookFonts } from './fonts.js';
import { element } from './hast.js';
import { outline, skipsLevels } from './headings.js';
import { settleLinks } from './links.js';
import { navDocument, ncxDocument } from './nav.js';
import { packageDocument } from './package-document.js';
import { createState, usesSvg } from './state.js';
import { titleBlock } from './title-block.js';
import { xhtmlPage } from './xhtml.js';

/** Renders one manuscript as an EPUB 3 file: the same inputs give the same bytes, whenever and wherever. */
export const renderEpub: Renderer = async (manuscript, context) => {
  // The HTML parser and the SVG sanitiser are loaded only for manuscripts that need them.
  const svg = usesSvg(manuscript) ? await import('./svg.js') : undefined;
  const epub = createState(manuscript, context.template, svg?.sanitizeSvg);
  const rawHtml = epub.hasRawHtml ? await loadRawHtmlTools() : undefined;
  const { article } = manuscript;
  const lead = article.image?.asset ? epub.resources.add(article.image.asset, article.image.position) : undefined;

  const body = renderBody(epub, rawHtml);
  const page = element('body', { 'epub:type': 'bodymatter' }, [titleBlock(epub, lead), ...body.content, ...(body.notes ? [body.notes] : [])]);
  settleLinks(page, epub);
  const articleXhtml = xhtmlPage({ lang: article.lang, title: article.title, bodyProperties: page.properties, body: page.children });

  const cover = coverResource(article, lead, epub.resources);
  await epub.resources.addFallbacks();
  // Shelves and cover pages want a core image type: a WebP lead shows through its PNG copy.
  const coverImage = cover.fallback ?? cover;
  const coverXhtml = coverPage(article, coverImage, cover !== lead);
  const resources = epub.resources.all();
  const headingOutline = outline(epub.headings);
  const accessibility = accessibilityMetadata({
    pictures: resources,
    undescribedPictures: epub.undescribedImages,
    skipsHeadingLevels: skipsLevels(epub.headings),
    unmarkedScripts: unmarkedScripts(page, article.lang),
  });

  const fonts = ebookFonts(context.template);
  return assembleEpub({
    identifier: article.identifier,
    title: article.title,
    lang: article.lang,
    stylesheet: fonts.css ? `${context.template.ebookCss}\n${fonts.css}` : context.template.ebookCss,
    packageDocument: packageDocument({
      article,
      buildDate: context.buildDate,
      toolVersion: context.toolVersion,
      resources,
      fonts: fonts.fonts,
      cover: coverImage,
      accessibility,
    }),
    nav: navDocument(article, headingOutline),
    ncx: ncxDocument(article, headingOutline),
    pages: [
      { filename: FILES.cover, xhtml: coverXhtml },
      { filename: FILES.article, xhtml: articleXhtml },
    ],
    resources,
    fonts: fonts.fonts,
    date: context.buildDate,
  });
};
