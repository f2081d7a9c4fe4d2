import type { VFile } from 'vfile';
import type { ImageAsset } from '../core/image.js';
import type { EditionInfo } from '../read/edition.js';
import type { DocumentModel } from './types.js';

/**
 * Many articles as one book: the edition's own metadata and its sections in reading order, each
 * article the very document model it has alone (its headline, dek, reporters, dates, lead picture,
 * notes numbered on their own, language and direction). Writers only read it.
 */
export interface EditionModel {
  /** The manifest's file: where messages about the edition go. */
  file: VFile;
  /** Absolute path of the manifest. */
  path: string;
  edition: EditionInfo;
  /** The manifest's `cover:`, checked like any picture; undefined: the writers draw one. */
  cover: ImageAsset | undefined;
  sections: EditionSection[];
}

export interface EditionSection {
  title: string;
  articles: DocumentModel[];
}

/** Every article of an edition, in reading order. */
export function editionArticles(edition: EditionModel): DocumentModel[] {
  return edition.sections.flatMap((section) => section.articles);
}

/** Reporters of every article, each once, in the order they first appear. */
export function editionReporters(edition: EditionModel): string[] {
  return [...new Set(editionArticles(edition).flatMap((document) => document.article.reporters))];
}
