import { execFileSync } from 'node:child_process';
import { requireTool } from './tools.js';

/*
 * A PDF's objects as qpdf reads them (`qpdf --json=2`, streams decoded), with what the accessibility
 * tests need on top: the structure tree, each page's content as marked-content events, and the
 * fonts' ToUnicode maps. Reading is qpdf's; only the walking is ours.
 */

export type PdfValue = null | boolean | number | string | PdfValue[] | { [key: string]: PdfValue };
export type PdfDict = { [key: string]: PdfValue };

interface QpdfObject {
  value?: PdfValue;
  stream?: { dict: PdfDict; data?: string };
}

const REFERENCE = /^\d+ \d+ R$/;

export class PdfObjects {
  private readonly objects: Record<string, QpdfObject>;

  constructor(readonly file: string) {
    requireTool('qpdf', 'qpdf');
    const json = execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    this.objects = (JSON.parse(json) as { qpdf: [unknown, Record<string, QpdfObject>] }).qpdf[1];
  }

  /** Every object's reference (`12 0 R`). */
  references(): string[] {
    return Object.keys(this.objects)
      .filter((key) => key.startsWith('obj:'))
      .map((key) => key.slice(4));
  }

  /** A value with a reference followed (a stream gives its dictionary). */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    if (typeof value === 'string' && REFERENCE.test(value)) {
      const object = this.objects[`obj:${value}`];
      return object?.value ?? object?.stream?.dict;
    }
    return value;
  }

  dict(value: PdfValue | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    return resolved && typeof resolved === 'object' && !Array.isArray(resolved) ? resolved : undefined;
  }

  array(value: PdfValue | undefined): PdfValue[] {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : [];
  }

  /** A stream's decoded bytes. */
  streamData(reference: PdfValue | undefined): Buffer {
    const object = typeof reference === 'string' ? this.objects[`obj:${reference}`] : undefined;
    if (!object?.stream) throw new Error(`${String(reference)} is not a stream`);
    return Buffer.from(object.stream.data ?? '', 'base64');
  }

  isStream(reference: PdfValue | undefined): boolean {
    return typeof reference === 'string' && this.objects[`obj:${reference}`]?.stream !== undefined;
  }

  get trailer(): PdfDict {
    return this.objects.trailer!.value as PdfDict;
  }

  get catalog(): PdfDict {
    return this.dict(this.trailer['/Root'])!;
  }

  /** The pages in order, each with its reference. */
  pages(): { reference: string; dict: PdfDict }[] {
    const pages: { reference: string; dict: PdfDict }[] = [];
    const visit = (reference: PdfValue) => {
      const node = this.dict(reference)!;
      if (node['/Type'] === '/Pages') for (const kid of this.array(node['/Kids'])) visit(kid);
      else pages.push({ reference: reference as string, dict: node });
    };
    visit(this.catalog['/Pages']!);
    return pages;
  }

  /** The XMP packet. */
  metadata(): string {
    return this.streamData(this.catalog['/Metadata']).toString('utf8');
  }

  /** The structure tree below StructTreeRoot, elements in document order. */
  structureTree(): StructElement[] {
    const root = this.dict(this.catalog['/StructTreeRoot']);
    if (!root) return [];
    const build = (reference: PdfValue, parent: StructElement | undefined): StructElement => {
      const dict = this.dict(reference)!;
      const element: StructElement = { reference: String(reference), type: String(dict['/S']).slice(1), dict, parent, children: [], mcids: [], objects: [] };
      const kids = dict['/K'];
      for (const kid of kids === undefined ? [] : Array.isArray(kids) ? kids : [kids]) {
        if (typeof kid === 'number') element.mcids.push({ page: String(dict['/Pg']), mcid: kid });
        else {
          const kidDict = this.dict(kid);
          if (!kidDict) continue;
          if (kidDict['/Type'] === '/MCR') element.mcids.push({ page: String(kidDict['/Pg'] ?? dict['/Pg']), mcid: kidDict['/MCID'] as number });
          else if (kidDict['/Type'] === '/OBJR') element.objects.push(String(kidDict['/Obj']));
          else element.children.push(build(kid, element));
        }
      }
      return element;
    };
    const kids = root['/K'];
    return (kids === undefined ? [] : Array.isArray(kids) ? kids : [kids]).map((kid) => build(kid, undefined));
  }

  /** The annotations of every page. */
  annotations(): { page: string; reference: string; dict: PdfDict }[] {
    return this.pages().flatMap((page) => this.array(page.dict['/Annots']).map((reference) => ({ page: page.reference, reference: String(reference), dict: this.dict(reference)! })));
  }

  /** The fonts a page's resources name, by resource name. */
  pageFonts(page: PdfDict): Map<string, PdfDict> {
    const fonts = this.dict(this.dict(page['/Resources'])?.['/Font']) ?? {};
    return new Map(Object.entries(fonts).map(([name, reference]) => [name.slice(1), this.dict(reference)!]));
  }

  /** A Type 0 font's ToUnicode map: character code (hex, as shown) to text. */
  toUnicode(font: PdfDict): Map<string, string> {
    const map = new Map<string, string>();
    if (!font['/ToUnicode']) return map;
    const cmap = this.streamData(font['/ToUnicode']).toString('latin1');
    const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');
    for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, code, text] of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]*)>/g)) map.set(code!.toLowerCase(), utf16(text!));
    }
    for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, from, to, rest] of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]*>)/g)) {
        const start = parseInt(from!, 16);
        const end = parseInt(to!, 16);
        const width = from!.length;
        if (rest!.startsWith('[')) {
          const texts = [...rest!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((match) => utf16(match[1]!));
          for (let code = start; code <= end; code++) map.set(code.toString(16).padStart(width, '0'), texts[code - start] ?? '');
        } else {
          const base = Buffer.from(rest!.slice(1, -1).replace(/\s+/g, ''), 'hex');
          for (let code = start; code <= end; code++) {
            const text = Buffer.from(base);
            text.writeUInt16BE((text.readUInt16BE(text.length - 2) + code - start) & 0xffff, text.length - 2);
            map.set(code.toString(16).padStart(width, '0'), utf16(text.toString('hex')));
          }
        }
      }
    }
    return map;
  }
}

