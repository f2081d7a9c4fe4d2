/**
 * Front matter as other tools write it, mapped onto Pressroom's fields. Each alias names the tools
 * whose documentation uses it; the README's table is this table. Where several are present, the
 * earlier one wins (Pressroom's own name first), except for list fields, which are joined.
 */
export type Tool = 'pandoc' | 'Hugo' | 'Jekyll' | 'Astro' | 'Eleventy';

export interface Alias {
  /** The key as written; `params.author` is `author` inside Hugo's `params:` mapping. */
  key: string;
  tools: readonly Tool[];
}

export interface FieldMapping {
  field: string;
  aliases: readonly Alias[];
  /** List fields take every alias's entries (tags and categories alike are subjects). */
  joins?: boolean;
}

const ALL: readonly Tool[] = ['pandoc', 'Hugo', 'Jekyll', 'Astro', 'Eleventy'];

export const MAPPINGS: readonly FieldMapping[] = [
  {
    field: 'dek',
    aliases: [
      { key: 'subtitle', tools: ['pandoc'] },
      { key: 'description', tools: ALL },
      { key: 'summary', tools: ['Hugo'] },
      { key: 'abstract', tools: ['pandoc'] },
      { key: 'excerpt', tools: ['Jekyll'] },
    ],
  },
  {
    field: 'reporter',
    aliases: [
      { key: 'author', tools: ALL },
      { key: 'authors', tools: ['Hugo', 'Astro', 'Eleventy'] },
      { key: 'params.author', tools: ['Hugo'] },
      { key: 'params.authors', tools: ['Hugo'] },
      { key: 'creator', tools: ['pandoc'] },
    ],
  },
  {
    field: 'published',
    aliases: [
      { key: 'publishDate', tools: ['Hugo'] },
      { key: 'publishdate', tools: ['Hugo'] },
      { key: 'pubDate', tools: ['Astro', 'Hugo'] },
      { key: 'pubdate', tools: ['Hugo'] },
      { key: 'date', tools: ALL },
    ],
  },
  {
    field: 'updated',
    aliases: [
      { key: 'lastmod', tools: ['Hugo'] },
      { key: 'modified', tools: ['Hugo'] },
      { key: 'updatedDate', tools: ['Astro'] },
      { key: 'last_modified_at', tools: ['Jekyll'] },
    ],
  },
  {
    field: 'image',
    aliases: [
      { key: 'cover-image', tools: ['pandoc'] },
      { key: 'cover', tools: ['Hugo'] },
      { key: 'images', tools: ['Hugo'] },
      { key: 'params.images', tools: ['Hugo'] },
      { key: 'heroImage', tools: ['Astro'] },
    ],
  },
  {
    field: 'tags',
    joins: true,
    aliases: [
      { key: 'keywords', tools: ['pandoc', 'Hugo'] },
      { key: 'categories', tools: ['Hugo', 'Jekyll'] },
      { key: 'category', tools: ['Jekyll', 'pandoc'] },
      { key: 'subject', tools: ['pandoc'] },
    ],
  },
  { field: 'lang', aliases: [{ key: 'language', tools: ['pandoc'] }] },
  { field: 'rights', aliases: [{ key: 'copyright', tools: ['Hugo'] }] },
  {
    field: 'url',
    aliases: [
      { key: 'canonical_url', tools: ['Jekyll'] },
      { key: 'canonicalURL', tools: ['Hugo'] },
    ],
  },
];

