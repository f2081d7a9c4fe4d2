import type { Element, ElementContent, Properties } from 'hast';
import type { Article } from '../core/article.js';
import { machineDate } from '../core/dates.js';
import { bylineText, creditText, datelineParts, publishedText, reporterNames, updatedText } from '../core/display.js';
import type { EbookLayout, LayoutElement, LayoutNode, LayoutParts, TitlePlaceholder } from '../template/layout.js';
import { element, text } from '../model/hast.js';
import type { Resource } from './resources.js';
import type { Template } from '../template/theme.js';

/** What the title block shows and how. */
export interface TitleContext {
  article: Article;
  template: Template;
}

/**
 * The top of the article: publisher, headline, dek, byline, dates (each a `<time>` in the
 * article's own zone) and the lead picture, as far as the template shows them; or the
 * template's own `ebook-title.xhtml` filled in with the article's metadata.
 */
export function titleBlock(page: TitleContext, lead: Resource | undefined): Element {
  const layout = page.template.ebookLayouts.title;
  if (layout) return layoutTitleBlock(layout, page, lead);
  const { article } = page;
  const show = page.template.print.titleBlock;
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
  if (show.showImage && article.image) parts.push(leadFigure(page, lead));
  return element('header', { className: ['title-block'] }, parts);
}

/** The lead picture with its caption and, set apart, its credit ("Photo: AP"); the alt text stands in if it is missing. */
function leadFigure(page: TitleContext, lead: Resource | undefined): Element {
  const image = page.article.image!;
  const picture = lead
    ? element('img', { src: lead.href, alt: image.alt, width: lead.width, height: lead.height })
    : element('p', { className: ['image-alt'] }, [text(image.alt)]);
  const caption: ElementContent[] = [];
  if (image.caption) caption.push(text(image.caption));
  if (image.credit) {
    if (image.caption) caption.push(text(' '));
    caption.push(element('span', { className: ['credit'] }, [text(creditText(image.credit, page.template.print.credit.prefix, page.article.lang))]));
  }
  const figcaption = caption.length > 0 ? [element('figcaption', {}, caption)] : [];
  return element('figure', { className: ['lead-image'] }, [picture, ...figcaption]);
}

/** What each title placeholder stands for in this article; empty when the article has no such value. */
function titleValues(article: Article, creditPrefix: string | undefined): Record<TitlePlaceholder, string> {
  const credit = article.image?.credit;
  return {
    title: article.title,
    dek: article.dek ?? '',
    byline: bylineText(article),
    reporters: reporterNames(article),
    published: publishedText(article),
    published_iso: machineDate(article.published),
    updated: updatedText(article) ?? '',
    updated_iso: article.updated ? machineDate(article.updated) : '',
    publisher: article.publisher ?? '',
    caption: article.image?.caption ?? '',
    credit: credit ? creditText(credit, creditPrefix, article.lang) : '',
    identifier: article.identifier,
  };
}

/**
 * The template's title layout with the article's values in place (the serialiser escapes them).
 * An element with `data-if="name"` shows only when the article has that value. An element whose
 * text holds fields (`{dek}`, in it or in the elements inside it) that all came out empty is left
 * out with its words (`<span> · {credit}</span>`), and so is an attribute made only of empty
 * fields. `<figure class="lead-image"/>` becomes the lead picture, when there is one to show.
 */
function layoutTitleBlock(layout: EbookLayout, page: TitleContext, lead: Resource | undefined): Element {
  const { article } = page;
  const values = titleValues(article, page.template.print.credit.prefix);
  const showImage = page.template.print.titleBlock.showImage && article.image !== undefined;
  /** The text, whether it holds fields, and whether any of them has a value. */
  const fill = (parts: LayoutParts) => {
    let value = '';
    let fields = false;
    let filled = false;
    for (const part of parts) {
      if (typeof part === 'string') value += part;
      else {
        fields = true;
        value += values[part.placeholder];
        if (values[part.placeholder] !== '') filled = true;
      }
    }
    return { value, fields, filled };
  };
  interface Rendered {
    node: Element | undefined;
    fields: boolean;
    filled: boolean;
  }
  const render = (node: LayoutElement, isRoot: boolean): Rendered => {
    if (node.condition && values[node.condition] === '') return { node: undefined, fields: true, filled: false };
    if (node.leadImage) return showImage ? { node: leadFigure(page, lead), fields: true, filled: true } : { node: undefined, fields: true, filled: false };
    const properties: Properties = {};
    for (const attribute of node.attributes) {
      const { value, fields, filled } = fill(attribute.value);
      if (!fields || filled) properties[attribute.name] = value;
    }
    let fields = false;
    let filled = false;
    const children: ElementContent[] = [];
    for (const child of node.children as LayoutNode[]) {
      const result = child.type === 'text' ? fill(child.parts) : render(child, false);
      fields ||= result.fields;
      filled ||= result.filled;
      if ('node' in result) {
        if (result.node) children.push(result.node);
      } else if (result.value !== '') children.push(text(result.value));
    }
    if (!isRoot && fields && !filled) return { node: undefined, fields, filled };
    return { node: element(node.name, properties, children), fields, filled };
  };
  return render(layout.root, true).node!;
}
