// XML 1.0 forbids most control characters outright; one in a document makes it unreadable, and in
// print they are invisible at best. The model removes them from text; the XML writers from anything else.
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes what XML 1.0 cannot hold: C0 controls other than tab and newlines, lone surrogates, U+FFFE/FFFF. */
export function xmlSafe(value: string): string {
  return value.replace(NOT_XML_CHARACTER, '');
}

export function hasNonXmlCharacters(value: string): boolean {
  return xmlSafe(value) !== value;
}
