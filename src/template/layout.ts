import type { VFile } from 'vfile';
import { reportError, type Point } from '../core/diagnostics.js';
import { closestName } from '../core/suggest.js';

/**
 * Ebook layout files: XHTML fragments in a template folder that replace a part of the book
 * Pressroom would otherwise write, with `{placeholder}` fields for the article's metadata.
 * This reads one strictly (well-formed XML, a small XHTML vocabulary, known placeholders), so
 * that a layout that loads always makes a valid book; every problem points at its line and column.
 */

/** The layout files a template may hold, by what they replace. */
export const LAYOUT_FILES = { title: 'ebook-title.xhtml' } as const;
export type LayoutKind = keyof typeof LAYOUT_FILES;

/** The fields a title layout may name, as `{name}` in text and attribute values or in `data-if="name"`. */
export const TITLE_PLACEHOLDERS = [
  'title',
  'dek',
  'byline',
  'reporters',
  'published',
  'published_iso',
  'updated',
  'updated_iso',
  'publisher',
  'caption',
  'credit',
  'identifier',
] as const;
export type TitlePlaceholder = (typeof TITLE_PLACEHOLDERS)[number];

/** Text with fields: literal strings and placeholders, in order. */
export type LayoutParts = (string | { placeholder: TitlePlaceholder })[];

export interface LayoutElement {
  type: 'element';
  name: string;
  /** Attributes as written (names as in XHTML), `data-if` taken out. */
  attributes: { name: string; value: LayoutParts }[];
  children: LayoutNode[];
  /** `data-if="name"`: the element is left out when the article has no value for `name`. */
  condition: TitlePlaceholder | undefined;
  /** `<figure class="lead-image"/>`: where the lead picture goes. */
  leadImage: boolean;
}

export interface LayoutText {
  type: 'text';
  parts: LayoutParts;
}

export type LayoutNode = LayoutElement | LayoutText;

/** A parsed, checked layout: its root element. */
export interface EbookLayout {
  kind: LayoutKind;
  /** Absolute path of the file, for messages. */
  path: string;
  root: LayoutElement;
}

const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Elements a title layout may use: the headline's structure and phrasing, nothing that loads or runs. */
const ELEMENTS = new Set([
  'header', 'footer', 'div', 'section', 'address', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'blockquote',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'figure', 'hr', 'br',
  'span', 'em', 'strong', 'b', 'i', 'u', 's', 'small', 'mark', 'abbr', 'cite', 'q', 'sub', 'sup', 'time', 'bdi', 'bdo', 'wbr',
]);
const VOID = new Set(['br', 'hr', 'wbr']);
const ATTRIBUTES = new Set(['class', 'lang', 'dir', 'title', 'role', 'epub:type', 'aria-label', 'datetime', 'data-if']);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

class LayoutSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A raw element as read, before it is checked against the vocabulary. */
interface RawElement {
  name: string;
  offset: number;
  attributes: { name: string; offset: number; value: string; valueOffset: number }[];
  children: (RawElement | RawText)[];
}
interface RawText {
  /** Source text with references left in, so placeholders are found where they were written. */
  source: string;
  offset: number;
  /** Character data from a CDATA section: taken literally, no placeholders. */
  literal: boolean;
}

/**
 * Reads a layout file (its text is `file.value`). Problems are reported on `file` as errors;
 * the result is undefined when there was any.
 */
export function parseLayout(file: VFile, kind: LayoutKind): EbookLayout | undefined {
  const source = String(file.value);
  const lines = lineStarts(source);
  const at = (offset: number): Point => position(lines, offset);
  let root: RawElement;
  try {
    root = new Reader(source).document();
  } catch (error) {
    if (!(error instanceof LayoutSyntaxError)) throw error;
    reportError(file, error.message, at(error.offset), 'template-layout');
    return undefined;
  }
  const checker = new Checker(file, at);
  const element = checker.element(root, true);
  checker.finish(root);
  if (!element || file.messages.some((message) => message.fatal)) return undefined;
  return { kind, path: String(file.path), root: element };
}

/** Well-formed XML 1.0, without DTDs: the fragment's one root element, comments and whitespace around it. */
class Reader {
  private index = 0;

  constructor(private readonly source: string) {}

