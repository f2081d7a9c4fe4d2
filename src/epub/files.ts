/**
 * Where each document lives, relative to the package document (all in one folder, so hrefs
 * between pages need no path). epub-gen-memory fixes the names of the package document,
 * the nav, the NCX and the style sheet.
 */
export const FILES = {
  nav: 'toc.xhtml',
  ncx: 'toc.ncx',
  stylesheet: 'style.css',
  cover: 'cover.xhtml',
  article: 'article.xhtml',
} as const;
