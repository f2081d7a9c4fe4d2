import type { Element, ElementContent } from 'hast';
import { bylineText, creditText, datelineParts } from '../core/display.js';
import { element, text } from './hast.js';
import { machineDate } from '../core/dates.js';
import type { Resource } from './resources.js';
import type { EpubState } from './state.js';

/**
 * The top of the article: publisher, headline, dek, byline, dates (each a `<time>` in the
 * article's own zone) and the lead picture, as far as the template shows them.
 */
export function titleBlock(epub: EpubState, lead: Resource | undefined): Element {
  const { article } = epub.manuscript;
  const show = epub.template.print.titleBlock;
  const parts: ElementContent[] = [];
  if (show.showPublisher && article.publisher) parts.push(element('p', { className: ['publisher'] }, [text(article.publisher)]));
  parts.push(element('h1', {}, [text(article.title)]));
  if (show.showDek && article.dek) parts.push(element('p', { className: ['dek'] }, [text(article.dek)]));
  if (show.showByline) parts.push(element('p', { className: ['byline'] }, [text(bylineText(article))]));
  if (show.showDates) {
    // datelineParts lists published, then updated when there is one: the same order as `moments`.
    const moments = [article.published, ...(article.updated ? [article.updated] : [])];
    datelineParts(article).forEach((part, index) => {
      const time = element('time', { dateTime: machineDate(moments[index]!) }, [text(part.text)]);
      parts.push(element('p', { className: ['dateline'] }, [text(`${part.label} `), time]));
    });
  }
  if (show.showImage && article.image) parts.push(leadFigure(epub, lead));
  return element('header', { className: ['title-block'] }, parts);
}

/** The lead picture with its caption and, set apart, its credit ("Photo: AP"); the alt text stands in if it is missing. */
function leadFigure(epub: EpubState, lead: Resource | undefined): Element {
  const image = epub.manuscript.article.image!;
  const picture = lead
    ? element('img', { src: lead.href, alt: image.alt, width: lead.width, height: lead.height })
    : element('p', { className: ['image-alt'] }, [text(image.alt)]);
  const caption: ElementContent[] = [];
  if (image.caption) caption.push(text(image.caption));
  if (image.credit) {
    if (image.caption) caption.push(text(' '));
    caption.push(element('span', { className: ['credit'] }, [text(creditText(image.credit, epub.template.print.credit.prefix))]));
  }
  const figcaption = caption.length > 0 ? [element('figcaption', {}, caption)] : [];
  return element('figure', { className: ['lead-image'] }, [picture, ...figcaption]);
}
