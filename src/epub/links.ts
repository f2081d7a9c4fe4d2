import type { Element, ElementContent, Root } from 'hast';
import type { Point } from '../core/diagnostics.js';
import { closestName } from '../core/suggest.js';
import type { EpubState } from './state.js';

const WEB_OR_MAIL = /^(https?|mailto|tel):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// Characters that may not appear in an href as written; everything else (non-Latin letters too) may.
const NOT_IN_IRI = /[\s<>"{}|\\^`]/g;

/**
 * Every link must work inside the book: web, mail and phone links stay, `#anchors` stay when
 * something in the article has that id. Anything else (a local file, an anchor to nothing, a
 * `javascript:` link) becomes its plain text, with a warning at the link.
 */
export function settleLinks(tree: Root | Element, epub: EpubState): void {
  const ids = new Set<string>();
  collectIds(tree, ids);
  visitLinks(tree, { line: 1, column: 1 }, (link, place) => {
    const href = String(link.properties.href);
    const problem = linkProblem(href, ids);
    if (!problem) {
      link.properties.href = href.replace(NOT_IN_IRI, (character) => encodeURIComponent(character));
      return true;
    }
    epub.warn(`${problem}; the link text stays as plain text`, place, 'link');
    return false;
  });
}

function linkProblem(href: string, ids: Set<string>): string | undefined {
  if (href === '' || href === '#') return 'link has no address';
  if (href.startsWith('#')) {
    const target = safeDecode(href.slice(1));
    if (ids.has(target)) return undefined;
    const suggestion = closestName(target, [...ids]);
    return `link to "${href}" leads nowhere: no heading or note in this article has that id${suggestion ? ` (did you mean #${suggestion}?)` : ''}`;
  }
  if (WEB_OR_MAIL.test(href)) return URL.canParse(href) ? undefined : `link "${href}" is not a valid address`;
  if (ANY_SCHEME.test(href)) return `link "${href}" cannot work in a book; only web, mail and phone links can`;
  return `link to "${href}" points at a file that is not part of the book`;
}

/** Calls `keep` for every `<a href>`; a link it rejects is replaced by its content. */
function visitLinks(parent: Root | Element, parentPlace: Point, keep: (link: Element, place: Point) => boolean): void {
  const children: ElementContent[] = [];
  for (const child of parent.children) {
    if (child.type !== 'element') {
      if (child.type !== 'doctype') children.push(child);
      continue;
    }
    const place = child.position?.start ?? parentPlace;
    visitLinks(child, place, keep);
    const isLink = child.tagName === 'a' && child.properties.href !== undefined;
    if (isLink && !keep(child, place)) children.push(...child.children);
    else children.push(child);
  }
  parent.children = children;
}

function collectIds(node: Root | Element, ids: Set<string>): void {
  if (node.type === 'element' && typeof node.properties.id === 'string') ids.add(node.properties.id);
  for (const child of node.children) if (child.type === 'element') collectIds(child, ids);
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
