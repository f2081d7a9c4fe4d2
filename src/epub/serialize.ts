import type { Element, ElementContent, Properties, Root, RootContent } from 'hast';
import type { Element as XmlElement, ElementContent as XmlContent, RootContent as XmlRootContent } from 'xast';
import { xmlSafe } from '../core/characters.js';
import { escapeXmlAttribute as escapeAttribute, escapeXmlText as escapeText } from '../xml/escape.js';

/**
 * The book's own XML writers: hast (XHTML pages) and xast (package document, NCX, SVG) to text.
 * They write what hast-util-to-xast and xast-util-to-xml wrote (same escapes, same attribute
 * names), in one pass and without loading either library or property-information's tables.
 */

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Written self-closed (`<br/>`); every other empty element keeps its end tag, which HTML parsers need. */
const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'hr', 'img', 'input', 'link', 'meta', 'wbr']);
/** hast property names whose attribute is not simply the name lower-cased. */
const SPECIAL_ATTRIBUTES: Record<string, string> = {
  className: 'class',
  htmlFor: 'for',
  httpEquiv: 'http-equiv',
  acceptCharset: 'accept-charset',
  xmlLang: 'xml:lang',
  xmlSpace: 'xml:space',
  xmlBase: 'xml:base',
  xmlnsXLink: 'xmlns:xlink',
  xLinkHref: 'xlink:href',
};
const attributeNames = new Map<string, string>();

/** The attribute a hast property stands for in HTML: `dateTime` → `datetime`, `ariaLabel` → `aria-label`, `dataFooBar` → `data-foo-bar`. */
export function attributeName(property: string): string {
  let name = attributeNames.get(property);
  if (name !== undefined) return name;
  if (property in SPECIAL_ATTRIBUTES) name = SPECIAL_ATTRIBUTES[property]!;
  else if (/^aria[A-Z]/.test(property)) name = `aria-${property.slice(4).toLowerCase()}`;
  else if (/^data[A-Z0-9]/.test(property)) {
    const rest = property.slice(4).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    name = `data${rest.startsWith('-') ? '' : '-'}${rest}`;
  }
  else name = property.toLowerCase();
  attributeNames.set(property, name);
  return name;
}

function attributeValue(value: Properties[string]): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : String(value);
  if (value === true) return '';
  if (Array.isArray(value)) return value.join(' ').trim();
  return value;
}

/** A hast tree as XHTML; the outermost element gets the XHTML namespace. */
export function hastToXhtml(node: Root | Element): string {
  const out: string[] = [];
  if (node.type === 'root') for (const child of node.children) writeHast(child, out, true);
  else writeHast(node, out, true);
  return out.join('');
}

function writeHast(node: RootContent | ElementContent, out: string[], outermost: boolean): void {
  switch (node.type) {
    case 'text':
      out.push(escapeText(node.value));
      return;
    case 'element': {
      out.push('<', node.tagName);
      if (outermost) out.push(` xmlns="${HTML_NAMESPACE}"`);
      for (const [property, raw] of Object.entries(node.properties)) {
        const value = attributeValue(raw);
        if (value !== undefined) out.push(' ', attributeName(property), '="', escapeAttribute(value), '"');
      }
      // XHTML reading systems take a passage's language from xml:lang, HTML ones from lang: an element gets both.
      const lang = attributeValue(node.properties.lang);
      if (lang !== undefined && attributeValue(node.properties.xmlLang) === undefined) out.push(' xml:lang="', escapeAttribute(lang), '"');
      if (VOID_ELEMENTS.has(node.tagName) && node.children.length === 0) {
        out.push('/>');
        return;
      }
      out.push('>');
      for (const child of node.children) writeHast(child, out, false);
      out.push('</', node.tagName, '>');
      return;
    }
    case 'comment':
      out.push('<!--', xmlSafe(node.value), '-->');
      return;
    case 'doctype':
      return;
    default:
      throw new Error(`cannot write a ${(node as { type: string }).type} node as XHTML`);
  }
}

/** An xast tree as XML. `closeEmpty`: write elements without content as `<x />` rather than `<x></x>`. */
export function xastToXml(node: XmlElement, closeEmpty: boolean): string {
  const out: string[] = [];
  writeXast(node, out, closeEmpty);
  return out.join('');
}

function writeXast(node: XmlContent | XmlRootContent, out: string[], closeEmpty: boolean): void {
  switch (node.type) {
    case 'text':
      out.push(escapeText(node.value));
      return;
    case 'element': {
      out.push('<', node.name);
      for (const [name, value] of Object.entries(node.attributes ?? {})) {
        if (value !== undefined && value !== null) out.push(' ', name, '="', escapeAttribute(String(value)), '"');
      }
      if (closeEmpty && node.children.every((child) => child.type === 'text' && escapeText(child.value) === '')) {
        out.push(' />');
        return;
      }
      out.push('>');
      for (const child of node.children) writeXast(child, out, closeEmpty);
      out.push('</', node.name, '>');
      return;
    }
    case 'comment':
      out.push('<!--', node.value, '-->');
      return;
    default:
      throw new Error(`cannot write a ${node.type} node as XML`);
  }
}
