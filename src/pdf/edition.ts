import path from 'node:path';
import type { Article } from '../core/article.js';
import { machineDate } from '../core/dates.js';
import { isRightToLeft } from '../core/direction.js';
import { creditedName } from '../core/display.js';
import { labelsFor } from '../core/labels.js';
import { editionArticles, editionReporters, type EditionModel } from '../model/edition.js';
import { textNumbers } from '../model/text-points.js';
import type { DocumentModel } from '../model/types.js';
import type { EditionRenderer } from '../render/types.js';
import { blockHandlers, State } from './handlers/index.js';
import { editionColophon, editionContents, editionTitlePage, type ArticleStart } from './handlers/edition.js';
import type { ArticlePlacement } from './handlers/state.js';
import { openDocument, type PdfDescription } from './ink/document.js';
import { Ink } from './ink/draw.js';
import { Furniture, type PageContext } from './ink/furniture.js';
import { StructureWriter } from './ink/structure.js';
import { placeInFlow, toFoot, type PlacedArticle } from './edition-flow.js';
import { paginateTitle, type FilledFrame } from './layout/paginate.js';
import type { StructNode } from './layout/types.js';
import { hyphenatorFor } from './text/hyphenate.js';
import { composeArticle, drawPages, freeColumn, pdfSetup, type ArticlePlace, type LaidArticle, type PdfSetup } from './pages.js';
import { printPages, type LaidText } from './print-pages.js';

/** With `edition.start: flow`, an article is tried below the one before when at least this many lines are left. */
const FLOW_LINES = 4;

/** Where the next article begins: a page, how far down it, and with `column` in which column. */
interface NextStart {
  page: number;
  offset: number;
  column?: number;
}

/**
 * Writes an edition as one print PDF: a title page, the contents (sections, articles, reporters and
 * the page each begins on), then every article as it is alone — its title block, body and notes
 * numbered on its own — beginning on a new page (or, with `edition.start: flow`, below the one
 * before; with `column`, at the top of the column after the one where it ends). Page numbers run
 * on through the edition; the running header names the section and the article; the outline nests
 * sections, articles and headings; each article is one `Art` element of the structure, in its own
 * language.
 */
