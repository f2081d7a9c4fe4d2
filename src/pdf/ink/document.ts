import { createHash } from 'node:crypto';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { DocumentModel } from '../../model/types.js';
import { isoUtc, machineDate } from '../../core/dates.js';
import { reportWarning } from '../../core/diagnostics.js';
import { creditedName, reporterNames } from '../../core/display.js';
import type { RenderContext } from '../../render/types.js';
import { escapeXml } from '../../xml/escape.js';

type Doc = InstanceType<typeof PDFDocument>;

/** pdfkit internals this module relies on (checked against pdfkit 0.20). */
interface DocInternals {
  _id: Uint8Array;
  _write(data: string | Uint8Array): void;
  _finalize(): void;
  _addInfo(): void;
  appendXML(xml: string, newline?: boolean): void;
}

export interface OpenedDocument {
  doc: Doc;
  /** Ends the document and resolves with its bytes. */
  finish(): Promise<Uint8Array>;
}

/**
 * Creates the pdfkit document with everything that is not page content: PDF/A level, tagging, language,
 * document information and XMP (escaped, dates from the build), the attached source for PDF/A-3,
 * and a file identifier derived from the content instead of pdfkit's clock-based one.
 */
export function openDocument(manuscript: DocumentModel, context: RenderContext): OpenedDocument {
  const theme = context.template.print;
  const { article } = manuscript;
  const producer = `Pressroom ${context.toolVersion} (PDFKit)`;
  const creator = `Pressroom ${context.toolVersion}`;
  const author = reporterNames(article);
  const keywords = article.tags.join(', ');
  const info: Record<string, string | Date> = { Title: article.title, Creator: creator, Producer: producer, CreationDate: context.buildDate, ModDate: context.buildDate };
  if (author) info.Author = author;
  if (article.dek) info.Subject = article.dek;
  if (keywords) info.Keywords = keywords;
  const subset = theme.pdf.pdfa === '2b' ? 'PDF/A-2b' : theme.pdf.pdfa === '3b' ? 'PDF/A-3b' : undefined;
  const doc = new PDFDocument({
    autoFirstPage: false,
    // No default font: pdfkit would parse Helvetica's metrics for nothing (every text names its font).
    font: '',
    // Pages are drawn in order and each is written out (and freed) when the next begins.
    bufferPages: false,
    // Below 1.7 pdfkit silently drops the XMP metadata that PDF/A needs.
    pdfVersion: '1.7',
    compress: true,
    size: [theme.page.width, theme.page.height],
    margin: 0,
    tagged: theme.pdf.tagged,
    lang: article.lang,
    displayTitle: true,
    ...(subset ? { subset } : {}),
    info: info as PDFKit.DocumentInfo,
  });
  const internals = doc as unknown as DocInternals;

  // XMP written by us: pdfkit's own does not escape values.
  internals._addInfo = () => internals.appendXML(xmp(manuscript, context, { producer, creator, author, keywords }));

  // The bytes go straight into one growing buffer (not through pdfkit's stream, which would keep every
  // small write as a chunk of its own until the end). The file identifier is a digest of every byte
  // before the cross-reference table, so equal content gives an equal ID.
  const output = new ByteSink();
  const doc_ = doc as unknown as { _offset: number; read(): Buffer | null };
  // The header pdfkit wrote while it was being created is waiting in its stream (and already counted in _offset).
  const header = doc_.read();
  if (header) output.write(header);
  internals._write = (data) => {
    doc_._offset += output.write(data);
  };
  const finalize = internals._finalize.bind(doc);
  internals._finalize = () => {
    internals._id = createHash('md5').update(output.bytes()).digest();
    finalize();
  };

  if (theme.pdf.attachSource) {
    if (theme.pdf.pdfa === '2b') {
      reportWarning(
        manuscript.file,
        'the template asks to attach the manuscript (pdf.attach_source) but PDF/A-2b allows no such attachment; set pdf.pdfa: 3b in the template to attach it',
        undefined,
        'pdf-attach',
      );
    } else {
      doc.file(Buffer.from(String(manuscript.file.value ?? ''), 'utf8'), {
        name: path.basename(manuscript.path),
        type: 'text/markdown',
        relationship: 'Source',
        description: 'The Markdown manuscript this PDF was made from',
        creationDate: context.buildDate,
        modifiedDate: context.buildDate,
      } as PDFKit.Mixins.PDFAttachmentOptions);
    }
  }

  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(output.bytes()));
    doc.on('error', reject);
  });
  // Nothing is read from the stream (pdfkit pushes only its end onto it), but 'end' needs it flowing.
  doc.resume();
  return {
    doc,
    finish() {
      doc.end();
      return done;
    },
  };
}

