/**
 * The contract between the pipeline and the writers: what a writer (src/epub, src/pdf) is given and
 * returns. It sits below them and imports none of them; the pipeline (src/api/renderers.ts) loads them.
 */
import type { EditionModel } from '../model/edition.js';
import type { BookPoint } from '../model/text-points.js';
import type { DocumentModel } from '../model/types.js';
import type { Template } from '../template/theme.js';

export const FORMATS = ['epub', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** What a writer gets besides the model: the look, and the one instant every timestamp uses. */
export interface RenderContext {
  template: Template;
  /** From SOURCE_DATE_EPOCH, else the article's last change; never the wall clock. */
  buildDate: Date;
  toolVersion: string;
  /** Given to the PDF writer: told where each page begins once the pages are made. */
  reportPrintPages?: (pages: PrintPages) => void;
  /** Given to the EPUB writer: the pages of the PDF built in the same run, to mark in the book (its page-list). */
  printPages?: PrintPages;
}

/** Where each page of a print PDF begins in the text: the EPUB marks them (EPUB Accessibility 1.1, page navigation). */
export interface PrintPages {
  /** The print edition, in words (`pageBreakSource`): the template and its paper. */
  source: string;
  /** Page n's first word at index n − 1; undefined for a page without text of its own (it begins where the next page does). */
  starts: (BookPoint | undefined)[];
}

/** Writes one document model into one file's bytes; it only reads the model. Content problems go on `document.file`. */
export type Renderer = (document: DocumentModel, context: RenderContext) => Promise<Uint8Array>;

/** Writes an edition (many articles' models) into one file's bytes; problems go on the article's file, or the manifest's. */
export type EditionRenderer = (edition: EditionModel, context: RenderContext) => Promise<Uint8Array>;

/** One format's writer: of an article, and of an edition. */
export interface Writer {
  article: Renderer;
  edition: EditionRenderer;
}

export const EXTENSIONS: Record<Format, string> = { epub: 'epub', pdf: 'pdf' };
