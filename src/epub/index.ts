import type { ElementContent } from 'hast';
import type { Renderer } from '../render/types.js';
import { labelsFor } from '../core/labels.js';
import { outline } from '../model/headings.js';
import { element } from '../model/hast.js';
import { accessibilityMetadata, unmarkedScripts } from './accessibility.js';
import { assembleEpub } from './assemble.js';
import { coverPage, generatedCover } from './cover.js';
import { FILES } from './files.js';
import { ebookFonts } from './fonts.js';
import { navDocument, ncxDocument } from './nav.js';
import { noteAside } from './notes.js';
import { packageDocument } from './package-document.js';
import { packPicture } from './pictures.js';
import { ResourceRegistry } from './resources.js';
import { rewrite } from './rewrite.js';
import { titleBlock } from './title-block.js';
import { xhtmlPage } from './xhtml.js';

/** Writes one document model as an EPUB 3 file: the same inputs give the same bytes, whenever and wherever. */
export const renderEpub: Renderer = async (document, context) => {
  const { article } = document;
  const resources = new ResourceRegistry();
  const lead = document.lead ? resources.add(document.lead) : undefined;

  const forBook = (nodes: readonly ElementContent[]) => rewrite(nodes, (node) => packPicture(node, document.pictures, resources));
  const body = forBook(document.body);
  const labels = labelsFor(article.lang);
  const asides = document.notes.map((note) => noteAside(note, forBook(note.content), labels));
  const notes = asides.length > 0 ? [element('section', { className: ['footnotes'], 'epub:type': 'footnotes', ariaLabel: labels.notes }, asides)] : [];
  const page = element('body', { 'epub:type': 'bodymatter' }, [titleBlock({ article, template: context.template }, lead), ...body, ...notes]);
  const articleXhtml = xhtmlPage({ lang: article.lang, title: article.title, bodyProperties: page.properties, body: page.children });

  // The front matter's cover: wins over the generated cover.
  const custom = document.cover ? resources.add(document.cover) : undefined;
  await resources.addFallbacks();
  const cover = custom ?? (await generatedCover(article, lead, resources, context.template));
  // Shelves and cover pages want a core image type: a WebP cover shows through its PNG copy.
  const coverImage = cover.fallback ?? cover;
  const coverXhtml = coverPage(article, coverImage, custom ? 'custom' : 'generated');
  const packed = resources.all();
  const headingOutline = outline(document.headings);
  const accessibility = accessibilityMetadata({
    pictures: packed,
    undescribedPictures: document.undescribedPictures,
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
      resources: packed,
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
    resources: packed,
    fonts: fonts.fonts,
    date: context.buildDate,
  });
};
