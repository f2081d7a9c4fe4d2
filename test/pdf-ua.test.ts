import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StructureWriter } from '../src/pdf/ink/structure.js';
import { linkContents } from '../src/pdf/ink/draw.js';
import { Pdf } from '../src/pdf/ink/pdfkit.js';
import { renderPdf } from '../src/pdf/index.js';
import type { StructNode } from '../src/pdf/layout/types.js';
import { resolveDocument } from '../src/model/index.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { BUILTIN_TEMPLATES_DIR, loadTemplate } from '../src/template/load.js';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';
import { paintings, PdfObjects, textOf, walk, type PdfDict, type StructElement } from './helpers/pdf-objects.js';
import { pdftotext, qpdfCheck } from './helpers/tools.js';

/*
 * PDF/UA-1 (ISO 14289-1), checked the way the Matterhorn Protocol's machine-checkable failure
 * conditions describe it: each `it` names the checkpoints it covers (the README's table lists them,
 * and those no test can check without veraPDF or a person). The PDFs are read back with qpdf.
 */

const BUILD_DATE = new Date('2024-03-06T16:00:00Z');
const FIXTURE = 'test/fixtures/accessibility/input.md';
const BOOKS = [
  { name: 'sample', input: 'manuscript/zelenskyy-nato-guarantees.md', template: 'article' },
  { name: 'kitchen-sink', input: 'test/fixtures/kitchen-sink/input.md', template: 'article' },
  { name: 'fixture', input: FIXTURE, template: 'article' },
  // Two columns, endnotes and printed addresses.
  { name: 'fixture-handout', input: FIXTURE, template: 'handout' },
  // PDF/A-3b with the manuscript attached.
  { name: 'fixture-archival', input: FIXTURE, template: 'archival' },
] as const;

/** ISO 32000-1 Table 333 to 338, and Table 340's inline types: what PDF/UA-1 calls standard. */
const STANDARD_TYPES = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody ' +
    'Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'
  ).split(' '),
);

interface Book {
  name: string;
  file: string;
  pdf: PdfObjects;
  tree: StructElement[];
  elements: StructElement[];
}

let temp: string;
const books: Book[] = [];

function each(check: (book: Book) => void): void {
  for (const book of books) {
    try {
      check(book);
    } catch (error) {
      (error as Error).message = `${book.name}: ${(error as Error).message}`;
      throw error;
    }
  }
}

function pageContent(pdf: PdfObjects, page: PdfDict): Buffer {
  const contents = page['/Contents'];
  return Buffer.concat((Array.isArray(contents) ? contents : [contents!]).map((reference) => pdf.streamData(reference)));
}