  document(): RawElement {
    const bad = NOT_XML_CHARACTER.exec(this.source);
    if (bad) throw new LayoutSyntaxError(`U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML; remove it`, bad.index);
    if (this.source.startsWith('\uFEFF')) this.index = 1;
    if (this.source.startsWith('<?xml', this.index)) {
      const end = this.source.indexOf('?>', this.index);
      if (end === -1) throw new LayoutSyntaxError('the XML declaration is not closed with ?>', this.index);
      this.index = end + 2;
    }
    this.misc();
    if (this.index >= this.source.length) throw new LayoutSyntaxError('the layout is empty; write one element, e.g. <header class="title-block">…</header>', this.index);
    if (this.source.startsWith('<!DOCTYPE', this.index) || this.source.startsWith('<!doctype', this.index)) {
      throw new LayoutSyntaxError('a layout is a fragment of a page: leave out <!DOCTYPE>, <html> and <body>', this.index);
    }
    if (this.source[this.index] !== '<' || !NAME.test(this.source.slice(this.index + 1, this.index + 2))) {
      throw new LayoutSyntaxError('a layout must start with an element, e.g. <header class="title-block">', this.index);
    }
    const root = this.element();
    this.misc();
    if (this.index < this.source.length) {
      throw new LayoutSyntaxError(
        this.source[this.index] === '<'
          ? 'a layout holds one root element; put everything inside the first one'
          : 'text after the root element; put it inside the element',
        this.index,
      );
    }
    return root;
  }

  /** Whitespace and comments around the root. */
  private misc(): void {
    for (;;) {
      while (/\s/.test(this.source[this.index] ?? '')) this.index++;
      if (this.source.startsWith('<!--', this.index)) this.comment();
      else if (this.source.startsWith('<?', this.index)) throw new LayoutSyntaxError('processing instructions (<?…?>) are not allowed in a layout', this.index);
      else return;
    }
  }

  private comment(): void {
    const start = this.index;
    const end = this.source.indexOf('-->', start + 4);
    if (end === -1) throw new LayoutSyntaxError('this comment is never closed with -->', start);
    const doubleDash = this.source.indexOf('--', start + 4);
    if (doubleDash < end || this.source[end - 1] === '-') throw new LayoutSyntaxError('"--" is not allowed inside an XML comment', doubleDash < end ? doubleDash : end - 1);
    this.index = end + 3;
  }

  private element(): RawElement {
    const offset = this.index;
    this.index++;
    const name = this.name('element');
    const element: RawElement = { name, offset, attributes: [], children: [] };
    for (;;) {
      const hadSpace = this.space();
      const character = this.source[this.index];
      if (character === undefined) throw new LayoutSyntaxError(`the start tag <${name}> is never closed with >`, offset);
      if (character === '>') {
        this.index++;
        break;
      }
      if (this.source.startsWith('/>', this.index)) {
        this.index += 2;
        return element;
      }
      if (!hadSpace) throw new LayoutSyntaxError(`expected a space, > or /> in the start tag <${name}>`, this.index);
      const attributeOffset = this.index;
      const attribute = this.name('attribute');
      this.space();
      if (this.source[this.index] !== '=') throw new LayoutSyntaxError(`attribute ${attribute} has no value; write ${attribute}="…"`, attributeOffset);
      this.index++;
      this.space();
      const quote = this.source[this.index];
      if (quote !== '"' && quote !== "'") throw new LayoutSyntaxError(`the value of ${attribute} must be in quotes, e.g. ${attribute}="…"`, this.index);
      const end = this.source.indexOf(quote, this.index + 1);
      if (end === -1) throw new LayoutSyntaxError(`the value of ${attribute} is never closed with ${quote}`, this.index);
      const value = this.source.slice(this.index + 1, end);
      const lessThan = value.indexOf('<');
      if (lessThan !== -1) throw new LayoutSyntaxError(`"<" is not allowed in an attribute value; write &lt;`, this.index + 1 + lessThan);
      if (element.attributes.some((existing) => existing.name === attribute)) throw new LayoutSyntaxError(`<${name}> has two ${attribute} attributes`, attributeOffset);
      element.attributes.push({ name: attribute, offset: attributeOffset, value, valueOffset: this.index + 1 });
      checkReferences(value, this.index + 1);
      this.index = end + 1;
    }
    // Content, up to the matching end tag.
    for (;;) {
      const next = this.source.indexOf('<', this.index);
      if (next === -1) throw new LayoutSyntaxError(`<${name}> is never closed; end it with </${name}>`, offset);
      if (next > this.index) this.text(element, this.index, next);
      this.index = next;
      if (this.source.startsWith('</', next)) {
        this.index += 2;
        const closing = this.name('end tag');
        this.space();
        if (this.source[this.index] !== '>') throw new LayoutSyntaxError(`expected > to end </${closing}>`, this.index);
        this.index++;
        if (closing !== name) {
          const opened = position(lineStarts(this.source), offset);
          throw new LayoutSyntaxError(`</${closing}> does not close <${name}> (opened at ${opened.line}:${opened.column}); close <${name}> first`, next);
        }
        return element;
      }
      if (this.source.startsWith('<!--', next)) this.comment();
      else if (this.source.startsWith('<![CDATA[', next)) {
        const end = this.source.indexOf(']]>', next);
        if (end === -1) throw new LayoutSyntaxError('this CDATA section is never closed with ]]>', next);
        element.children.push({ source: this.source.slice(next + 9, end), offset: next + 9, literal: true });
        this.index = end + 3;
      } else if (this.source.startsWith('<?', next)) throw new LayoutSyntaxError('processing instructions (<?…?>) are not allowed in a layout', next);
      else if (this.source.startsWith('<!', next)) throw new LayoutSyntaxError('declarations (<!…>) are not allowed in a layout', next);
      else if (NAME.test(this.source.slice(next + 1, next + 2))) element.children.push(this.element());
      else throw new LayoutSyntaxError('"<" must start a tag; write &lt; for a literal <', next);
    }
  }

