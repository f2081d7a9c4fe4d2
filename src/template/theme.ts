import type * as v from 'valibot';
import type { EbookLayout, LayoutKind } from './layout.js';
import type { EBOOK_SCHEMA, PLACEHOLDERS, printThemeSchema } from './schema.js';

/** Everything the print renderer needs to know about the look of a page; all lengths in points, colors `#rrggbb`. */
export type PrintTheme = v.InferOutput<ReturnType<typeof printThemeSchema>>;

/** What the EPUB takes from the template besides its style sheet and layouts (`ebook.yaml`). */
export type EbookTheme = v.InferOutput<typeof EBOOK_SCHEMA>;

export type FontRole = PrintTheme['headings']['font'];

/** A font family as four faces; a missing face falls back to the nearest one present. */
export type FontFaces = PrintTheme['fonts'][FontRole];

export type TextStyle = PrintTheme['caption'];

export type RunningLine = PrintTheme['header'];

export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A resolved template: the print theme, the ebook settings and style sheet, and every file that made them. */
export interface Template {
  name: string;
  dir: string;
  print: PrintTheme;
  ebook: EbookTheme;
  /** CSS of the whole `extends` chain, ancestors first so that descendants win the cascade. */
  ebookCss: string;
  /** Ebook layout files (`ebook-title.xhtml` …), each from the nearest template in the chain that has one. */
  ebookLayouts: Partial<Record<LayoutKind, EbookLayout>>;
  /** Absolute paths of every file the template read (YAML, CSS, layouts, fonts), for cache keys. */
  files: string[];
}
