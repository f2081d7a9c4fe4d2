import sharp, { type Sharp } from 'sharp';
import type { VFile } from 'vfile';
import { reportWarning, type Point } from '../../core/diagnostics.js';
import type { ImageAsset } from '../../read/images.js';

/** A picture in a form pdfkit draws: PNG or baseline sRGB JPEG, upright. */
export interface PreparedImage {
  src: string;
  data: Buffer;
  /** Pixels. */
  width: number;
  height: number;
}

// Vector pictures are rasterised to about this many pixels across: sharp at 300 dpi over a full column.
const SVG_TARGET_PIXELS = 2000;

/**
 * Converts what pdfkit cannot draw: GIF, WebP and SVG become PNG; CMYK or rotated JPEG and
 * 16-bit or interlaced PNG are normalised. A picture that cannot be read is reported and left out
 * (its alt text stands in).
 */
export async function prepareImage(file: VFile, asset: ImageAsset, place: Point | undefined): Promise<PreparedImage | undefined> {
  try {
    switch (asset.mediaType) {
      case 'image/jpeg': {
        const meta = await sharp(asset.data).metadata();
        if ((meta.orientation ?? 1) === 1 && meta.space !== 'cmyk' && meta.channels !== 4 && !meta.isProgressive) {
          return { src: asset.src, data: asset.data, width: meta.width ?? asset.width, height: meta.height ?? asset.height };
        }
        return await convert(asset, sharp(asset.data).rotate().toColourspace('srgb').jpeg({ quality: 92 }));
      }
      case 'image/png': {
        const meta = await sharp(asset.data).metadata();
        if (meta.depth !== 'ushort' && !meta.isProgressive) return { src: asset.src, data: asset.data, width: asset.width, height: asset.height };
        return await convert(asset, sharp(asset.data).toColourspace('srgb').png());
      }
      case 'image/gif':
      case 'image/webp':
        return await convert(asset, sharp(asset.data, { animated: false }).png());
      case 'image/svg+xml': {
        const density = Math.min(600, Math.max(72, (72 * SVG_TARGET_PIXELS) / Math.max(asset.width, asset.height)));
        return await convert(asset, sharp(asset.data, { density }).png());
      }
    }
  } catch (error) {
    reportWarning(
      file,
      `image "${asset.src}" cannot be drawn in the PDF (${(error as Error).message.split('\n')[0]}); its alt text stands in. Export it again as PNG or JPEG`,
      place,
      'pdf-image',
    );
    return undefined;
  }
}

async function convert(asset: ImageAsset, pipeline: Sharp): Promise<PreparedImage> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { src: asset.src, data, width: info.width, height: info.height };
}
