import { formatArticleDay, machineDate } from '../core/dates.js';
import { creditedName } from '../core/display.js';
import { editionArticles, editionReporters, type EditionModel } from '../model/edition.js';
import { outline } from '../model/headings.js';
import type { EditionRenderer } from '../render/types.js';
import { accessibilityMetadata, unmarkedScripts } from './accessibility.js';
import { writeBook } from './book.js';
import { coverPage, generatedCover } from './cover.js';
import type { CoverText } from '../cover/index.js';
import { FILES } from './files.js';
import { outlineEntries, type TocEntry } from './nav.js';
import type { BookDescription } from './package-document.js';
import { articlePage } from './page.js';
import { pageTargets, shareMarks } from './page-breaks.js';
import { ResourceRegistry } from './resources.js';

/** The file of the edition's article at `index` (from 0) in reading order. */
export function editionPageFile(index: number): string {
  return `article-${String(index + 1).padStart(3, '0')}.xhtml`;
}

/**
 * Writes an edition as one EPUB 3: a page per article (each as it is alone, in its own language and
 * direction, its notes numbered on their own), a contents list nested by section, article and
 * heading, and metadata gathered from every article: one creator per reporter, one contributor
 * per photographer, the publisher's name as the collection the edition belongs to.
 */
export const renderEpubEdition: EditionRenderer = async (edition, context) => {
  const resources = new ResourceRegistry();
  const articles = editionArticles(edition);
  const printed = context.printPages;
  const marks = printed ? shareMarks(printed, articles) : [];
  const pages = articles.map((document, at) => articlePage(document, context, resources, marks[at]));
  const files = articles.map((_, index) => editionPageFile(index));

  let index = 0;
  const toc: TocEntry[] = edition.sections.map((section) => {
    const children = section.articles.map((document): TocEntry => {
      const file = files[index++]!;
      return { text: document.article.title, href: file, children: outlineEntries(outline(document.headings), file) };
    });
    return { text: section.title, href: children[0]?.href ?? FILES.nav, children };
  });

  // The manifest's cover: wins; else one is drawn, the edition's title, publisher and date under the first lead picture.
  const custom = edition.cover ? resources.add(edition.cover) : undefined;
  await resources.addFallbacks();
  const text = editionCoverText(edition);
  const cover = custom ?? (await generatedCover(text, pages.find((page) => page.lead)?.lead, resources, context.template));
  const coverImage = cover.fallback ?? cover;
  const coverXhtml = coverPage(text, coverImage, custom ? 'custom' : 'generated');
  const packed = resources.all();
  const accessibility = accessibilityMetadata({
    pictures: packed,
    undescribedPictures: articles.reduce((sum, document) => sum + document.undescribedPictures, 0),
    unmarkedScripts: [...new Set(pages.flatMap((page, at) => unmarkedScripts(page.body, articles[at]!.article.lang)))].sort(),
    ...(printed ? { pageBreakSource: printed.source } : {}),
  });

  return writeBook(
    {
      description: editionDescription(edition),
      pages: pages.map((page, at) => ({ id: `article-${at + 1}`, href: files[at]!, xhtml: page.xhtml })),
      toc,
      bodyStart: files[0] ?? FILES.nav,
      navInReadingOrder: true,
      coverXhtml,
      cover: coverImage,
      resources: packed,
      accessibility,
      pageList: pageTargets(marks, files),
    },
    context,
  );
};

/** What the package document says of an edition: its manifest, and what its articles bring. */
function editionDescription(edition: EditionModel): BookDescription {
  const { edition: info } = edition;
  const articles = editionArticles(edition);
  const photographers = new Map<string, string>();
  for (const { article } of articles) {
    const credit = article.image?.asset ? article.image.credit : undefined;
    if (credit) {
      const name = creditedName(credit, article.lang);
      if (!photographers.has(name)) photographers.set(name, 'pht');
    }
  }
  const languages = [...new Set([info.lang, ...articles.map((document) => document.article.lang)])] as [string, ...string[]];
  const titles = articles.map((document) => document.article.title).join('; ');
  return {
    identifier: info.identifier,
    title: info.title,
    languages,
    creators: editionReporters(edition),
    contributors: [...photographers].map(([name, role]) => ({ name, role })),
    publisher: info.publisher,
    date: machineDate(info.published),
    description: `${info.dek ? `${info.dek.replace(/[.!?]?$/, '.')} ` : ''}Articles: ${titles}.`,
    subjects: [...new Set(articles.flatMap((document) => document.article.tags))],
    rights: info.rights,
    source: undefined,
    collection: info.publisher,
  };
}

/** What an edition's generated cover says: its title, dek, publisher and the day it appears. */
function editionCoverText(edition: EditionModel): CoverText {
  const { edition: info } = edition;
  return { headline: info.title, byline: info.dek ?? '', publisher: info.publisher, date: formatArticleDay(info.published, info.timezone, info.lang), lang: info.lang };
}
