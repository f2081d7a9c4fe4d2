import { escapeXml } from '../xml/escape.js';

export type Attributes = Record<string, string | number | undefined>;

export function attributes(values: Attributes): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

/** An XML element on its own line: text content inline, child elements indented below it. */
export function element(name: string, attrs: Attributes, content: string | string[] | undefined, depth: number): string {
  const indent = '  '.repeat(depth);
  if (content === undefined || (Array.isArray(content) && content.length === 0)) return `${indent}<${name}${attributes(attrs)}/>`;
  if (typeof content === 'string') return `${indent}<${name}${attributes(attrs)}>${escapeXml(content)}</${name}>`;
  return `${indent}<${name}${attributes(attrs)}>\n${content.join('\n')}\n${indent}</${name}>`;
}

/** A path inside the output folder as a relative URL: each segment percent-encoded. */
export function hrefOf(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

/** RFC 3339 in UTC, to the second (Atom and OPDS 2 dates). */
export function rfc3339(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
