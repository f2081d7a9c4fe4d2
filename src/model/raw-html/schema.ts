import type { Schema } from 'hast-util-sanitize';

// Attribute values EPUB's HTML schema accepts; anything else is dropped (epubcheck rejects it).
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const POSITIVE_INTEGER = /^[1-9]\d*$/;
const INTEGER = /^-?\d+$/;
const DATE_TIME = /^\d{4,}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** What `<time datetime>` takes besides a date-time: a year, a month, a time of day. */
const TIME_VALUE = /^(\d{4,}(-\d{2})?|\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)$/;

/**
 * What an author's raw HTML may keep: inline semantics, simple blocks and tables. No scripts,
 * event handlers, inline styles, frames, forms or embedded media: a book is static and must
 * carry everything it shows. hast-util-sanitize applies it; property names are hast's.
 */
export const AUTHOR_HTML_SCHEMA: Schema = {
  tagNames: [
    'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup',
    'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q',
    'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup',
    'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
  ],
  attributes: {
    '*': [['id', /^\S+$/], 'className', ['lang', LANGUAGE_TAG], ['dir', 'ltr', 'rtl', 'auto'], 'title'],
    a: ['href'],
    col: [['span', POSITIVE_INTEGER]],
    colgroup: [['span', POSITIVE_INTEGER]],
    del: [['dateTime', DATE_TIME]],
    details: ['open'],
    ins: [['dateTime', DATE_TIME]],
    ol: [['start', INTEGER], 'reversed'],
    td: [['colSpan', POSITIVE_INTEGER], ['rowSpan', INTEGER]],
    th: [['colSpan', POSITIVE_INTEGER], ['rowSpan', INTEGER], ['scope', 'row', 'col', 'rowgroup', 'colgroup']],
    time: [['dateTime', DATE_TIME, TIME_VALUE]],
  },
  protocols: { href: ['http', 'https', 'mailto', 'tel'] },
  /** Removed with everything inside; any other unknown element is unwrapped and its text kept. */
  strip: [
    'script', 'noscript', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
    'video', 'audio', 'canvas', 'svg', 'math', 'form', 'input', 'button', 'select', 'textarea',
    'link', 'meta', 'base', 'title',
  ],
  // The HTML parser has already put every element in a valid place.
  ancestors: {},
  // Ids are checked against the ones Pressroom gives out instead of being prefixed.
  clobber: [],
  clobberPrefix: '',
  required: {},
  allowComments: false,
  allowDoctypes: false,
};

/** Why a kind of element cannot stay, for the warning. */
export function removalReason(tagName: string): string {
  switch (tagName) {
    case 'script':
    case 'noscript':
      return 'scripts do not run in a book';
    case 'style':
      return "style the book through the template's ebook.css";
    case 'form':
    case 'input':
    case 'button':
    case 'select':
    case 'textarea':
      return 'forms cannot be filled in in a book';
    default:
      return 'a book cannot embed or load outside content';
  }
}

/** Why an attribute cannot stay, for the warning. */
export function attributeReason(property: string): string {
  if (/^on[A-Z]/.test(property)) return 'event handlers are scripts';
  if (property === 'style') return "inline styles are not allowed; style the book through the template's ebook.css";
  if (property === 'href') return 'only web, mail and phone links and #anchors may stay';
  return 'it or its value is not valid in EPUB';
}
