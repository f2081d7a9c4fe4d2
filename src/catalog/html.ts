import { bylineText } from '../core/display.js';
import { escapeXml as e } from '../xml/escape.js';
import { hrefOf } from './markup.js';
import { FEED_FILES, MEDIA_TYPES, type Catalog, type CatalogEntry } from './opds.js';

/** The catalogue page is in English (its wording, dates and bylines); each book's title and dek carry the book's own language. */
const CATALOG_LANG = 'en';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Everything is inline and the policy allows nothing else: the page loads no script, font or style from anywhere.
const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%2314213d'/%3E%3Crect x='7' y='8' width='6' height='2' fill='%23fca311'/%3E%3Crect x='7' y='13' width='18' height='3' fill='%23fff'/%3E%3Crect x='7' y='19' width='18' height='2' fill='%23fff' opacity='.7'/%3E%3Crect x='7' y='23' width='12' height='2' fill='%23fff' opacity='.7'/%3E%3C/svg%3E";

const STYLE = `
:root {
  color-scheme: light dark;
  --ink: #1b1f24; --muted: #56606b; --paper: #f6f4ef; --card: #ffffff; --line: #dcd8cf;
  --navy: #14213d; --accent: #fca311; --link: #14213d; --button: #14213d; --button-ink: #ffffff; --focus: #b35c00;
  --serif: Georgia, 'Noto Serif', 'DejaVu Serif', 'Times New Roman', serif;
  --sans: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --ink: #ece9e2; --muted: #a9b1bb; --paper: #10151f; --card: #1a2130; --line: #2c3548;
    --link: #ffd27a; --button: #fca311; --button-ink: #10151f; --focus: #ffd27a; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 1rem/1.5 var(--sans); }
a { color: var(--link); }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.skip { position: absolute; left: 1rem; top: -3rem; background: var(--card); padding: .5rem 1rem; z-index: 1; }
.skip:focus { top: 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
.masthead { background: var(--navy); color: #fff; padding: 2.25rem 0 2rem; border-bottom: 6px solid var(--accent); }
.masthead .kicker { margin: 0 0 .35rem; font-size: .8rem; font-weight: 600; letter-spacing: .14em; text-transform: uppercase; color: var(--accent); }
.masthead h1 { margin: 0; font: 700 clamp(1.9rem, 4.5vw, 2.9rem)/1.1 var(--serif); }
.masthead .intro { margin: .6rem 0 0; max-width: 44rem; color: #d9dde6; }
.masthead a { color: #fff; }
main.wrap { padding-top: 2rem; padding-bottom: 1rem; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr)); }
.card { height: 100%; display: flex; flex-direction: column; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; box-shadow: 0 1px 2px rgb(0 0 0 / .06), 0 6px 18px rgb(0 0 0 / .05); }
.cover { display: block; width: 100%; aspect-ratio: 16 / 9; height: auto; object-fit: contain; background: var(--navy); }
.cover.fill { object-fit: cover; }
.body { display: flex; flex-direction: column; gap: .55rem; padding: 1.1rem 1.2rem 1.25rem; flex: 1; }
.card h2 { margin: 0; font: 700 1.3rem/1.25 var(--serif); overflow-wrap: anywhere; }
.dek { margin: 0; color: var(--muted); }
.meta { margin: 0; font-size: .875rem; color: var(--muted); }
.meta .byline { color: var(--ink); font-weight: 600; }
.downloads { list-style: none; margin: auto 0 0; padding: .6rem 0 0; display: flex; flex-wrap: wrap; gap: .6rem; }
.downloads a { display: inline-flex; align-items: baseline; gap: .45rem; min-height: 2.75rem; padding: .6rem 1rem; border-radius: 999px; font-weight: 600; text-decoration: none; background: var(--button); color: var(--button-ink); border: 2px solid var(--button); }
.downloads a.pdf { background: transparent; color: var(--link); border-color: currentColor; }
.downloads a:hover { text-decoration: underline; }
.downloads .size { font-weight: 400; font-size: .85em; opacity: .85; }
@media (min-width: 56rem) {
  .cards > li:first-child { grid-column: 1 / -1; }
  .cards > li:first-child .card { flex-direction: row; }
  .cards > li:first-child .cover { width: 52%; aspect-ratio: 16 / 9; flex: none; }
  .cards > li:first-child .body { padding: 1.75rem 2rem; justify-content: center; }
  .cards > li:first-child h2 { font-size: 2rem; }
  .cards > li:first-child .dek { font-size: 1.1rem; }
}
.feeds { margin: 1rem 0 2.5rem; padding: 1.25rem 1.4rem; background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: 10px; }
.feeds h2 { margin: 0 0 .35rem; font: 700 1.15rem/1.3 var(--serif); }
.feeds p { margin: .35rem 0 0; }
.feeds code { font-size: .95em; overflow-wrap: anywhere; }
.empty { padding: 2rem 0; color: var(--muted); }
footer { padding: 0 0 2rem; font-size: .85rem; color: var(--muted); }
@media print { .skip, .downloads, .feeds { display: none; } .card { box-shadow: none; break-inside: avoid; } }
`;

