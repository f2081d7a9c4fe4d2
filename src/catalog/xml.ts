import { XMLParser } from 'fast-xml-parser';

/** A parsed element: child elements by local name (always arrays), `#text`, and `@_name` attributes. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Numeric character references (&#x26;), which XML serialisers write, are decoded only with this on.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Parses XML into plain objects, namespaces prefixes dropped (`dc:title` → `title`). Throws on malformed XML. */
export function parseXml(text: string): XmlNode {
  return parser.parse(text, true) as XmlNode;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  if (!Array.isArray(value)) return [];
  return value.map((item) => (typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item) }));
}

export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = children(current, name)[0];
  return current;
}

/** The element's text, whitespace runs collapsed; '' when it has none. */
export function textOf(node: XmlNode | undefined): string {
  const value = node?.['#text'];
  return value === undefined || value === null ? '' : String(value).replace(/\s+/g, ' ').trim();
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return value === undefined || value === null ? undefined : String(value);
}