export interface StructElement {
  reference: string;
  /** The structure type without its slash: `P`, `H2`, `Link`. */
  type: string;
  dict: PdfDict;
  parent: StructElement | undefined;
  children: StructElement[];
  /** Marked-content sequences it owns directly. */
  mcids: { page: string; mcid: number }[];
  /** Objects (annotations) it owns directly, by reference. */
  objects: string[];
}

/** Every element of the tree, depth first, in document order. */
export function walk(elements: readonly StructElement[]): StructElement[] {
  return elements.flatMap((element) => [element, ...walk(element.children)]);
}

/** A PDF text string as qpdf's JSON writes it (`u:` text, `b:` bytes in hex). */
export function textOf(value: PdfValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return undefined;
}

/** Something a page's content draws, with the marked content it is drawn inside. */
export interface Painting {
  /** `text`, `path` or `xobject`. */
  kind: 'text' | 'path' | 'xobject';
  operator: string;
  /** Enclosing marked-content sequences, outermost first. */
  marks: { tag: string; mcid?: number; artifactType?: string }[];
  /** For text: the font resource and the codes shown (hex, four digits each for our Type 0 fonts). */
  font?: string;
  codes?: string[];
}

/** One token of a content stream. */
type Token = { kind: 'operator'; value: string } | { kind: 'operand'; value: unknown };

const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);

function isWhite(char: string | undefined): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === '\f' || char === '\0';
}

