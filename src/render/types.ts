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

const loaded = new Map<Format, Promise<Renderer>>();

/** Renderers load lazily, once per thread, so that a build of one format does not pay for the other. */
export function loadRenderer(format: Format): Promise<Renderer> {
  let renderer = loaded.get(format);
  if (!renderer) {
    renderer = importRenderer(format);
    loaded.set(format, renderer);
  }
  return renderer;
}

async function importRenderer(format: Format): Promise<Renderer> {
  switch (format) {
    case 'epub':
      return (await import('../epub/index.js')).renderEpub;
    case 'pdf':
      return (await import('../pdf/index.js')).renderPdf;
  }
}