describe('PDF/UA-1', () => {
  beforeAll(async () => {
    temp = makeTemp('pressroom-pdfua-');
    for (const book of BOOKS) {
      const absolute = path.join(REPO_ROOT, book.input);
      const manuscript = readManuscript(absolute, newManuscriptFile(absolute));
      const template = loadTemplate(path.join(BUILTIN_TEMPLATES_DIR, book.template));
      const bytes = await renderPdf(await resolveDocument(manuscript), { template, buildDate: BUILD_DATE, toolVersion: '0.1.0-test' });
      const file = path.join(temp, `${book.name}.pdf`);
      fs.writeFileSync(file, bytes);
      const pdf = new PdfObjects(file);
      const tree = pdf.structureTree();
      books.push({ name: book.name, file, pdf, tree, elements: walk(tree) });
    }
  }, 120_000);
  afterAll(() => removeTemp(temp));

  it('claims PDF/UA-1 in XMP with dc:title, and PDF/A accepts the claim (06-001, 06-002, 06-003; PDF/A-2 6.6.2.3)', () => {
    each(({ pdf, name }) => {
      expect(qpdfCheck(pdf.file).status).toBe(0);
      const xmp = pdf.metadata();
      expect(xmp).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
      expect(xmp).toMatch(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">[^<]+<\/rdf:li>/);
      // A PDF/A file describes every property outside PDF/A's own schemas: here pdfuaid.
      expect(xmp).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
      expect(xmp).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
      expect(xmp, name).toMatch(/<pdfaid:part>[23]<\/pdfaid:part>/);
    });
  });

  it('lists each reporter and the picture credit as entries of their own in XMP (dc:creator Seq, dc:contributor Bag)', () => {
    const fixture = books.find((book) => book.name === 'fixture')!;
    const xmp = fixture.pdf.metadata();
    expect(/<dc:creator><rdf:Seq>(.*?)<\/rdf:Seq><\/dc:creator>/.exec(xmp)?.[1]).toBe('<rdf:li>Olena Kovalenko</rdf:li><rdf:li>Jonas Petraitis</rdf:li>');
    expect(/<dc:contributor><rdf:Bag>(.*?)<\/rdf:Bag><\/dc:contributor>/.exec(xmp)?.[1]).toBe('<rdf:li>Jonas Petraitis</rdf:li>');
    const kitchen = books.find((book) => book.name === 'kitchen-sink')!;
    expect(/<dc:creator><rdf:Seq>(.*?)<\/rdf:Seq>/.exec(kitchen.pdf.metadata())?.[1]).toBe('<rdf:li>Ада Ковальчук</rdf:li><rdf:li>Νίκος Παπαδόπουλος</rdf:li><rdf:li>Jonas Žemaitis</rdf:li>');
  });

  it('marks every drawing as tagged content or an artifact, never one inside the other (01-003, 01-004, 01-005), and every tagged sequence belongs to an element', () => {
    each(({ pdf, elements }) => {
      const owned = new Set(elements.flatMap((element) => element.mcids.map(({ page, mcid }) => `${page}#${mcid}`)));
      let drawn = 0;
      for (const page of pdf.pages()) {
        for (const painting of paintings(pageContent(pdf, page.dict))) {
          drawn++;
          const where = `${page.reference} ${painting.operator} inside ${painting.marks.map((mark) => mark.tag).join(' > ') || 'nothing'}`;
          const artifact = painting.marks.findIndex((mark) => mark.tag === 'Artifact');
          const tagged = painting.marks.findIndex((mark) => mark.mcid !== undefined);
          expect(artifact !== -1 || tagged !== -1, `01-005: ${where}`).toBe(true);
          expect(artifact === -1 || tagged === -1, `01-003/01-004: ${where}`).toBe(true);
          if (tagged !== -1) expect(owned.has(`${page.reference}#${painting.marks[tagged]!.mcid}`), `no element owns ${where}`).toBe(true);
        }
      }
      expect(drawn).toBeGreaterThan(100);
    });
  });

  it('draws running heads, page numbers and rules as artifacts (pagination and layout)', () => {
    const fixture = books.find((book) => book.name === 'fixture')!;
    const { pdf } = fixture;
    const pages = pdf.pages();
    expect(pages.length).toBeGreaterThan(1);
    const text = (painting: ReturnType<typeof paintings>[number], unicode: Map<string, Map<string, string>>) =>
      (painting.codes ?? []).map((code) => unicode.get(painting.font!)!.get(code) ?? '').join('');
    let rules = 0;
    pages.forEach((page, index) => {
      const fonts = pdf.pageFonts(page.dict);
      const unicode = new Map([...fonts].map(([name, font]) => [name, pdf.toUnicode(font)]));
      const drawn = paintings(pageContent(pdf, page.dict));
      const pagination = drawn
        .filter((painting) => painting.kind === 'text' && painting.marks.some((mark) => mark.tag === 'Artifact' && mark.artifactType === 'Pagination'))
        .map((painting) => text(painting, unicode))
        .join('');
      expect(pagination.replace(/\s+/g, '')).toContain(`Page${index + 1}of${pages.length}`);
      const tagged = drawn.filter((painting) => painting.kind === 'text' && painting.marks.some((mark) => mark.mcid !== undefined)).map((painting) => text(painting, unicode)).join('');
      expect(tagged).not.toMatch(/Page \d+ of \d+/);
      rules += drawn.filter((painting) => painting.kind === 'path' && painting.marks.some((mark) => mark.tag === 'Artifact')).length;
    });
    // The thematic break and the footnote rule.
    expect(rules).toBeGreaterThanOrEqual(2);
  });

  it('uses standard structure types only, without remapping (02-001, 02-003, 02-004), and no Suspects (01-007)', () => {
    each(({ pdf, elements }) => {
      for (const element of elements) expect(STANDARD_TYPES.has(element.type), element.type).toBe(true);
      const root = pdf.dict(pdf.catalog['/StructTreeRoot'])!;
      expect(root['/RoleMap']).toBeUndefined();
      const markInfo = pdf.dict(pdf.catalog['/MarkInfo'])!;
      expect(markInfo['/Marked']).toBe(true);
      expect(markInfo['/Suspects'] ?? false).toBe(false);
    });
  });

  it('shows the title, not the file name, and states the language (07-001, 07-002, 11-001 to 11-006)', () => {
    each(({ pdf }) => {
      expect(pdf.dict(pdf.catalog['/ViewerPreferences'])?.['/DisplayDocTitle']).toBe(true);
      // The catalogue's language is the one in force wherever no element says otherwise: page text,
      // alternate descriptions, outline entries, annotations' Contents and the metadata.
      expect(textOf(pdf.catalog['/Lang'])).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
    });
  });

  it('nests tables, lists and notes as ISO 32000-1 says (09-004, 09-005), with no TOC, Ruby or Warichu elements (09-006 to 09-008)', () => {
    each(({ elements }) => {
      const types = (element: StructElement) => element.children.map((child) => child.type);
      for (const element of elements) {
        const kids = types(element);
        const where = `${element.type} ${element.reference} holds ${kids.join(', ')}`;
        if (element.type === 'Table') expect(kids.every((type) => ['Caption', 'THead', 'TBody', 'TFoot', 'TR'].includes(type)), where).toBe(true);
        if (['THead', 'TBody', 'TFoot'].includes(element.type)) expect(kids.every((type) => type === 'TR'), where).toBe(true);
        if (element.type === 'TR') expect(kids.length > 0 && kids.every((type) => type === 'TH' || type === 'TD'), where).toBe(true);
        if (element.type === 'TH' || element.type === 'TD') expect(['TR'].includes(element.parent!.type), `${element.type} in ${element.parent!.type}`).toBe(true);
        if (element.type === 'L') expect(kids.length > 0 && kids.every((type) => ['Caption', 'LI', 'L'].includes(type)), where).toBe(true);
        if (element.type === 'LI') expect(kids.length > 0 && kids.every((type) => type === 'Lbl' || type === 'LBody'), where).toBe(true);
        if (element.type === 'LBody') expect(element.parent!.type).toBe('LI');
        expect(['TOC', 'TOCI', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP']).not.toContain(element.type);
      }
    });
    const fixture = books.find((book) => book.name === 'fixture')!.elements.map((element) => element.type);
    expect(fixture).toContain('Table');
    expect(fixture).toContain('L');
  });

  it('gives every Figure an alternate description (13-004), a stand-in where the manuscript has none', () => {
    each(({ elements }) => {
      for (const figure of elements.filter((element) => element.type === 'Figure')) expect(textOf(figure.dict['/Alt'])?.trim(), figure.reference).toBeTruthy();
    });
    const fixture = books.find((book) => book.name === 'fixture')!;
    const alts = fixture.elements.filter((element) => element.type === 'Figure').map((figure) => textOf(figure.dict['/Alt']));
    expect(alts).toEqual(['The flag of Ukraine beside a white compass star on navy.', 'Blue over yellow bands', 'Picture without a description', 'a compass star']);
    // Four pictures drawn (lead, bands twice, the star), each inside its Figure.
    const pictures = fixture.pdf.pages().flatMap((page) => paintings(pageContent(fixture.pdf, page.dict)).filter((painting) => painting.kind === 'xobject'));
    expect(pictures.length).toBe(4);
    expect(pictures.every((picture) => picture.marks.some((mark) => mark.tag === 'Figure' && mark.mcid !== undefined))).toBe(true);
  });

  it('numbers headings from H1 without skipping a level, and never uses H (14-002, 14-003, 14-006, 14-007)', () => {
    each(({ elements }) => {
      const headings = elements.filter((element) => /^H[1-6]?$/.test(element.type)).map((element) => element.type);
      expect(headings[0]).toBe('H1');
      expect(headings).not.toContain('H');
      let previous = 0;
      for (const heading of headings) {
        const level = Number(heading.slice(1));
        expect(level, headings.join(' ')).toBeLessThanOrEqual(previous + 1);
        previous = level;
      }
    });
    // The fixture's #### after ## is written as H3.
    const fixture = books.find((book) => book.name === 'fixture')!;
    expect(fixture.elements.filter((element) => /^H\d$/.test(element.type)).map((element) => element.type)).toEqual(['H1', 'H2', 'H3', 'H3', 'H3', 'H2', 'H2']);
  });

  it('gives every TH a scope (15-003) and writes no Formula (17-002, 17-003)', () => {
    each(({ pdf, elements }) => {
      for (const cell of elements.filter((element) => element.type === 'TH')) {
        const attributes = pdf.dict(cell.dict['/A']);
        expect(attributes?.['/O']).toBe('/Table');
        expect(['/Column', '/Row', '/Both']).toContain(attributes?.['/Scope']);
      }
      expect(elements.map((element) => element.type)).not.toContain('Formula');
    });
    expect(books.find((book) => book.name === 'fixture')!.elements.filter((element) => element.type === 'TH').length).toBe(7);
  });

  it('gives every Note a unique ID, listed in the IDTree (19-003, 19-004)', () => {
    each(({ pdf, elements, name }) => {
      const notes = elements.filter((element) => element.type === 'Note');
      const ids = notes.map((note) => textOf(note.dict['/ID']));
      for (const id of ids) expect(id).toBeTruthy();
      expect(new Set(ids).size).toBe(ids.length);
      if (notes.length === 0) return;
      const names = pdf.array(pdf.dict(pdf.dict(pdf.catalog['/StructTreeRoot'])!['/IDTree'])?.['/Names']);
      const listed = new Map<string, string>();
      for (let index = 0; index < names.length; index += 2) listed.set(textOf(names[index])!, String(names[index + 1]));
      for (const note of notes) expect(listed.get(textOf(note.dict['/ID'])!), name).toBe(note.reference);
    });
    expect(books.find((book) => book.name === 'kitchen-sink')!.elements.filter((element) => element.type === 'Note').length).toBe(2);
  });

  it('has no optional content, forms, XFA, encryption, media clips or reference XObjects (20-001 to 20-003, 25-001, 26-001, 26-002, 28-005, 28-010, 28-014, 28-015, 30-001, 30-002)', () => {
    each(({ pdf }) => {
      expect(pdf.catalog['/OCProperties']).toBeUndefined();
      expect(pdf.catalog['/AcroForm']).toBeUndefined();
      expect(pdf.trailer['/Encrypt']).toBeUndefined();
      for (const reference of pdf.references()) {
        const object = pdf.dict(reference);
        if (!object) continue;
        expect(object['/Type'], reference).not.toBe('/MediaClip');
        if (object['/Subtype'] === '/Form') {
          expect(object['/Ref'], reference).toBeUndefined();
          expect(pdf.streamData(reference).toString('latin1')).not.toContain('/MCID');
        }
      }
    });
  });

  it('attaches the manuscript with F, UF and a description (21-001)', () => {
    const archival = books.find((book) => book.name === 'fixture-archival')!;
    const { pdf } = archival;
    const names = pdf.array(pdf.dict(pdf.dict(pdf.catalog['/Names'])?.['/EmbeddedFiles'])?.['/Names']);
    expect(names.length).toBe(2);
    const spec = pdf.dict(names[1])!;
    expect(textOf(spec['/F'])).toBe('input.md');
    expect(textOf(spec['/UF'])).toBe('input.md');
    expect(textOf(spec['/Desc'])).toBeTruthy();
  });

  it('ties every link annotation to a Link element, with a description of its own (28-002, 28-004, 28-006 to 28-009, 28-011, 28-012, 28-016 to 28-018)', () => {
    each(({ pdf, elements }) => {
      const owners = new Map<string, StructElement>();
      for (const element of elements) for (const object of element.objects) owners.set(object, element);
      const annotations = pdf.annotations();
      const pagesWithLinks = new Set<string>();
      for (const annotation of annotations) {
        // Only links: no other subtype, so none outside an Annot element, none undefined, no TrapNet, file attachment or PrinterMark.
        expect(annotation.dict['/Subtype']).toBe('/Link');
        pagesWithLinks.add(annotation.page);
        const owner = owners.get(annotation.reference);
        expect(owner?.type, `annotation ${annotation.reference} is not inside a Link element`).toBe('Link');
        expect(typeof annotation.dict['/StructParent']).toBe('number');
        const contents = textOf(annotation.dict['/Contents']);
        expect(contents?.trim(), `annotation ${annotation.reference} has no /Contents`).toBeTruthy();
        expect(textOf(owner!.dict['/Alt'])?.trim(), `Link ${owner!.reference} has no /Alt`).toBeTruthy();
      }
      for (const page of pdf.pages()) if (pagesWithLinks.has(page.reference)) expect(page.dict['/Tabs']).toBe('/S');
    });
    expect(books.find((book) => book.name === 'fixture')!.pdf.annotations().length).toBeGreaterThanOrEqual(6);
  });

  it('describes links by their words and where they go, and note citations by the note', () => {
    const { pdf } = books.find((book) => book.name === 'fixture')!;
    const contents = new Set(pdf.annotations().map((annotation) => textOf(annotation.dict['/Contents'])));
    expect(contents).toContain("statement on the alliance's website (https://www.nato.int/cps/en/natohq/news_223456.htm)".replace("'", '’'));
    expect(contents).toContain('mail to the desk (desk@example.com)');
    expect(contents).toContain('internal link');
    // A link written without words shows its address, which describes it.
    expect(contents).toContain('https://example.org/empty-link');
    expect(contents).toContain('1. The ministry’s statement of 5 March 2024, with a copy on the web.');
    expect(contents).toContain('https://example.com/a/very/long/path/that/keeps/going/and/going/without/any/spaces/at/all/index.html?with=query&and=more');
    expect(linkContents('', { kind: 'uri', uri: 'https://example.com/empty' })).toBe('https://example.com/empty');
    expect(linkContents('www.nato.int', { kind: 'uri', uri: 'https://www.nato.int/' })).toBe('www.nato.int');
  });

  it('uses embedded Type 0 fonts with Identity encodings, complete ToUnicode maps and real glyphs (10-001, 31-001 to 31-030)', () => {
    each(({ pdf }) => {
      const programs = new Map<string, { numGlyphs: number; widths: (gid: number) => number }>();
      const program = (descendant: PdfDict) => {
        const reference = String(pdf.dict(descendant['/FontDescriptor'])!['/FontFile2']);
        let font = programs.get(reference);
        if (!font) {
          const parsed = fontkit.create(pdf.streamData(reference)) as fontkit.Font;
          font = { numGlyphs: parsed.numGlyphs, widths: (gid) => (parsed.getGlyph(gid).advanceWidth * 1000) / parsed.unitsPerEm };
          programs.set(reference, font);
        }
        return font;
      };
      for (const page of pdf.pages()) {
        const fonts = pdf.pageFonts(page.dict);
        const unicode = new Map<string, Map<string, string>>();
        for (const [name, font] of fonts) {
          // 31-001 to 31-003, 31-006 to 31-008: only the predefined Identity encoding, no embedded CMap.
          expect(font['/Subtype']).toBe('/Type0');
          expect(font['/Encoding']).toBe('/Identity-H');
          const descendant = pdf.dict(pdf.array(font['/DescendantFonts'])[0])!;
          // 31-004, 31-005; TrueType simple fonts (31-017 to 31-026) and Type 1 (31-012, 31-013) are never written.
          expect(descendant['/Subtype']).toBe('/CIDFontType2');
          expect(descendant['/CIDToGIDMap']).toBe('/Identity');
          const descriptor = pdf.dict(descendant['/FontDescriptor'])!;
          // 31-009: embedded; 31-014, 31-015: no CIDSet to disagree with the program.
          expect(descriptor['/FontFile2']).toBeDefined();
          expect(descriptor['/CIDSet']).toBeUndefined();
          // 31-027: a ToUnicode map; 31-028, 31-029: mapping to no 0, U+FEFF or U+FFFE.
          const map = pdf.toUnicode(font);
          expect(map.size).toBeGreaterThan(0);
          for (const text of map.values()) expect(text).not.toMatch(/[\u0000\uFEFF\uFFFE]/);
          unicode.set(name, map);
          // 31-016: widths as the program has them.
          const widths = pdf.array(descendant['/W']);
          for (let index = 0; index < widths.length; index += 2) {
            const first = widths[index] as number;
            (widths[index + 1] as number[]).forEach((width, offset) => expect(Math.abs(width - program(descendant).widths(first + offset)), `${String(font['/BaseFont'])}: width of glyph ${first + offset}`).toBeLessThanOrEqual(1));
          }
        }
        for (const painting of paintings(pageContent(pdf, page.dict))) {
          if (painting.kind !== 'text') continue;
          const font = fonts.get(painting.font!)!;
          const descendant = pdf.dict(pdf.array(font['/DescendantFonts'])[0])!;
          const { numGlyphs } = program(descendant);
          for (const code of painting.codes!) {
            // 31-030: never .notdef; 31-011: a glyph the program has; 10-001: a code that maps to text.
            expect(code, `${painting.font} shows .notdef`).not.toBe('0000');
            expect(parseInt(code, 16)).toBeLessThan(numGlyphs);
            expect(unicode.get(painting.font!)!.get(code), `${painting.font} code ${code} has no Unicode`).toBeTruthy();
          }
        }
      }
    });
  });

  it('marks passages in another language with /Lang, and nothing else', () => {
    const fixture = books.find((book) => book.name === 'fixture')!;
    const marked = fixture.elements.filter((element) => element.dict['/Lang']).map((element) => `${element.type}:${textOf(element.dict['/Lang'])}`);
    // The document's language, the two quotations (raw HTML spans) and the Ukrainian paragraph (a div).
    expect(marked).toEqual(['Document:en', 'Span:uk', 'Span:el', 'Div:uk']);
  });

  it('reads back as typed (pdftotext) with the structure changes', () => {
    const fixture = books.find((book) => book.name === 'fixture')!;
    const text = pdftotext(fixture.file);
    expect(text).toContain('A heading that skips a level');
    expect(text).toContain('«Ми будемо в альянсі»');
  });
});

describe('structure writer', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = makeTemp('pressroom-structure-');
  });
  afterAll(() => removeTemp(scratch));

  /** Writes a document with the given nodes, each holding one marked sequence, and reads its tree back. */
  async function written(nodes: StructNode[], root: StructNode): Promise<StructElement[]> {
    const pdf = new Pdf({
      pageSize: [200, 200],
      pdfa: 'none',
      tagged: true,
      lang: root.lang!,
      info: { title: 'Structure', author: '', subject: undefined, keywords: '', creator: 'test', producer: 'test', date: BUILD_DATE },
      xmp: '',
    });
    pdf.addPage();
    const structure = new StructureWriter(pdf, true, root);
    for (const node of nodes) {
      structure.mark(node);
      pdf.fillRect(10, 10, 10, 10, '#000000');
    }
    structure.finish();
    const file = path.join(scratch, `structure-${nodes.length}.pdf`);
    fs.writeFileSync(file, await pdf.finish());
    return walk(new PdfObjects(file).structureTree());
  }

  it('writes /Lang only where an element\'s language differs from the one around it', async () => {
    const root: StructNode = { id: 0, type: 'Document', parent: undefined, lang: 'en' };
    const ukrainian: StructNode = { id: 1, type: 'P', parent: root, lang: 'uk' };
    const inner: StructNode = { id: 2, type: 'Span', parent: ukrainian, lang: 'uk' };
    const greek: StructNode = { id: 3, type: 'Span', parent: ukrainian, lang: 'el' };
    const english: StructNode = { id: 4, type: 'P', parent: root, lang: 'EN' };
    const plain: StructNode = { id: 5, type: 'P', parent: root };
    const elements = await written([ukrainian, inner, greek, english, plain], root);
    expect(elements.map((element) => element.type)).toEqual(['Document', 'P', 'Span', 'Span', 'P', 'P']);
    expect(elements.map((element) => textOf(element.dict['/Lang']))).toEqual(['en', 'uk', undefined, 'el', undefined, undefined]);
  });

  it('renumbers headings that skip levels, nesting each under the nearest shallower one', async () => {
    const root: StructNode = { id: 0, type: 'Document', parent: undefined, lang: 'en' };
    const levels = ['H1', 'H4', 'H5', 'H4', 'H2', 'H6', 'H3', 'H1', 'H3'];
    const nodes = levels.map((type, index): StructNode => ({ id: index + 1, type, parent: root }));
    const elements = await written(nodes, root);
    expect(elements.slice(1).map((element) => element.type)).toEqual(['H1', 'H2', 'H3', 'H2', 'H2', 'H3', 'H3', 'H1', 'H2']);
  });
});