/** Tokenizes a content stream: operands (numbers, names, strings, arrays, dictionaries) and operators. */
export function contentTokens(content: Buffer): Token[] {
  const text = content.toString('latin1');
  let at = 0;
  const tokens: Token[] = [];
  const value = (): unknown => {
    while (at < text.length && isWhite(text[at])) at++;
    const char = text[at]!;
    if (char === '%') {
      while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
      return undefined;
    }
    if (char === '/') {
      let end = at + 1;
      while (end < text.length && !isWhite(text[end]) && !DELIMITERS.has(text[end]!)) end++;
      const name = text.slice(at, end);
      at = end;
      return { name };
    }
    if (char === '(') {
      let depth = 0;
      let out = '';
      for (at++; at < text.length; at++) {
        const c = text[at]!;
        if (c === '\\') {
          out += text[++at];
          continue;
        }
        if (c === '(') depth++;
        if (c === ')' && depth-- === 0) break;
        out += c;
      }
      at++;
      return { string: Buffer.from(out, 'latin1').toString('hex') };
    }
    if (char === '<' && text[at + 1] === '<') {
      at += 2;
      const dict: Record<string, unknown> = {};
      for (;;) {
        while (isWhite(text[at])) at++;
        if (text[at] === '>' && text[at + 1] === '>') {
          at += 2;
          return { dict };
        }
        const key = value() as { name: string };
        dict[key.name] = value();
      }
    }
    if (char === '<') {
      const end = text.indexOf('>', at);
      const hex = text.slice(at + 1, end).replace(/\s+/g, '').toLowerCase();
      at = end + 1;
      return { string: hex };
    }
    if (char === '[') {
      at++;
      const items: unknown[] = [];
      for (;;) {
        while (isWhite(text[at])) at++;
        if (text[at] === ']') {
          at++;
          return items;
        }
        items.push(value());
      }
    }
    let end = at;
    while (end < text.length && !isWhite(text[end]) && !DELIMITERS.has(text[end]!)) end++;
    const word = text.slice(at, end);
    at = end;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return { operator: word };
  };
  while (at < text.length) {
    while (at < text.length && isWhite(text[at])) at++;
    if (at >= text.length) break;
    const item = value();
    if (item === undefined) continue;
    if (item && typeof item === 'object' && 'operator' in item) tokens.push({ kind: 'operator', value: (item as { operator: string }).operator });
    else tokens.push({ kind: 'operand', value: item });
  }
  return tokens;
}

const PATH_PAINTING = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh']);
const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"']);

/** What a page's content draws, in order, each with the marked content around it. */
export function paintings(content: Buffer): Painting[] {
  const out: Painting[] = [];
  const marks: Painting['marks'] = [];
  let operands: unknown[] = [];
  let font: string | undefined;
  for (const token of contentTokens(content)) {
    if (token.kind === 'operand') {
      operands.push(token.value);
      continue;
    }
    const operator = token.value;
    if (operator === 'BDC' || operator === 'BMC') {
      const tag = (operands[0] as { name: string }).name.slice(1);
      const properties = operator === 'BDC' ? ((operands[1] as { dict?: Record<string, unknown> }).dict ?? {}) : {};
      const mark: Painting['marks'][number] = { tag };
      if (typeof properties['/MCID'] === 'number') mark.mcid = properties['/MCID'];
      const type = properties['/Type'] as { name: string } | undefined;
      if (type) mark.artifactType = type.name.slice(1);
      marks.push(mark);
    } else if (operator === 'EMC') {
      marks.pop();
    } else if (operator === 'Tf') {
      font = (operands[0] as { name: string }).name.slice(1);
    } else if (TEXT_SHOWING.has(operator)) {
      const shown = operator === 'TJ' ? (operands[0] as unknown[]) : [operands[operands.length - 1]];
      const codes = shown.flatMap((item) => (item && typeof item === 'object' && 'string' in item ? ((item as { string: string }).string.match(/.{4}/g) ?? []) : []));
      out.push({ kind: 'text', operator, marks: [...marks], font, codes });
    } else if (PATH_PAINTING.has(operator)) {
      out.push({ kind: 'path', operator, marks: [...marks] });
    } else if (operator === 'Do') {
      out.push({ kind: 'xobject', operator, marks: [...marks] });
    }
    operands = [];
  }
  return out;
}
