import type { Element as XmlElement, ElementContent as XmlContent } from 'xast';
import { xmlSafe } from '../core/characters.js';
import { xastToXml } from './serialize.js';

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
