import { PLACEHOLDERS } from './theme.js';

/** One leaf of the print theme: what a YAML value must look like there. */
export type Leaf =
  | { kind: 'length' }
  | { kind: 'margin' }
  | { kind: 'pageSize' }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'choice'; values: readonly (string | number)[] }
  | { kind: 'boolean' }
  | { kind: 'color' }
  | { kind: 'font' }
  | { kind: 'fontList' }
  | { kind: 'text' }
  | { kind: 'runningText' };

export interface Section {
  [key: string]: Leaf | Section;
}

export function isLeaf(entry: Leaf | Section): entry is Leaf {
  return typeof entry.kind === 'string';
}

const length: Leaf = { kind: 'length' };
const color: Leaf = { kind: 'color' };
const boolean: Leaf = { kind: 'boolean' };
const font: Leaf = { kind: 'font' };
const family: Section = { regular: font, italic: font, bold: font, bold_italic: font };
const runningLine: Section = {
  left: { kind: 'runningText' },
  center: { kind: 'runningText' },
  right: { kind: 'runningText' },
  font_size: length,
  color,
};

/** The keys a `print.yaml` may hold. The README documents each; keep the two in step. */
export const PRINT_SCHEMA: Section = {
  page: {
    size: { kind: 'pageSize' },
    width: length,
    height: length,
    margin: { kind: 'margin' },
    columns: { kind: 'choice', values: [1, 2] },
    gutter: length,
  },
  fonts: { body: family, heading: family, sans: family, mono: family, fallback: { kind: 'fontList' }, scripts: { kind: 'fontList' } },
  base: { font_size: length, leading: { kind: 'number', min: 1, max: 3 }, color },
  headings: {
    font: { kind: 'choice', values: ['body', 'heading', 'sans', 'mono'] },
    color,
    h1: length,
    h2: length,
    h3: length,
    h4: length,
    h5: length,
    h6: length,
  },
  paragraph: { indent: length, spacing: length, justify: boolean, hyphenate: boolean },
  title_block: {
    headline_size: length,
    dek_size: length,
    show_dek: boolean,
    show_byline: boolean,
    show_dates: boolean,
    show_publisher: boolean,
    show_image: boolean,
    show_identifier: boolean,
  },
  caption: { font_size: length, color },
  credit: { font_size: length, color, prefix: { kind: 'text' } },
  links: { color, print_urls: boolean },
  code: { font_size: length, background: color },
  footnotes: { placement: { kind: 'choice', values: ['page', 'endnotes'] }, font_size: length },
  header: runningLine,
  footer: runningLine,
  pdf: { pdfa: { kind: 'choice', values: ['none', '2b', '3b'] }, tagged: boolean, attach_source: boolean },
  ebook: { embed_fonts: boolean },
};

export const PAGE_SIZES: Record<string, [number, number]> = {
  A4: [595.28, 841.89],
  A5: [419.53, 595.28],
  Letter: [612, 792],
  Legal: [612, 1008],
};

export const UNITS: Record<string, number> = { pt: 1, mm: 72 / 25.4, cm: 72 / 2.54, in: 72, px: 0.75 };

export const PLACEHOLDER_NAMES: readonly string[] = PLACEHOLDERS;