/** Bytes appended to a buffer that doubles as it fills: strings are written as pdfkit would (one byte a character, then a newline). */
class ByteSink {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;

  write(data: string | Uint8Array): number {
    const size = typeof data === 'string' ? data.length + 1 : data.length;
    if (this.length + size > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < this.length + size) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    if (typeof data === 'string') {
      this.buffer.write(data, this.length, 'latin1');
      this.buffer[this.length + data.length] = 0x0a;
    } else {
      this.buffer.set(data, this.length);
    }
    this.length += size;
    return size;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}

/** PDF/A (ISO 19005-2, 6.6.2.3) accepts XMP properties outside its predefined schemas only when the file describes them. */
const PDFUA_EXTENSION_SCHEMA = [
  '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
  '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
  '<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>',
  '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>',
  '<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>',
  '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
  '<pdfaProperty:name>part</pdfaProperty:name>',
  '<pdfaProperty:valueType>Integer</pdfaProperty:valueType>',
  '<pdfaProperty:category>internal</pdfaProperty:category>',
  '<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>',
  '</rdf:li></rdf:Seq></pdfaSchema:property>',
  '</rdf:li></rdf:Bag></pdfaExtension:schemas>',
  '</rdf:Description>',
];

function xmp(manuscript: DocumentModel, context: RenderContext, values: { producer: string; creator: string; author: string; keywords: string }): string {
  const { article } = manuscript;
  const { pdf } = context.template.print;
  // The lead picture's credit, as the EPUB lists it (dc:contributor, role photographer), when the picture is printed.
  const contributors = manuscript.lead && article.image?.credit ? [creditedName(article.image.credit, article.lang)] : [];
  const date = isoUtc(context.buildDate);
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(article.title)}</dc:title>`,
    // One entry per reporter, in byline order (PDF/A-2 and 3 do not compare it with the Info Author,
    // which holds the byline's names joined; PDF/A-1, which did, is not written).
    article.reporters.length > 0 ? `<dc:creator><rdf:Seq>${article.reporters.map((name) => `<rdf:li>${escapeXml(name)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : '',
    contributors.length > 0 ? `<dc:contributor><rdf:Bag>${contributors.map((name) => `<rdf:li>${escapeXml(name)}</rdf:li>`).join('')}</rdf:Bag></dc:contributor>` : '',
    article.dek ? `<dc:description>${alt(article.dek)}</dc:description>` : '',
    article.tags.length > 0 ? `<dc:subject><rdf:Bag>${article.tags.map((tag) => `<rdf:li>${escapeXml(tag)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>` : '',
    article.rights ? `<dc:rights>${alt(article.rights)}</dc:rights>` : '',
    article.url ? `<dc:source>${escapeXml(article.url)}</dc:source>` : '',
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(article.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<dc:identifier>${escapeXml(article.identifier)}</dc:identifier>`,
    // With the offset the manuscript wrote (as the EPUB's dc:date): the day it was published where it was published.
    `<dc:date><rdf:Seq><rdf:li>${escapeXml(machineDate(article.published))}</rdf:li></rdf:Seq></dc:date>`,
  ].filter(Boolean);
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${escapeXml(values.creator)}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    ...dc,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `<pdf:Producer>${escapeXml(values.producer)}</pdf:Producer>`,
    values.keywords ? `<pdf:Keywords>${escapeXml(values.keywords)}</pdf:Keywords>` : '',
    '</rdf:Description>',
    // A tagged PDF claims PDF/UA-1; PDF/A allows the claim only with its schema described.
    ...(pdf.tagged ? [...(pdf.pdfa === 'none' ? [] : PDFUA_EXTENSION_SCHEMA), '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">', '<pdfuaid:part>1</pdfuaid:part>', '</rdf:Description>'] : []),
  ]
    .filter(Boolean)
    .join('\n');
}