/** The download page: one card per book, no script, no external assets, deterministic. */
export function catalogPage(catalog: Catalog): string {
  const count = catalog.entries.length;
  const newest = catalog.entries.map((entry) => entry.publication.published).find(Boolean);
  const intro = count
    ? `${count} article${count === 1 ? '' : 's'} to read on an e-reader (EPUB) or to print (PDF)${newest && displayDate(newest) ? `, the newest from ${displayDate(newest)}` : ''}.`
    : 'No articles yet.';
  const cards = count
    ? `<ol class="cards">\n${catalog.entries.map(card).join('\n')}\n</ol>`
    : '<p class="empty">Nothing has been built into this folder yet.</p>';
  return `<!DOCTYPE html>
<html lang="${CATALOG_LANG}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${e(CONTENT_SECURITY_POLICY)}">
<meta name="generator" content="Pressroom">
<title>${e(catalog.title)} — ebooks to download</title>
<link rel="icon" href="${ICON}">
<link rel="alternate" type="${MEDIA_TYPES.atomAcquisition}" title="${e(catalog.title)} (OPDS)" href="${FEED_FILES.atom}">
<link rel="alternate" type="${MEDIA_TYPES.opds2}" title="${e(catalog.title)} (OPDS 2)" href="${FEED_FILES.json}">
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#articles">Skip to the articles</a>
<header class="masthead">
<div class="wrap">
<p class="kicker">Ebooks to download</p>
<h1>${e(catalog.title)}</h1>
<p class="intro">${e(intro)}</p>
</div>
</header>
<main id="articles" class="wrap" tabindex="-1">
<h2 class="visually-hidden">Articles, newest first</h2>
${cards}
<section class="feeds" aria-labelledby="feeds-title">
<h2 id="feeds-title">Browse from your e-reader app</h2>
<p>KOReader, Thorium Reader, Moon+ Reader, Calibre and other OPDS readers can browse and download these articles directly: add this address as an OPDS catalogue.</p>
<p><a href="${FEED_FILES.atom}" type="${MEDIA_TYPES.atomAcquisition}">OPDS catalogue</a> (<code>${FEED_FILES.atom}</code>, next to this page) · <a href="${FEED_FILES.json}" type="${MEDIA_TYPES.opds2}">OPDS 2 feed</a> (<code>${FEED_FILES.json}</code>)</p>
</section>
</main>
<footer class="wrap">Made with Pressroom.</footer>
</body>
</html>
`;
}

function card({ publication: book, pictures }: CatalogEntry, index: number): string {
  const id = `${book.slug}`;
  const titleId = `${id}-title`;
  const lang = book.language ? ` lang="${e(book.language)}"` : '';
  const date = book.published ? displayDate(book.published) : undefined;
  // Pictures about as wide as the frame (news photographs) fill it; others (portrait covers) sit in it on their own colour.
  const fills = pictures ? pictures.thumbnail.width / pictures.thumbnail.height >= 1.4 : false;
  const cover = pictures
    ? `<img class="cover${fills ? ' fill' : ''}" style="background-color: ${e(pictures.colour)}" src="${e(hrefOf(pictures.thumbnail.href))}" srcset="${e(hrefOf(pictures.thumbnail.href))} ${pictures.thumbnail.width}w, ${e(hrefOf(pictures.image.href))} ${pictures.image.width}w" sizes="${index === 0 ? '(min-width: 56rem) 37rem, 100vw' : '(min-width: 56rem) 22rem, (min-width: 40rem) 50vw, 100vw'}" width="${pictures.thumbnail.width}" height="${pictures.thumbnail.height}" alt="" decoding="async">`
    : '';
  const meta = [
    book.authors.length ? `<span class="byline">${e(bylineText({ reporters: book.authors, lang: CATALOG_LANG }))}</span>` : '',
    date ? `<time datetime="${e(book.published!)}">${e(date)}</time>` : '',
  ].filter(Boolean);
  const downloads = [
    book.epub ? download(book.epub.name, book.epub.size, 'EPUB', MEDIA_TYPES.epub, 'epub', book.title) : '',
    book.pdf ? download(book.pdf.name, book.pdf.size, 'PDF', MEDIA_TYPES.pdf, 'pdf', book.title) : '',
  ].filter(Boolean);
  return `<li>
<article class="card" id="${e(id)}" aria-labelledby="${e(titleId)}">
${cover}
<div class="body">
<h2 id="${e(titleId)}"${lang}>${e(book.title)}</h2>
${book.description ? `<p class="dek"${lang}>${e(book.description)}</p>\n` : ''}${meta.length ? `<p class="meta">${meta.join(' · ')}</p>\n` : ''}<ul class="downloads">
${downloads.join('\n')}
</ul>
</div>
</article>
</li>`;
}

function download(name: string, size: number, label: string, type: string, className: string, title: string): string {
  return `<li><a class="${className}" href="${e(hrefOf(name))}" type="${type}" download="${e(name)}">${label}<span class="visually-hidden"> of “${e(title)}”,</span> <span class="size">${e(formatSize(size))}</span></a></li>`;
}

/** "21 April 2023" from the date as the book states it (its own calendar day, no time-zone conversion). */
export function displayDate(value: string): string | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return undefined;
  const [, year, month, day] = match;
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (month && !monthName) return undefined;
  return [day ? String(Number(day)) : '', monthName ?? '', year].filter(Boolean).join(' ');
}

/** 1,234 bytes → "1.2 KB"; binary multiples, as file managers show them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
