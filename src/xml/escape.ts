/**
 * The one place Pressroom escapes text for XML it writes by hand: the EPUB's pages and package
 * document, the PDF's XMP, the catalogue page and feeds, and an archival bag's dc.xml.
 *
 * Two spellings of the same escapes, because each output is pinned to one: named references
 * (`&amp;`), which the PDF, the catalogue and the bag write, and hexadecimal ones (`&#x26;`), which
 * the EPUB writes, as xast-util-to-xml and hast-util-to-html did before Pressroom wrote the book
 * itself (so the book's bytes did not change).
 */
import { xmlSafe } from '../core/characters.js';

const NAMED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/**
 * Text content or a double-quoted attribute value, with named references. A carriage return is
 * written as a reference, so that a parser gives it back instead of turning it into a line feed.
 */
export function escapeXml(value: string): string {
  return xmlSafe(value).replace(/[&<>"\r]/g, (char) => NAMED[char]!);
}

/** Text content with hexadecimal references: `&` and `<`, and the `>` of `]]>`, which XML forbids in text. */
export function escapeXmlText(value: string): string {
  return xmlSafe(value).replace(/[&<]|\]\]>/g, (match) => (match === '&' ? '&#x26;' : match === '<' ? '&#x3C;' : ']]&#x3E;'));
}

/** A double-quoted attribute value with hexadecimal references. */
export function escapeXmlAttribute(value: string): string {
  return xmlSafe(value).replace(/[&<"]/g, (match) => (match === '&' ? '&#x26;' : match === '<' ? '&#x3C;' : '&#x22;'));
}
