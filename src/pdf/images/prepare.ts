import type { Sharp } from 'sharp';
import type { VFile } from 'vfile';
import { reportWarning, type Point } from '../../core/diagnostics.js';
import type { ImageAsset } from '../../core/image.js';

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
    // Most pictures are PNG or JPEG that pdfkit draws as they are: their headers say so, and sharp
    // (a native module, slow to load) is loaded only for a picture that needs converting.
    const ready = drawableAsIs(asset);
    if (ready) return ready;
    const sharp = await loadSharp();
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

let sharpModule: Promise<typeof import('sharp')['default']> | undefined;

function loadSharp(): Promise<typeof import('sharp')['default']> {
  return (sharpModule ??= import('sharp').then((module) => module.default));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A PNG of at most 8 bits a channel, not interlaced, or a baseline JPEG in gray or RGB without an EXIF
 * rotation, read from their headers; undefined for anything else (sharp then looks at it).
 */
export function drawableAsIs(asset: ImageAsset): PreparedImage | undefined {
  const data = asset.data;
  if (asset.mediaType === 'image/png') {
    if (data.length < 33 || !data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    const width = data.readUInt32BE(16);
    const height = data.readUInt32BE(20);
    const depth = data[24]!;
    const colorType = data[25]!;
    const interlace = data[28]!;
    if (width === 0 || height === 0 || depth > 8 || interlace !== 0 || ![0, 2, 3, 4, 6].includes(colorType)) return undefined;
    return { src: asset.src, data, width, height };
  }
  if (asset.mediaType === 'image/jpeg') {
    const header = jpegHeader(data);
    if (!header || header.progressive || (header.components !== 1 && header.components !== 3) || header.orientation !== 1) return undefined;
    return { src: asset.src, data, width: header.width, height: header.height };
  }
  return undefined;
}

/** The frame header and EXIF orientation of a JPEG, or undefined when its markers cannot be followed. */
function jpegHeader(data: Buffer): { width: number; height: number; components: number; progressive: boolean; orientation: number } | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let orientation = 1;
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) return undefined;
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = data.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > data.length) return undefined;
    const body = data.subarray(at + 4, at + 2 + length);
    if (marker === 0xe1 && body.length >= 14 && body.toString('latin1', 0, 6) === 'Exif\0\0') {
      const found = exifOrientation(body.subarray(6));
      if (found === undefined) return undefined;
      orientation = found;
    }
    // Start of frame: baseline (C0, C1) or progressive (C2) and the other, rarer codings.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (body.length < 6) return undefined;
      const height = body.readUInt16BE(1);
      const width = body.readUInt16BE(3);
      const components = body[5]!;
      if (width === 0 || height === 0) return undefined;
      // Only Huffman-coded sequential JPEG (C0, C1) is drawn as it is.
      return { width, height, components, progressive: marker !== 0xc0 && marker !== 0xc1, orientation };
    }
    at += 2 + length;
  }
  return undefined;
}

/** The orientation tag of an EXIF block (1 when it has none), or undefined when the block is malformed. */
function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const u16 = (offset: number) => (little ? tiff.readUInt16LE(offset) : tiff.readUInt16BE(offset));
  const u32 = (offset: number) => (little ? tiff.readUInt32LE(offset) : tiff.readUInt32BE(offset));
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let entry = 0; entry < count; entry++) {
    const at = ifd + 2 + entry * 12;
    if (at + 12 > tiff.length) return undefined;
    if (u16(at) === 0x0112) {
      const value = u16(at + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return 1;
}

async function convert(asset: ImageAsset, pipeline: Sharp): Promise<PreparedImage> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { src: asset.src, data, width: info.width, height: info.height };
}
