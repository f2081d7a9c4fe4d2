import type { Element as XmlElement, ElementContent as XmlContent } from 'xast';
import { xastToXml } from './serialize.js';

// XML 1.0 forbids most control characters outright; one in a document makes it unreadable.
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes what XML 1.0 cannot hold: C0 controls other than tab and newlines, lone surrogates, U+FFFE/FFFF. */
export function xmlSafe(value: string): string {
  return value.replace(NOT_XML_CHARACTER, '');
}

export function hasNonXmlCharacters(value: string): boolean {
  return value.replace(NOT_XML_CHARACTER, '') !== value;
}

/** An xast element; attributes left undefined are not written. */
export function x(name: string, attributes: Record<string, string | undefined> = {}, children: (XmlContent | string)[] = []): XmlElement {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) kept[key] = xmlSafe(value);
  return {
    type: 'element',
    name,
    attributes: kept,
    children: children.map((child) => (typeof child === 'string' ? { type: 'text', value: xmlSafe(child) } : child)),
  };
}

export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xastToXml(root, true)}\n`;
}
