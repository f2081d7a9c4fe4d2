import type { Point } from '../core/diagnostics.js';
import type { ImageAsset } from '../core/image.js';
import type { sanitizeSvg } from './svg.js';

export type SvgSanitizer = typeof sanitizeSvg;
type Problem = (reason: string, place: Point, ruleId: string) => void;

/**
 * The pictures of one manuscript, each checked once for every writer: an SVG drawing is cleaned
 * of scripts and outside references here, so that the ebook packs and the PDF draws the same safe
 * picture; one that holds no drawing is dropped, and its alt text stands in, in both.
 */
export class PictureShelf {
  private readonly checked = new Map<ImageAsset, ImageAsset | undefined>();
  /** Usable pictures by the URL the manuscript wrote, in the order first shown. */
  readonly byUrl = new Map<string, ImageAsset>();

  /** `sanitizer` must be given when a picture is an SVG drawing (see `needsSvgSanitizer`). */
  constructor(
    private readonly loaded: ReadonlyMap<string, ImageAsset>,
    private readonly problem: Problem,
    private readonly sanitizer?: SvgSanitizer,
  ) {}

  /** The picture a body URL names, ready to show; undefined when there is none to show (the reader said why). */
  take(url: string, place: Point): ImageAsset | undefined {
    const asset = this.loaded.get(url);
    if (!asset) return undefined;
    const usable = this.check(asset, place);
    if (usable && !this.byUrl.has(url)) this.byUrl.set(url, usable);
    return usable;
  }

  /** A loaded picture made safe to show, or undefined when it holds nothing to show. */
  check(asset: ImageAsset, place: Point): ImageAsset | undefined {
    if (this.checked.has(asset)) return this.checked.get(asset);
    const usable = asset.mediaType === 'image/svg+xml' ? this.cleanSvg(asset, place) : asset;
    this.checked.set(asset, usable);
    return usable;
  }

  private cleanSvg(asset: ImageAsset, place: Point): ImageAsset | undefined {
    if (!this.sanitizer) throw new Error(`SVG picture "${asset.src}" reached the model without the SVG sanitiser loaded`);
    const clean = this.sanitizer(asset.data);
    if (!clean) {
      this.problem(`SVG picture "${asset.src}" holds no <svg> drawing; its alt text stands in`, place, 'svg-invalid');
      return undefined;
    }
    if (clean.removed.length > 0) {
      this.problem(`SVG picture "${asset.src}": removed ${clean.removed.join(', ')}; a picture in a book may only draw`, place, 'svg-sanitized');
    }
    return { ...asset, data: clean.data };
  }
}

/** True when a picture of the manuscript (the lead, the cover, the body's) is an SVG drawing, which needs the SVG sanitiser. */
export function needsSvgSanitizer(front: readonly (ImageAsset | undefined)[], body: ReadonlyMap<string, ImageAsset>): boolean {
  if (front.some((asset) => asset?.mediaType === 'image/svg+xml')) return true;
  for (const asset of body.values()) if (asset.mediaType === 'image/svg+xml') return true;
  return false;
}