/** Fields of those tools that steer a web site (layouts, menus, permalinks) or a LaTeX document, and mean nothing in a book: noted, not warned about. */
export const SITE_ONLY_FIELDS: Readonly<Record<string, readonly Tool[]>> = {
  weight: ['Hugo'],
  aliases: ['Hugo'],
  layout: ['Hugo', 'Jekyll', 'Astro', 'Eleventy'],
  type: ['Hugo'],
  menu: ['Hugo'],
  menus: ['Hugo'],
  toc: ['Hugo', 'pandoc'],
  linkTitle: ['Hugo'],
  linktitle: ['Hugo'],
  outputs: ['Hugo'],
  resources: ['Hugo'],
  cascade: ['Hugo'],
  build: ['Hugo'],
  headless: ['Hugo'],
  isCJKLanguage: ['Hugo'],
  markup: ['Hugo'],
  sitemap: ['Hugo', 'Jekyll'],
  translationKey: ['Hugo'],
  expiryDate: ['Hugo'],
  expirydate: ['Hugo'],
  unpublishdate: ['Hugo'],
  series: ['Hugo'],
  audio: ['Hugo'],
  videos: ['Hugo'],
  params: ['Hugo'],
  permalink: ['Jekyll', 'Eleventy'],
  excerpt_separator: ['Jekyll'],
  redirect_from: ['Jekyll'],
  redirect_to: ['Jekyll'],
  eleventyExcludeFromCollections: ['Eleventy'],
  eleventyNavigation: ['Eleventy'],
  eleventyComputed: ['Eleventy'],
  eleventyImport: ['Eleventy'],
  eleventyDataSchema: ['Eleventy'],
  pagination: ['Eleventy'],
  templateEngineOverride: ['Eleventy'],
  dynamicPermalink: ['Eleventy'],
  'toc-depth': ['pandoc'],
  'toc-title': ['pandoc'],
  'abstract-title': ['pandoc'],
  documentclass: ['pandoc'],
  classoption: ['pandoc'],
  geometry: ['pandoc'],
  papersize: ['pandoc'],
  fontsize: ['pandoc'],
  mainfont: ['pandoc'],
  sansfont: ['pandoc'],
  monofont: ['pandoc'],
  fontfamily: ['pandoc'],
  linestretch: ['pandoc'],
  numbersections: ['pandoc'],
  'number-sections': ['pandoc'],
  bibliography: ['pandoc'],
  csl: ['pandoc'],
  'link-citations': ['pandoc'],
  nocite: ['pandoc'],
  'reference-section-title': ['pandoc'],
  'header-includes': ['pandoc'],
  'include-before': ['pandoc'],
  'include-after': ['pandoc'],
  css: ['pandoc'],
  colorlinks: ['pandoc'],
  linkcolor: ['pandoc'],
  urlcolor: ['pandoc'],
  thanks: ['pandoc'],
  institute: ['pandoc'],
  contributor: ['pandoc'],
  'page-progression-direction': ['pandoc'],
  ibooks: ['pandoc'],
  'belongs-to-collection': ['pandoc'],
  'group-position': ['pandoc'],
  pagetitle: ['pandoc'],
  'title-meta': ['pandoc'],
  'author-meta': ['pandoc'],
  'date-meta': ['pandoc'],
  output: ['pandoc'],
};

/** Fields that mark a manuscript as unfinished: Hugo's and Eleventy's `draft: true`, Jekyll's `published: false`. */
export const DRAFT_FIELD = 'draft';

/**
 * Names that people use for a required field which no tool documents: when the field is missing
 * and one of these is there, the error says so.
 */
export const LIKELY_MEANT: Readonly<Record<string, readonly string[]>> = {
  title: ['headline', 'heading', 'name', 'linkTitle', 'linktitle', 'seoTitle', 'seo_title', 'pageTitle', 'page_title', 'Title'],
  reporter: ['byline', 'by', 'writer', 'writers', 'journalist', 'reporters', 'contributor', 'contributors', 'author_name', 'authorName', 'Author'],
  published: ['created', 'created_at', 'createdAt', 'creation_date', 'publish_date', 'published_at', 'publishedAt', 'datePublished', 'date_published', 'pub_date', 'posted', 'posted_at', 'time', 'timestamp', 'Date'],
};

export function toolList(tools: readonly Tool[]): string {
  if (tools.length === ALL.length) return 'pandoc, Hugo, Jekyll, Astro and Eleventy';
  return tools.length === 1 ? tools[0]! : `${tools.slice(0, -1).join(', ')} and ${tools[tools.length - 1]}`;
}
