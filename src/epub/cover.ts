import path from 'node:path';
import type { Article } from '../core/article.js';
import { formatArticleDay } from '../core/dates.js';
import { bylineText } from '../core/display.js';
import { fillLabel, labelsFor } from '../core/labels.js';
import { COVER_HEIGHT, COVER_WIDTH, drawCover, type CoverText } from '../cover/index.js';
import { withPicturesInlined } from '../cover/inline.js';
import { element } from '../model/hast.js';
import type { DocumentModel } from '../model/types.js';
import type { Template } from '../template/theme.js';
import { ResourceRegistry, type Resource } from './resources.js';
import { xhtmlPage } from './xhtml.js';

/**
 * The generated cover (see src/cover): headline, byline, publisher and date under the lead picture,
 * or on a plain cover. Call once the lead picture has its fallback: a WebP lead is drawn through its PNG.
 */
export async function generatedCover(text: CoverText, lead: Resource | undefined, resources: ResourceRegistry, template: Template): Promise<Resource> {
  const picture = lead ? (lead.fallback ?? lead) : undefined;
  // The cover sits beside the picture in the book's images folder.
  const svg = await drawCover(text, picture ? { href: path.posix.basename(picture.href), width: picture.width, height: picture.height } : undefined, template.print);
  return resources.addGenerated(Buffer.from(svg, 'utf8'), 'image/svg+xml', COVER_WIDTH, COVER_HEIGHT);
}

/**
 * The picture the catalogue makes this book's cover pictures from, known from the model before the
 * book is written, so that the catalogue can start on them early (src/catalog/covers.ts): the very
 * bytes it reads back from the EPUB, the cover `renderEpub` packs with its pictures inlined.
 * Undefined when only writing the book tells: a WebP picture (drawn through a PNG copy made then), a
 * custom SVG cover (which may draw other pictures of the book).
 */
export async function catalogCoverSource(document: DocumentModel, template: Template): Promise<{ data: Buffer; mediaType: string } | undefined> {
  if (document.cover) {
    const { data, mediaType } = document.cover;
    return mediaType === 'image/webp' || mediaType === 'image/svg+xml' ? undefined : { data, mediaType };
  }
  const resources = new ResourceRegistry();
  const lead = document.lead ? resources.add(document.lead) : undefined;
  if (lead?.mediaType === 'image/webp') return undefined;
  const cover = await generatedCover(coverText(document.article), lead, resources, template);
  const data = await withPicturesInlined(cover.data, async (href) => (lead && path.posix.basename(lead.href) === href ? lead.data : undefined));
  return { data, mediaType: cover.mediaType };
}

/** What the generated cover says. */
export function coverText(article: Article): CoverText {
  return {
    headline: article.title,
    byline: bylineText(article),
    publisher: article.publisher,
    date: formatArticleDay(article.published, article.timezone, article.lang),
    lang: article.lang,
  };
}

/** The cover as the first page, the picture filling it; `text` is what a generated cover says. */
export function coverPage(text: CoverText, cover: Resource, kind: 'generated' | 'custom'): string {
  const what = kind === 'generated' ? [text.headline, text.byline, text.publisher, text.date].filter(Boolean).join('. ') : text.headline;
  const alt = fillLabel(labelsFor(text.lang).coverAlt, { what });
  return xhtmlPage({
    lang: text.lang,
    title: text.headline,
    bodyProperties: { 'epub:type': 'cover' },
    body: [element('div', { className: ['cover'] }, [element('img', { src: cover.href, alt, role: 'doc-cover' })])],
  });
}
