import type { Element, ElementContent, Root } from 'hast';
import type { Point } from '../core/diagnostics.js';
import { closestName } from '../core/suggest.js';
import type { ModelState } from './state.js';

const WEB_OR_MAIL = /^(https?|mailto|tel):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// Characters that may not appear in an href as written; everything else (non-Latin letters too) may.
const NOT_IN_IRI = /[\s<>"{}|\\^`]/g;

/**
 * Every link must work in every output: web, mail and phone links stay, `#anchors` stay when
 * something in the article has that id. Anything else (a local file, an anchor to nothing, a
 * `javascript:` link) becomes its plain text, with a warning at the link. A link with no words
 * shows its address instead, so that readers (and screen readers) have something to follow.
 * `extraIds` are ids the writers give out beside the content's own (notes and their citations).
 */
export function settleLinks(nodes: ElementContent[], extraIds: readonly string[], model: ModelState): void {
  const root: Root = { type: 'root', children: nodes };
  const ids = new Set<string>();
  collectIds(root, ids);
  for (const id of extraIds) ids.add(id);
  const targets = new Targets(ids);
  visitLinks(root, { line: 1, column: 1 }, (link, place) => {
    const href = String(link.properties.href);
    const problem = linkProblem(href, targets, model.manuscript.article.url !== undefined);
    if (problem) {
      model.warn(`${problem}; the link text stays as plain text`, place, 'link');
      return false;
    }
    link.properties.href = href.replace(NOT_IN_IRI, (character) => encodeURIComponent(character));
    if (!hasContent(link)) {
      const shown = href.replace(/^mailto:/i, '');
      link.children = [{ type: 'text', value: shown }];
      model.warn(`link to "${href}" has no text; its address is shown instead. Write the words to show between the brackets: [words](${href})`, place, 'link-empty');
    }
    return true;
  });
  nodes.splice(0, nodes.length, ...(root.children as ElementContent[]));
}

/** True when a link shows something: words, or a picture with a description. */
function hasContent(node: Element): boolean {
  return node.children.some((child) => {
    if (child.type === 'text') return child.value.trim() !== '';
    if (child.type !== 'element') return false;
    if (child.tagName === 'img') return String(child.properties.alt ?? '').trim() !== '';
    return hasContent(child);
  });
}

interface Target {
  id: string;
  /** Position in the document, which breaks ties between equally close suggestions. */
  order: number;
  /** How often each character occurs in the lower-cased id, made when first needed. */
  letters?: Map<string, number>;
}

/** The ids links may lead to, grouped by length for suggestions. */
class Targets {
  private readonly byLength = new Map<number, Target[]>();

  constructor(readonly ids: Set<string>) {
    let order = 0;
    for (const id of ids) {
      // closestName compares lower-cased names, whose length may differ (İ becomes two code units).
      const length = id.toLowerCase().length;
      const group = this.byLength.get(length) ?? [];
      group.push({ id, order: order++ });
      this.byLength.set(length, group);
    }
  }

  /**
   * The id closest to a missing one, as closestName picks it, comparing only the ids that could
   * be close enough: an edit changes the length by at most one and the count of each character
   * by at most two in all, so the others are set aside cheaply. Linear in the number of ids.
   */
  suggestion(target: string): string | undefined {
    const reach = Math.max(1, Math.floor(target.length / 3));
    const lower = target.toLowerCase();
    const letters = letterCounts(lower);
    const candidates: Target[] = [];
    for (let length = lower.length - reach; length <= lower.length + reach; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        candidate.letters ??= letterCounts(candidate.id.toLowerCase());
        if (letterDifference(letters, candidate.letters) <= 2 * reach) candidates.push(candidate);
      }
    }
    candidates.sort((a, b) => a.order - b.order);
    return closestName(target, candidates.map((candidate) => candidate.id));
  }
}

function letterCounts(value: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  return counts;
}

function letterDifference(a: Map<string, number>, b: Map<string, number>): number {
  let difference = 0;
  for (const [character, count] of a) difference += Math.abs(count - (b.get(character) ?? 0));
  for (const [character, count] of b) if (!a.has(character)) difference += count;
  return difference;
}

/** What is wrong with a link, if anything; `hasWebAddress` when the front matter gives `url` (raw HTML links are not resolved against it). */
function linkProblem(href: string, targets: Targets, hasWebAddress: boolean): string | undefined {
  if (href === '' || href === '#') return 'link has no address';
  if (href.startsWith('#')) {
    const target = safeDecode(href.slice(1));
    if (targets.ids.has(target)) return undefined;
    const suggestion = targets.suggestion(target);
    return `link to "${href}" leads nowhere: no heading or note in this article has that id${suggestion ? ` (did you mean #${suggestion}?)` : ''}`;
  }
  if (WEB_OR_MAIL.test(href)) return URL.canParse(href) ? undefined : `link "${href}" is not a valid address`;
  if (ANY_SCHEME.test(href)) return `link "${href}" cannot work in the ebook or the PDF; only web, mail and phone links can`;
  const hint = hasWebAddress ? '' : " (a relative link on the article's web page? give its address as `url:` in the front matter)";
  return `link to "${href}" points at a file that is not part of the ebook or the PDF${hint}`;
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
