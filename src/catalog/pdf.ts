import fs from 'node:fs';
import type { BookMetadata } from './epub.js';
import { attribute, child, children, parseXml, textOf, type XmlNode } from './xml.js';

/** The XMP packet sits near the end of the files Pressroom writes; other PDFs may put it anywhere. */
const TAIL_BYTES = 1024 * 1024;
const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

/**
 * Reads a PDF's XMP metadata (uncompressed, as PDF/A requires): title, creators, description,
 * dates, identifier, language. A PDF without readable XMP gives empty metadata, never an error.
 */
export function readPdf(file: string): BookMetadata {
  const empty: BookMetadata = { authors: [], subjects: [] };
  const size = fs.statSync(file).size;
  let packet = findXmp(readRange(file, Math.max(0, size - TAIL_BYTES), Math.min(size, TAIL_BYTES)));
  if (packet === undefined && size > TAIL_BYTES && size <= WHOLE_FILE_LIMIT) packet = findXmp(fs.readFileSync(file));
  if (packet === undefined) return empty;
  try {
    return xmpMetadata(parseXml(packet));
  } catch {
    return empty;
  }
}

function readRange(file: string, start: number, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, start);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** The last XMP packet in the bytes (a PDF updated incrementally appends the newer one). */
function findXmp(bytes: Buffer): string | undefined {
  const start = bytes.lastIndexOf('<x:xmpmeta');
  if (start < 0) return undefined;
  const close = '</x:xmpmeta>';
  const end = bytes.indexOf(close, start);
  if (end < 0) return undefined;
  return bytes.subarray(start, end + close.length).toString('utf8');
}

function xmpMetadata(root: XmlNode): BookMetadata {
  const descriptions = children(child(root, 'xmpmeta', 'RDF'), 'Description');
  /** A property as an element in any rdf:Description, or as an attribute of one (both forms are XMP). */
  const property = (name: string): XmlNode | undefined => {
    for (const description of descriptions) {
      const element = children(description, name)[0];
      if (element) return element;
      const value = attribute(description, name);
      if (value !== undefined) return { '#text': value };
    }
    return undefined;
  };
  const items = (node: XmlNode | undefined): string[] => {
    if (!node) return [];
    const container = child(node, 'Alt') ?? child(node, 'Seq') ?? child(node, 'Bag');
    return container ? children(container, 'li').map(textOf).filter(Boolean) : [textOf(node)].filter(Boolean);
  };
  const first = (name: string) => items(property(name))[0];
  return {
    title: first('title'),
    authors: items(property('creator')),
    description: first('description'),
    language: first('language'),
    publisher: first('publisher'),
    subjects: items(property('subject')),
    identifier: first('identifier'),
    published: first('date') ?? first('CreateDate'),
    modified: first('ModifyDate'),
    rights: first('rights'),
  };
}
