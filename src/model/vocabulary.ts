import { AUTHOR_HTML_SCHEMA } from './raw-html/schema.js';

/**
 * The model's vocabulary: every element its body may hold. Markdown gives the first ones; raw HTML
 * is cleaned down to `AUTHOR_HTML_SCHEMA`'s. A writer gives each a meaning (one handler per kind)
 * and may rely on nothing else being there (the tests check the models they build).
 */
export const BLOCK_ELEMENTS = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'blockquote', 'pre', 'ul', 'ol', 'li', 'figure', 'figcaption',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'div', 'details', 'summary', 'dl', 'dt', 'dd',
] as const;

export const PHRASING_ELEMENTS = [
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'img', 'input', 'ins', 'kbd', 'mark',
  'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
] as const;

export type BlockTag = (typeof BLOCK_ELEMENTS)[number];
export type PhrasingTag = (typeof PHRASING_ELEMENTS)[number];

const BLOCKS: ReadonlySet<string> = new Set(BLOCK_ELEMENTS);
const PHRASING: ReadonlySet<string> = new Set(PHRASING_ELEMENTS);

export function isBlockTag(tagName: string): tagName is BlockTag {
  return BLOCKS.has(tagName);
}

export function isPhrasingTag(tagName: string): tagName is PhrasingTag {
  return PHRASING.has(tagName);
}

/** Tags an author's raw HTML may keep that are not in the vocabulary: none, as a test checks. */
export function unknownAuthorTags(): string[] {
  return (AUTHOR_HTML_SCHEMA.tagNames ?? []).filter((tag) => !BLOCKS.has(tag) && !PHRASING.has(tag));
}