export const renderPdfEdition: EditionRenderer = async (edition, context) => {
  const alone = await pdfSetup(context);
  // The next article follows on the page where one ends: a picture left over at its end may shrink to stay on it.
  const setup: PdfSetup = { ...alone, options: { ...alone.options, shrinkAtEnd: true } };
  const { theme, geometry, book, options } = setup;
  const info = edition.edition;
  const labels = labelsFor(info.lang);
  const front = frontDocument(edition);
  const root: StructNode = { id: 0, type: 'Document', parent: undefined, lang: info.lang };
  const structIds = { next: 0 };
  const frontState = new State(front, theme, book, geometry, hyphenatorFor(info.lang), new Map(), root, blockHandlers, { destinationPrefix: 'edition-', outlineShift: 0, structIds });

  // The imprint at the foot of the title page; the title and the contents above it, running on over the pages after.
  const colophon = paginateTitle(frontState.collect(() => editionColophon(frontState, edition)), geometry, options, 0);
  const colophonHeight = colophon[0]?.used ?? 0;
  for (const filled of colophon) filled.frame = { ...filled.frame, y: geometry.top + geometry.textHeight - colophonHeight, height: colophonHeight };
  const colophonRoom = colophonHeight + options.leading;
  const frontPages = (starts: readonly ArticleStart[]) =>
    paginateTitle(
      frontState.collect(() => {
        editionTitlePage(frontState, edition);
        editionContents(frontState, edition, labels.contents, starts);
      }),
      geometry,
      options,
      0,
      undefined,
      colophonRoom,
    );
  const articles = editionArticles(edition);
  // The contents take as many pages with placeholders as with the numbers: their column is fixed.
  const draft = frontPages([]);

  const frames: FilledFrame[] = [];
  const laidTexts: LaidText[] = [];
  const floating = new Set<StructNode>();
  const starts: ArticleStart[] = [];
  const startPages = new Set<number>([0]);
  // The first article begins on the page after the title page, or below the contents when they run on over more pages.
  let next: NextStart = draft.length > 1 ? following({ title: draft, body: [], lastPage: lastPage(draft) }, setup, theme.edition.start, false) : { page: 1, offset: 0 };
  // The articles on the page where the last one ends (the next may be placed below them, or they spread over it).
  let laidArticles: PlacedArticle[] = [];
  const sectionOf: string[] = edition.sections.flatMap((section) => section.articles.map(() => section.title));
  for (const [index, document] of articles.entries()) {
    const art: StructNode = { id: ++structIds.next, type: 'Art', parent: root, lang: document.article.lang };
    const placement: ArticlePlacement = { destinationPrefix: `a${index + 1}-`, outlineShift: 1, structIds };
    const nextDocument = articles[index + 1];
    const leaveColumn = theme.edition.start === 'column' && nextDocument !== undefined && sameDirection(document, nextDocument);
    const place: ArticlePlace = { offset: next.offset, ...(next.column !== undefined ? { column: next.column } : {}), ...(leaveColumn ? { leaveColumn } : {}) };
    let laid: LaidArticle;
    if (theme.edition.start === 'flow') {
      const choice = await placeInFlow((page, where) => composeArticle(document, setup, art, page, placement, where), next.page, next.offset, laidArticles, setup);
      laid = choice.laid;
      if (choice.newPage) {
        const filled = toFoot(laidArticles, setup);
        frames.forEach((frame, at) => (frames[at] = filled.get(frame) ?? frame));
        next = { page: next.page + 1, offset: 0 };
      }
    } else {
      laid = await composeArticle(document, setup, art, next.page, placement, place);
    }
    const destination = `article-${index + 1}`;
    // The contents' link, and the outline, go to the headline (below the white that sets it under the article before).
    const opening = laid.title[0]?.placed.find((placed) => placed.block.role !== 'other')?.block ?? laid.body[0]?.placed[0]?.block;
    const firstSection = index === 0 || sectionOf[index] !== sectionOf[index - 1];
    opening?.ops.unshift(
      { kind: 'anchor', name: destination, y: 0 },
      ...(firstSection ? [{ kind: 'outline' as const, title: sectionOf[index]!, level: 1, y: 0 }] : []),
    );
    const startPage = laid.title[0]?.frame.page ?? next.page;
    starts.push({ page: startPage + 1, destination });
    if (next.offset === 0 && next.column === undefined) startPages.add(startPage);
    frames.push(...laid.title, ...laid.body);
    laidTexts.push({ article: index, title: laid.title, body: laid.body, numbers: textNumbers(document) });
    for (const node of laid.floating) floating.add(node);
    next = following(laid, setup, theme.edition.start, leaveColumn);
    laidArticles = [...laidArticles.filter((placed) => placed.lastPage >= laid.lastPage), { title: laid.title, body: laid.body, lastPage: laid.lastPage, offset: laid.offset }];
  }
  const contents = frontPages(starts);
  if (contents.length !== draft.length) throw new Error('the contents took other pages with their page numbers than without');
  const pages = next.offset > 0 || next.column !== undefined ? next.page + 1 : next.page;
  const ownPages: LaidText = { article: -1, title: [...contents, ...colophon], body: [], numbers: new Map() };
  context.reportPrintPages?.(printPages([ownPages, ...laidTexts], pages, context.template));

  const pdf = openDocument(editionDescription(edition), context);
  const structure = new StructureWriter(pdf, theme.pdf.tagged, root, floating);
  const ink = new Ink(pdf, structure, edition.file);
  const articleOnPage = (page: number) => {
    let found = -1;
    starts.forEach((start, index) => {
      if (start.page - 1 <= page) found = index;
    });
    return found;
  };
  const contextOf = (page: number): PageContext => {
    const index = articleOnPage(page);
    if (index < 0) return { article: front.article, edition: info.title, header: theme.edition.header, showHeader: !startPages.has(page) };
    return { article: articles[index]!.article, section: sectionOf[index], edition: info.title, header: theme.edition.header, showHeader: !startPages.has(page) };
  };
  const furniture = new Furniture(ink, pages, theme, contextOf, info.lang, geometry, book);
  drawPages(ink, [...contents, ...colophon, ...frames], pages, root, furniture);
  structure.finish();
  const bytes = await pdf.finish();
  book.forgetGlyphs();
  return bytes;
};

