import type { Element, ElementContent, Root } from 'hast';
import type { Point } from '../core/diagnostics.js';
import { element, text } from './hast.js';
import type { ModelState } from './state.js';

/** Elements that are never phrasing content: they may not stand inside a paragraph or a `<b>`. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'col', 'colgroup', 'dd', 'details', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** Elements whose content must be phrasing. */
const PHRASING_CONTAINERS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'del', 'dfn', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'i', 'ins',
  'kbd', 'mark', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time',
  'u', 'var',
]);
/** Kept, with their blocks run into their text: dropping a heading would break the contents and its links. */
const FLATTENED = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);
/** Elements that only mean something inside a particular parent. */
const REQUIRED_PARENTS: Record<string, string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl', 'div'],
  dd: ['dl', 'div'],
  figcaption: ['figure'],
  summary: ['details'],
  rt: ['ruby'],
  rp: ['ruby'],
};
const LISTS = new Set(['ul', 'ol']);

/**
 * The HTML parser makes raw HTML well-formed, not valid: an unclosed `<b>` ends up around the
 * blocks that follow, a stray `<li>` stays outside any list. This repairs what EPUB's schema
 * rejects, warning where the manuscript caused it, so that the page always validates.
 */
export function repairStructure(tree: Root, model: ModelState): void {
  repair(tree, { line: 1, column: 1 }, model);
}

function repair(node: Root | Element, place: Point, model: ModelState): void {
  for (const child of node.children) if (child.type === 'element') repair(child, child.position?.start ?? place, model);
  const parentTag = node.type === 'element' ? node.tagName : undefined;
  node.children = node.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'element') return child.type === 'doctype' ? [] : [child];
    const where = child.position?.start ?? place;
    const parents = REQUIRED_PARENTS[child.tagName];
    if (parents && !(parentTag && parents.includes(parentTag))) {
      model.warn(`<${child.tagName}> outside ${parents.map((tag) => `<${tag}>`).join(' or ')} is not valid; its content stays without it`, where, 'html-structure');
      return child.children;
    }
    if (!PHRASING_CONTAINERS.has(child.tagName)) return [child];
    const block = child.children.find((grandchild): grandchild is Element => grandchild.type === 'element' && BLOCKS.has(grandchild.tagName));
    if (!block) return [child];
    if (FLATTENED.has(child.tagName)) {
      model.warn(`<${child.tagName}> cannot hold a <${block.tagName}>; its text is run into the <${child.tagName}>`, where, 'html-structure');
      child.children = flatten(child.children);
      return [child];
    }
    model.warn(`<${child.tagName}> cannot hold a <${block.tagName}> (a tag left open in the raw HTML?); the <${child.tagName}> is dropped, its content stays`, where, 'html-structure');
    return child.children;
  });
  if (parentTag && LISTS.has(parentTag)) wrapListContent(node as Element, place, model);
}

function flatten(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node) => (node.type === 'element' && BLOCKS.has(node.tagName) ? [text(' '), ...flatten(node.children), text(' ')] : [node]));
}

/** A list holds list items only: anything else in it becomes an item of its own. */
function wrapListContent(list: Element, place: Point, model: ModelState): void {
  let wrapped = false;
  list.children = list.children.map((child) => {
    const isItem = child.type === 'element' && child.tagName === 'li';
    const isSpace = child.type === 'text' && child.value.trim() === '';
    if (isItem || isSpace || child.type === 'comment') return child;
    wrapped = true;
    return element('li', {}, [child]);
  });
  if (wrapped) model.warn(`content directly inside <${list.tagName}> was put into list items`, list.position?.start ?? place, 'html-structure');
}
