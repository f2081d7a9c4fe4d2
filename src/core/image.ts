/** Pictures as every stage sees them: read from disk and checked by the reader, used by the model and the writers. */

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml';

/** A picture read from disk, checked and measured, ready for any renderer. */
export interface ImageAsset {
  /** As written in the manuscript. */
  src: string;
  /** Absolute path on disk. */
  path: string;
  mediaType: ImageMediaType;
  width: number;
  height: number;
  data: Buffer;
}

// pdfkit decodes every pixel into memory; beyond this a handout picture is a mistake, not a photo.
export const MAX_IMAGE_PIXELS = 50_000_000;

const EXTENSIONS: Record<ImageMediaType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

export function extensionOf(mediaType: ImageMediaType): string {
  return EXTENSIONS[mediaType];
}

