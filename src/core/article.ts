import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { ImageAsset } from './image.js';
import type { Point } from './diagnostics.js';

/** A moment as the manuscript wrote it, kept with its offset so it can be printed in the article's zone. */
export interface ArticleDate {
  /** The value as written in the front matter, e.g. `2023-04-21T22:51:00+05:30`. */
  source: string;
  /** The instant it names (date-only values mean midnight UTC of that day). */
  instant: Date;
  /** False for a bare `YYYY-MM-DD`: no time of day should be printed. */
  hasTime: boolean;
  /** Minutes east of UTC as written, or undefined for a date-only value. */
  offsetMinutes: number | undefined;
}

export interface LeadImage {
  /** The path as written in the front matter, relative to the manuscript. */
  src: string;
  /** The picture itself; undefined when it could not be used (e.g. remote), so the alt text stands in. */
  asset: ImageAsset | undefined;
  alt: string;
  caption: string | undefined;
  credit: string | undefined;
  /** Where `image.src` stands in the front matter, for messages. */
  position: Point;
}

/** The picture the front matter's `cover:` names: the book's cover as it is, instead of the generated one. */
export interface CoverImage {
  /** The path as written, relative to the manuscript. */
  src: string;
  /** The picture; undefined when it could not be used (the generated cover stands in). */
  asset: ImageAsset | undefined;
  /** Where `cover:` stands in the front matter. */
  position: Point;
}

/** The validated front matter: everything a renderer may show about an article. */
export interface Article {
  title: string;
  dek: string | undefined;
  reporters: string[];
  published: ArticleDate;
  updated: ArticleDate | undefined;
  /** IANA zone used to print dates, e.g. `Asia/Kolkata`, or a fixed offset like `+05:30`. */
  timezone: string;
  publisher: string | undefined;
  lang: string;
  slug: string;
  image: LeadImage | undefined;
  cover: CoverImage | undefined;
  tags: string[];
  rights: string | undefined;
  identifier: string;
  /** The article's own web address (absolute http or https); the body's relative links are resolved against it. */
  url: string | undefined;
  template: string | undefined;
  /** Where each front matter field's value stands, for messages about it. */
  positions: Readonly<Record<string, Point>>;
}

/** One manuscript read and validated: the input every renderer takes. */
export interface Manuscript {
  /** The VFile holding the source text; diagnostics are recorded on it. */
  file: VFile;
  /** Absolute path of the `.md` file. */
  path: string;
  /** Absolute path of the folder no manuscript path may leave. */
  root: string;
  article: Article;
  /** The body as mdast (front matter node removed), positions intact. */
  tree: Root;
  /** Every picture the body uses that could be loaded, keyed by its `url` as written. */
  images: ReadonlyMap<string, ImageAsset>;
}

/** The date shown as "last changed": updated when present, else published. */
export function lastModified(article: Article): ArticleDate {
  return article.updated ?? article.published;
}

/** Every picture the manuscript uses that could be loaded: the lead picture, the cover, then the body's. */
export function manuscriptPictures(manuscript: Manuscript): ImageAsset[] {
  const { image, cover } = manuscript.article;
  return [...(image?.asset ? [image.asset] : []), ...(cover?.asset ? [cover.asset] : []), ...manuscript.images.values()];
}
