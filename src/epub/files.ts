/**
 * Where each document lives, relative to the package document (all in one folder, so hrefs
 * between pages need no path). Pictures sit in `images/`, embedded fonts in `fonts/`.
 */
export const FILES = {
  nav: 'toc.xhtml',
  ncx: 'toc.ncx',
  stylesheet: 'style.css',
  cover: 'cover.xhtml',
  article: 'article.xhtml',
} as const;