/**
 * Where the next article begins: the next page; with `flow` below this one's end when enough of its last page
 * is left; with `column` (`inColumn`: the next article is written in the same direction, as the columns of a
 * page are read one way) at the top of the column after the last one this one fills on its last page, below
 * what it sets across the columns above it, when there is one.
 */
function following(laid: Pick<LaidArticle, 'title' | 'body' | 'lastPage'>, setup: PdfSetup, start: 'page' | 'flow' | 'column', inColumn: boolean): NextStart {
  const last = laid.lastPage;
  if (start === 'column') {
    const free = inColumn ? freeColumn([...laid.title, ...laid.body], last, setup.geometry, setup.options.leading) : undefined;
    return free ? { page: last, ...free } : { page: last + 1, offset: 0 };
  }
  if (start !== 'flow') return { page: last + 1, offset: 0 };
  const frames = laid.body.length > 0 ? laid.body : laid.title;
  const onLast = frames.filter((frame) => frame.frame.page === last);
  // Notes at the foot of the page leave no room for an article below the text.
  if (onLast.some((frame) => frame.notes.length > 0)) return { page: last + 1, offset: 0 };
  const used = Math.max(0, ...onLast.map((frame) => frame.frame.y - setup.geometry.top + frame.used));
  const leading = setup.options.leading;
  const gap = leading * 2;
  return setup.geometry.textHeight - used - gap >= leading * FLOW_LINES ? { page: last, offset: used + gap } : { page: last + 1, offset: 0 };
}

/** Whether two articles are written in the same direction: only then may one begin in a column beside the other's end. */
function sameDirection(one: DocumentModel, other: DocumentModel): boolean {
  return isRightToLeft(one.article.lang) === isRightToLeft(other.article.lang);
}

function lastPage(frames: readonly FilledFrame[]): number {
  return Math.max(0, ...frames.map((frame) => frame.frame.page));
}

/** The edition as a document of its own, for its title and contents pages and their running lines. */
function frontDocument(edition: EditionModel): DocumentModel {
  const info = edition.edition;
  const article: Article = {
    title: info.title,
    dek: info.dek,
    reporters: editionReporters(edition),
    published: info.published,
    updated: undefined,
    timezone: info.timezone,
    publisher: info.publisher,
    lang: info.lang,
    slug: info.slug,
    image: undefined,
    cover: undefined,
    tags: [],
    rights: info.rights,
    identifier: info.identifier,
    url: undefined,
    template: info.template,
    positions: info.positions,
  };
  return { file: edition.file, path: edition.path, root: path.dirname(edition.path), article, lead: undefined, cover: undefined, body: [], notes: [], headings: [], pictures: new Map(), undescribedPictures: 0 };
}

/** What the edition's PDF says of itself, and the sources it carries: the manifest, then each article's manuscript. */
function editionDescription(edition: EditionModel): PdfDescription {
  const info = edition.edition;
  const articles = editionArticles(edition);
  const reporters = editionReporters(edition);
  const folder = path.dirname(edition.path);
  const photographers = [
    ...new Set(articles.flatMap((document) => (document.lead && document.article.image?.credit ? [creditedName(document.article.image.credit, document.article.lang)] : []))),
  ];
  return {
    title: info.title,
    creators: reporters,
    author: reporters.join(', '),
    contributors: photographers,
    description: info.dek,
    subjects: [...new Set(articles.flatMap((document) => document.article.tags))],
    rights: info.rights,
    source: undefined,
    lang: info.lang,
    identifier: info.identifier,
    date: machineDate(info.published),
    sources: [
      { name: path.basename(edition.path), data: Buffer.from(String(edition.file.value ?? ''), 'utf8'), description: 'The edition manifest this PDF was made from' },
      ...articles.map((document) => ({
        name: path.relative(folder, document.path).split(path.sep).join('/'),
        data: Buffer.from(String(document.file.value ?? ''), 'utf8'),
        description: `The Markdown manuscript of "${document.article.title}"`,
      })),
    ],
    file: edition.file,
  };
}
