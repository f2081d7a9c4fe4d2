import type { Element, ElementContent, Properties, Root } from 'hast';
import { sanitize } from 'hast-util-sanitize';
import type { Point } from '../../core/diagnostics.js';
import { text } from '../hast.js';
import type { ModelState } from '../state.js';
import { attributeReason, AUTHOR_HTML_SCHEMA, removalReason } from './schema.js';

const ALIGNMENTS = new Set(['left', 'center', 'right']);

/**
 * Cleans the author's raw HTML in a parsed tree, leaving what Pressroom made alone (its
 * pop-up notes and checkboxes use markup an author may not). An element is the author's when
 * it starts inside a raw HTML node of the manuscript. Every removal is a warning at its place.
 */
export function sanitizeAuthorHtml(tree: Root | Element, model: ModelState, authorIds: Set<string>): void {
  cleanChildren(tree, false, { line: 1, column: 1 }, model, authorIds);
}

function cleanChildren(parent: Root | Element, parentIsAuthors: boolean, parentPlace: Point, model: ModelState, authorIds: Set<string>): void {
  const kept: ElementContent[] = [];
  for (const child of parent.children) {
    // Comments are notes to the author, never content; they also may not hold `--` in XML.
    if (child.type === 'comment' || child.type === 'doctype') continue;
    if (child.type !== 'element') {
      kept.push(child);
      continue;
    }
    const place = child.position?.start ?? parentPlace;
    const isAuthors = child.position?.start.offset === undefined ? parentIsAuthors : startsInRawHtml(child.position.start.offset, model);
    if (!isAuthors) {
      cleanChildren(child, false, place, model, authorIds);
      kept.push(child);
      continue;
    }
    kept.push(...cleanAuthorElement(child, place, model, authorIds));
  }
  parent.children = kept;
}

function cleanAuthorElement(element: Element, place: Point, model: ModelState, authorIds: Set<string>): ElementContent[] {
  const { tagName } = element;
  if (tagName === 'img') {
    const alt = typeof element.properties.alt === 'string' ? element.properties.alt : '';
    model.warn('<img> in raw HTML is not packed into the book; its alt text stands in. Write pictures as ![description](path)', place, 'html-image');
    return alt ? [text(alt)] : [];
  }
  const properties = withAlignmentClass(element.properties);
  const verdict = sanitize({ type: 'element', tagName, properties, children: [] }, AUTHOR_HTML_SCHEMA);
  if (verdict.type !== 'element') {
    if (AUTHOR_HTML_SCHEMA.strip?.includes(tagName)) {
      model.warn(`removed <${tagName}> and its content from the raw HTML: ${removalReason(tagName)}`, place, 'html-removed');
      return [];
    }
    model.warn(`removed the <${tagName}> tag from the raw HTML (not allowed in the book); its content stays`, place, 'html-unwrapped');
    cleanChildren(element, true, place, model, authorIds);
    return element.children;
  }
  for (const property of Object.keys(element.properties)) {
    const convertedToClass = property === 'align' && properties !== element.properties;
    if (convertedToClass || property in verdict.properties) continue;
    model.warn(`removed the ${attributeName(property)} attribute from <${tagName}> in the raw HTML: ${attributeReason(property)}`, place, 'html-attribute');
  }
  element.properties = verdict.properties;
  claimId(element, place, model, authorIds);
  cleanChildren(element, true, place, model, authorIds);
  return [element];
}

/** `align` is obsolete in EPUB 3; the template styles the same alignment through a class. */
function withAlignmentClass(properties: Properties): Properties {
  const align = typeof properties.align === 'string' ? properties.align.toLowerCase() : undefined;
  if (!align || !ALIGNMENTS.has(align)) return properties;
  const className = Array.isArray(properties.className) ? properties.className : [];
  return { ...properties, className: [...className, `align-${align}`] };
}

/** Two elements with one id break links and the book's validity; the later author id goes. */
function claimId(element: Element, place: Point, model: ModelState, authorIds: Set<string>): void {
  const id = element.properties.id;
  if (typeof id !== 'string') return;
  if (model.reservedIds.has(id) || authorIds.has(id)) {
    delete element.properties.id;
    model.warn(`removed id="${id}" from <${element.tagName}> in the raw HTML: a heading, note or earlier element already has that id`, place, 'html-duplicate-id');
    return;
  }
  authorIds.add(id);
}

function startsInRawHtml(offset: number, model: ModelState): boolean {
  return model.rawHtmlRanges.some(([start, end]) => offset >= start && offset < end);
}

/** hast property name back to the attribute an author wrote, for messages. */
function attributeName(property: string): string {
  if (/^(data|aria)[A-Z]/.test(property)) return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return property.toLowerCase();
}
