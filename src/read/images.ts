import fs from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { VFile } from 'vfile';
import { reportError, reportWarning, type Point } from '../core/diagnostics.js';
import { MAX_IMAGE_PIXELS, type ImageAsset, type ImageMediaType } from '../core/image.js';

export function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('//');
}

/**
 * Finds, reads and checks a picture a manuscript names. Every problem becomes a message at `place`;
 * the result is undefined when the picture cannot be used (remote pictures only warn: the alt text stands in).
 */
export function loadImage(file: VFile, src: string, place: Point, manuscriptDir: string, root: string): ImageAsset | undefined {
  if (isRemote(src)) {
    reportWarning(
      file,
      `remote image "${src}" is not downloaded (builds are offline and reproducible); its alt text stands in. Save the picture next to the manuscript and link it by relative path`,
      place,
      'image-remote',
    );
    return undefined;
  }
  if (/^data:/i.test(src)) {
    reportError(file, 'inline data: images are not supported; save the picture as a file next to the manuscript', place, 'image');
    return undefined;
  }
  let decoded = src;
  try {
    decoded = decodeURI(src.replace(/^file:\/\//, ''));
  } catch {
    // A stray % is more likely part of a file name than an escape.
  }
  if (path.isAbsolute(decoded) || /^[a-z]:[\\/]/i.test(decoded)) {
    reportError(file, `image path "${src}" is absolute; give it relative to the manuscript, e.g. images/photo.jpg`, place, 'image-path');
    return undefined;
  }
  const resolved = path.resolve(manuscriptDir, decoded);
  const relative = path.relative(root, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    reportError(file, `image path "${src}" leads outside the manuscript's folder; keep pictures beside the manuscript`, place, 'image-path');
    return undefined;
  }
  let data: Buffer;
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(resolved);
    const realRelative = path.relative(realRoot, real);
    if (realRelative.startsWith('..') || path.isAbsolute(realRelative)) {
      reportError(file, `image "${src}" is a link to a file outside the manuscript's folder; copy the picture in instead`, place, 'image-path');
      return undefined;
    }
    const stat = fs.statSync(real);
    if (!stat.isFile()) {
      reportError(file, `image "${src}" is not a file`, place, 'image-missing');
      return undefined;
    }
    data = fs.readFileSync(real);
  } catch {
    reportError(file, `image "${src}" not found; paths are relative to the manuscript's folder — check the path and its case`, place, 'image-missing');
    return undefined;
  }
  const mediaType = sniffMediaType(data);
  if (!mediaType) {
    const what = data.length === 0 ? 'is empty' : 'is not a PNG, JPEG, GIF, WebP or SVG picture';
    reportError(file, `image "${src}" ${what}; export it as PNG or JPEG`, place, 'image-type');
    return undefined;
  }
  if (isTruncated(data, mediaType)) {
    reportError(file, `image "${src}" is truncated (the file ends before the picture does); export it again`, place, 'image-truncated');
    return undefined;
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = imageSize(data));
  } catch {
    // Handled below: an unmeasurable picture is a broken one.
  }
  if (!width || !height) {
    reportError(file, `image "${src}" is damaged: its size cannot be read; export it again`, place, 'image-damaged');
    return undefined;
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    reportError(
      file,
      `image "${src}" is ${width}×${height} pixels, more than the ${MAX_IMAGE_PIXELS / 1_000_000} million a page can use; scale it down`,
      place,
      'image-size',
    );
    return undefined;
  }
  return { src, path: resolved, mediaType, width, height, data };
}

function sniffMediaType(data: Buffer): ImageMediaType | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  const head = data.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

function isTruncated(data: Buffer, mediaType: ImageMediaType): boolean {
  switch (mediaType) {
    case 'image/png':
      return data.length < 12 || data.subarray(data.length - 8, data.length - 4).toString('latin1') !== 'IEND';
    case 'image/jpeg': {
      // Some encoders pad after the end-of-image marker; look for it near the end.
      const tail = data.subarray(Math.max(0, data.length - 64));
      return !tail.includes(Buffer.from([0xff, 0xd9]));
    }
    case 'image/gif':
      return data[data.length - 1] !== 0x3b;
    case 'image/webp':
      return data.length < 12 || data.readUInt32LE(4) + 8 > data.length;
    case 'image/svg+xml':
      return !/<\/svg\s*>\s*$/i.test(data.toString('utf8')) && !/<svg[^>]*\/>\s*$/i.test(data.toString('utf8'));
  }
}
