import type { VFile } from 'vfile';
import path from 'node:path';
import type { DocumentModel } from '../../model/types.js';
import { isoUtc, machineDate } from '../../core/dates.js';
import { reportWarning } from '../../core/diagnostics.js';
import { creditedName, reporterNames } from '../../core/display.js';
import type { RenderContext } from '../../render/types.js';
import { escapeXml } from '../../xml/escape.js';
import { Pdf } from './pdfkit.js';

/** What the PDF says of itself (document information, XMP) and carries (the sources): an article's, or an edition's. */
export interface PdfDescription {
  title: string;
  /** One entry each, in byline order. */
  creators: string[];
  /** The names as the byline joins them (the document information's Author). */
  author: string;
  contributors: string[];
  description: string | undefined;
  subjects: string[];
  rights: string | undefined;
  source: string | undefined;
  lang: string;
  identifier: string;
  /** `dc:date`, as written for machines. */
  date: string;
  /** The sources attached to a PDF/A-3 (the manuscript; an edition's manifest and articles). */
  sources: { name: string; data: Buffer; description: string }[];
  /** Where a problem with the PDF as a whole is said. */
  file: VFile;
}

/** What an article's PDF says of itself: its front matter, and its manuscript as the source. */
export function articleDescription(manuscript: DocumentModel): PdfDescription {
  const { article } = manuscript;
  return {
    title: article.title,
    creators: article.reporters,
    author: reporterNames(article),
    // The lead picture's credit, as the EPUB lists it (dc:contributor, role photographer), when the picture is printed.
    contributors: manuscript.lead && article.image?.credit ? [creditedName(article.image.credit, article.lang)] : [],
    description: article.dek,
    subjects: article.tags,
    rights: article.rights,
    source: article.url,
    lang: article.lang,
    identifier: article.identifier,
    date: machineDate(article.published),
    sources: [{ name: path.basename(manuscript.path), data: Buffer.from(String(manuscript.file.value ?? ''), 'utf8'), description: 'The Markdown manuscript this PDF was made from' }],
    file: manuscript.file,
  };
}

/**
 * Opens the PDF with everything that is not page content: PDF/A level, tagging, language, document
 * information and XMP (escaped, dates from the build), and the attached sources for PDF/A-3.
 */
export function openDocument(described: PdfDescription, context: RenderContext): Pdf {
  const theme = context.template.print;
  const producer = `Pressroom ${context.toolVersion} (PDFKit)`;
  const creator = `Pressroom ${context.toolVersion}`;
  const { author } = described;
  const keywords = described.subjects.join(', ');
  const pdf = new Pdf({
    pageSize: [theme.page.width, theme.page.height],
    pdfa: theme.pdf.pdfa,
    tagged: theme.pdf.tagged,
    lang: described.lang,
    info: { title: described.title, author, subject: described.description, keywords, creator, producer, date: context.buildDate },
    xmp: xmp(described, context, { producer, creator, keywords }),
  });

  if (theme.pdf.attachSource) {
    if (theme.pdf.pdfa === '2b') {
      reportWarning(
        described.file,
        'the template asks to attach the manuscript (pdf.attach_source) but PDF/A-2b allows no such attachment; set pdf.pdfa: 3b in the template to attach it',
        undefined,
        'pdf-attach',
      );
    } else {
      for (const source of described.sources) {
        pdf.attach({
          name: source.name,
          data: source.data,
          type: source.name.endsWith('.yaml') ? 'application/yaml' : 'text/markdown',
          relationship: 'Source',
          description: source.description,
          date: context.buildDate,
        });
      }
    }
  }
  return pdf;
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

function xmp(described: PdfDescription, context: RenderContext, values: { producer: string; creator: string; keywords: string }): string {
  const { pdf } = context.template.print;
  const { contributors } = described;
  const date = isoUtc(context.buildDate);
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(described.title)}</dc:title>`,
    // One entry per reporter, in byline order (PDF/A-2 and 3 do not compare it with the Info Author,
    // which holds the byline's names joined; PDF/A-1, which did, is not written).
    described.creators.length > 0 ? `<dc:creator><rdf:Seq>${described.creators.map((name) => `<rdf:li>${escapeXml(name)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : '',
    contributors.length > 0 ? `<dc:contributor><rdf:Bag>${contributors.map((name) => `<rdf:li>${escapeXml(name)}</rdf:li>`).join('')}</rdf:Bag></dc:contributor>` : '',
    described.description ? `<dc:description>${alt(described.description)}</dc:description>` : '',
    described.subjects.length > 0 ? `<dc:subject><rdf:Bag>${described.subjects.map((tag) => `<rdf:li>${escapeXml(tag)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>` : '',
    described.rights ? `<dc:rights>${alt(described.rights)}</dc:rights>` : '',
    described.source ? `<dc:source>${escapeXml(described.source)}</dc:source>` : '',
    `<dc:language><rdf:Bag><rdf:li>${escapeXml(described.lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<dc:identifier>${escapeXml(described.identifier)}</dc:identifier>`,
    // With the offset the manuscript wrote (as the EPUB's dc:date): the day it was published where it was published.
    `<dc:date><rdf:Seq><rdf:li>${escapeXml(described.date)}</rdf:li></rdf:Seq></dc:date>`,
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
