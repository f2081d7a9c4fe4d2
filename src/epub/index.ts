import type { Renderer, Writer } from '../render/types.js';
import { outline } from '../model/headings.js';
import { accessibilityMetadata, unmarkedScripts } from './accessibility.js';
import { writeBook } from './book.js';
import { coverPage, coverText, generatedCover } from './cover.js';
import { renderEpubEdition } from './edition.js';
import { FILES } from './files.js';
import { outlineEntries } from './nav.js';
import { articleDescription } from './package-document.js';
import { articlePage } from './page.js';
import { pageTargets, shareMarks } from './page-breaks.js';
import { ResourceRegistry } from './resources.js';

/** Writes one document model as an EPUB 3 file: the same inputs give the same bytes, whenever and wherever. */
export const renderEpub: Renderer = async (document, context) => {
  const { article } = document;
  const resources = new ResourceRegistry();
  const printed = context.printPages;
  const marks = printed ? shareMarks(printed, [document]) : [];
  const page = articlePage(document, context, resources, marks[0]);

  // The front matter's cover: wins over the generated cover.
  const custom = document.cover ? resources.add(document.cover) : undefined;
  await resources.addFallbacks();
  const text = coverText(article);
  const cover = custom ?? (await generatedCover(text, page.lead, resources, context.template));
  // Shelves and cover pages want a core image type: a WebP cover shows through its PNG copy.
  const coverImage = cover.fallback ?? cover;
  const coverXhtml = coverPage(text, coverImage, custom ? 'custom' : 'generated');
  const packed = resources.all();
  const accessibility = accessibilityMetadata({
    pictures: packed,
    undescribedPictures: document.undescribedPictures,
    unmarkedScripts: unmarkedScripts(page.body, article.lang),
    ...(printed ? { pageBreakSource: printed.source } : {}),
  });

  const toc = [{ text: article.title, href: FILES.article, children: outlineEntries(outline(document.headings), FILES.article) }];
  return writeBook(
    {
      description: articleDescription(article),
      pages: [{ id: 'article', href: FILES.article, xhtml: page.xhtml }],
      toc,
      bodyStart: FILES.article,
      navInReadingOrder: false,
      coverXhtml,
      cover: coverImage,
      resources: packed,
      accessibility,
      pageList: pageTargets(marks, [FILES.article]),
    },
    context,
  );
};

export const epubWriter: Writer = { article: renderEpub, edition: renderEpubEdition };
