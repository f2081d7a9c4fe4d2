/**
 * The contract between the pipeline and the writers: what a writer (src/epub, src/pdf) is given and
 * returns. It sits below them and imports none of them; the pipeline (src/api/renderers.ts) loads them.
 */
import type { DocumentModel } from '../model/types.js';
import type { Template } from '../template/theme.js';

export const FORMATS = ['epub', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

/** What a renderer gets besides the manuscript: the look, and the one instant every timestamp uses. */
export interface RenderContext {
  template: Template;
  /** From SOURCE_DATE_EPOCH, else the article's last change; never the wall clock. */
  buildDate: Date;
  toolVersion: string;
}

/** Writes one document model into one file's bytes; it only reads the model. Content problems go on `document.file`. */
export type Renderer = (document: DocumentModel, context: RenderContext) => Promise<Uint8Array>;

export const EXTENSIONS: Record<Format, string> = { epub: 'epub', pdf: 'pdf' };