  private text(parent: RawElement, start: number, end: number): void {
    const source = this.source.slice(start, end);
    const cdataEnd = source.indexOf(']]>');
    if (cdataEnd !== -1) throw new LayoutSyntaxError('"]]>" is not allowed in text; write ]]&gt;', start + cdataEnd);
    checkReferences(source, start);
    parent.children.push({ source, offset: start, literal: false });
  }

  private name(what: string): string {
    const match = NAME.exec(this.source.slice(this.index, this.index + 200));
    if (!match) throw new LayoutSyntaxError(`expected ${what === 'attribute' ? 'an attribute' : `an ${what}`} name here`, this.index);
    this.index += match[0].length;
    return match[0];
  }

  private space(): boolean {
    const start = this.index;
    while (/[ \t\r\n]/.test(this.source[this.index] ?? '')) this.index++;
    return this.index > start;
  }
}

/** Every `&` starts a reference XML knows. */
function checkReferences(source: string, offset: number): void {
  for (const match of source.matchAll(/&([^;&\s<]*);?/g)) {
    const [whole, body] = match;
    const where = offset + match.index;
    if (!whole.endsWith(';') || body === '') throw new LayoutSyntaxError('a bare "&" must be written &amp;', where);
    if (body!.startsWith('#')) {
      const code = /^#x[0-9a-fA-F]+$/.test(body!) ? parseInt(body!.slice(2), 16) : /^#[0-9]+$/.test(body!) ? parseInt(body!.slice(1), 10) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff || NOT_XML_CHARACTER.test(String.fromCodePoint(code))) {
        throw new LayoutSyntaxError(`&${body}; is not a character XML allows`, where);
      }
    } else if (!(body! in ENTITIES)) {
      throw new LayoutSyntaxError(
        `unknown entity &${body};: XML knows only &lt; &gt; &amp; &quot; &apos;; write the character itself or a numeric reference such as &#160;`,
        where,
      );
    }
  }
}

function decode(source: string): string {
  return source.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, body: string) =>
    body.startsWith('#x') ? String.fromCodePoint(parseInt(body.slice(2), 16)) : body.startsWith('#') ? String.fromCodePoint(parseInt(body.slice(1), 10)) : ENTITIES[body]!,
  );
}

/** Checks the read elements against the vocabulary and finds the placeholders. */
class Checker {
  private headlines = 0;

  constructor(
    private readonly file: VFile,
    private readonly at: (offset: number) => Point,
  ) {}

  private fail(message: string, offset: number): void {
    reportError(this.file, message, this.at(offset), 'template-layout');
  }

