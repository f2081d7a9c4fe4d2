import type { EbookLayout, LayoutKind } from './layout.js';

/** A font family as four faces; a missing face falls back to the nearest one present. */
export interface FontFaces {
  regular: string;
  italic: string | undefined;
  bold: string | undefined;
  boldItalic: string | undefined;
}

export type FontRole = 'body' | 'heading' | 'sans' | 'mono';

export interface TextStyle {
  /** Points. */
  fontSize: number;
  /** `#rrggbb`. */
  color: string;
}

export interface RunningLine {
  left: string;
  center: string;
  right: string;
  fontSize: number;
  color: string;
}

/** Everything the print renderer needs to know about the look of a page; all lengths in points. */
export interface PrintTheme {
  page: {
    width: number;
    height: number;
    margin: { top: number; right: number; bottom: number; left: number };
    columns: 1 | 2;
    gutter: number;
  };
  fonts: Record<FontRole, FontFaces> & {
    /** Tried in order for a character the face lacks, before the template's other families (symbols, emoji). */
    fallback: string[];
    /** Tried in order after the fallback fonts and the families: fonts for other writing systems. */
    scripts: string[];
  };
  base: { fontSize: number; leading: number; color: string };
  headings: { font: FontRole; color: string; sizes: [number, number, number, number, number, number] };
  paragraph: { indent: number; spacing: number; justify: boolean; hyphenate: boolean };
  titleBlock: {
    headlineSize: number;
    dekSize: number;
    showDek: boolean;
    showByline: boolean;
    showDates: boolean;
    showPublisher: boolean;
    showImage: boolean;
    showIdentifier: boolean;
  };
  caption: TextStyle;
  /** `prefix` undefined: the word for "Photo: " in the article's language. */
  credit: TextStyle & { prefix: string | undefined };
  links: { color: string; printUrls: boolean };
  code: { fontSize: number; background: string };
  footnotes: { placement: 'page' | 'endnotes'; fontSize: number };
  header: RunningLine;
  footer: RunningLine;
  pdf: { pdfa: 'none' | '2b' | '3b'; tagged: boolean; attachSource: boolean };
  /** What the EPUB takes from the theme besides its style sheet. */
  ebook: {
    /** Pack the body (and heading) font files into the EPUB and set the text in them. */
    embedFonts: boolean;
  };
}

/** Values a running header or footer may name between braces. */
export const PLACEHOLDERS = ['title', 'publisher', 'reporter', 'published', 'updated', 'identifier', 'dateline', 'page', 'pages', 'page_of_pages'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A resolved template: the print theme, the ebook style sheet, and every file that made them. */
export interface Template {
  name: string;
  dir: string;
  print: PrintTheme;
  /** CSS of the whole `extends` chain, ancestors first so that descendants win the cascade. */
  ebookCss: string;
  /** Ebook layout files (`ebook-title.xhtml` …), each from the nearest template in the chain that has one. */
  ebookLayouts: Partial<Record<LayoutKind, EbookLayout>>;
  /** Absolute paths of every file the template read (YAML, CSS, layouts, fonts), for cache keys. */
  files: string[];
}