  element(raw: RawElement, isRoot = false): LayoutElement | undefined {
    const { name } = raw;
    if (!ELEMENTS.has(name)) {
      const suggestion = closestName(name, [...ELEMENTS]);
      const why = ['script', 'style', 'img', 'a', 'iframe', 'object', 'link', 'form', 'input'].includes(name)
        ? ' (a layout only arranges the article’s words; pictures, links and scripts cannot be added here)'
        : '';
      this.fail(`<${name}> is not allowed in a title layout${why}${suggestion ? `; did you mean <${suggestion}>?` : ''}`, raw.offset);
    }
    if (name === 'h1') this.headlines++;
    const attributes: LayoutElement['attributes'] = [];
    let condition: TitlePlaceholder | undefined;
    for (const attribute of raw.attributes) {
      if (attribute.name === 'xmlns' && isRoot) {
        if (attribute.value !== XHTML_NAMESPACE) this.fail(`xmlns must be ${XHTML_NAMESPACE} (or left out)`, attribute.valueOffset);
        continue;
      }
      if (attribute.name === 'xmlns:epub' && isRoot) continue;
      if (attribute.name === 'id') {
        this.fail('id is not allowed in a layout: it could clash with the ids of the article’s headings and notes; use class', attribute.offset);
        continue;
      }
      if (!ATTRIBUTES.has(attribute.name)) {
        const suggestion = closestName(attribute.name, [...ATTRIBUTES]);
        this.fail(
          `attribute ${attribute.name} is not allowed in a title layout${suggestion ? `; did you mean ${suggestion}?` : `; use one of: ${[...ATTRIBUTES].join(', ')}`}`,
          attribute.offset,
        );
        continue;
      }
      if (attribute.name === 'datetime' && name !== 'time') this.fail('datetime belongs on <time> only', attribute.offset);
      if (attribute.name === 'data-if') {
        const wanted = decode(attribute.value).trim().replace(/^\{(.*)\}$/, '$1').trim();
        if (!(TITLE_PLACEHOLDERS as readonly string[]).includes(wanted)) {
          this.fail(this.unknownPlaceholder(wanted, `data-if="${wanted}" names no field`), attribute.valueOffset);
        } else condition = wanted as TitlePlaceholder;
        continue;
      }
      attributes.push({ name: attribute.name, value: this.parts(attribute.value, attribute.valueOffset) });
    }
    const classes = attributes.find((attribute) => attribute.name === 'class')?.value;
    const leadImage = name === 'figure' && classes !== undefined && classes.some((part) => typeof part === 'string' && part.split(/\s+/).includes('lead-image'));
    if (name === 'figure' && !leadImage) this.fail('<figure> is only allowed as the lead picture’s place: <figure class="lead-image"/>', raw.offset);
    if (leadImage && raw.children.some((child) => 'name' in child || child.source.trim() !== '')) {
      this.fail('<figure class="lead-image"/> marks where the lead picture goes and must be empty; the picture, caption and credit are filled in', raw.offset);
    }
    if (VOID.has(name) && raw.children.some((child) => 'name' in child || child.source.trim() !== '')) this.fail(`<${name}> must be empty: write <${name}/>`, raw.offset);
    const children: LayoutNode[] = [];
    for (const child of raw.children) {
      if ('name' in child) {
        const element = this.element(child);
        if (element) children.push(element);
      } else {
        children.push({ type: 'text', parts: child.literal ? [child.source] : this.parts(child.source, child.offset) });
      }
    }
    return { type: 'element', name, attributes, children, condition, leadImage };
  }

  /** Checks that need the whole layout: one headline. */
  finish(root: RawElement): void {
    if (this.headlines !== 1) {
      this.fail(
        this.headlines === 0
          ? 'a title layout must hold the headline as its one <h1>, e.g. <h1>{title}</h1>'
          : `a title layout holds ${this.headlines} <h1> elements; the headline is the book’s only <h1> (use <p> or <h2> for the rest)`,
        root.offset,
      );
    }
  }

  /** Splits text into literal parts and placeholders; reports unknown ones at their brace. */
  private parts(source: string, offset: number): LayoutParts {
    const parts: LayoutParts = [];
    let last = 0;
    for (const match of source.matchAll(/\{([^{}]*)\}/g)) {
      const name = match[1]!.trim();
      if (match.index > last) parts.push(decode(source.slice(last, match.index)));
      last = match.index + match[0].length;
      if (!(TITLE_PLACEHOLDERS as readonly string[]).includes(name)) {
        this.fail(this.unknownPlaceholder(name, `unknown placeholder {${name}}`), offset + match.index);
        continue;
      }
      parts.push({ placeholder: name as TitlePlaceholder });
    }
    if (last < source.length) parts.push(decode(source.slice(last)));
    return parts;
  }

  private unknownPlaceholder(name: string, problem: string): string {
    const suggestion = closestName(name, TITLE_PLACEHOLDERS);
    return `${problem}${suggestion ? `; did you mean {${suggestion}}?` : '.'} Known placeholders: ${TITLE_PLACEHOLDERS.map((known) => `{${known}}`).join(', ')}`;
  }
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** 1-based line and column of an offset; columns count characters as editors do (a UTF-16 unit each). */
function position(lines: number[], offset: number): Point {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lines[low]! + 1 };
}
