import type { Element, ElementContent, Root } from 'hast';
import type { raw } from 'hast-util-raw';
import type { Root as MdastRoot } from 'mdast';
import { VFile } from 'vfile';
import { isRightToLeft } from '../core/direction.js';
import { labelsFor } from '../core/labels.js';
import { markBlockDirections } from './direction.js';
import { noteAside } from './footnotes.js';
import { element, text } from './hast.js';
import { createHastState } from './handlers/index.js';
import { htmlIslands, type IslandFinder } from './raw-html/islands.js';
import type { sanitizeAuthorHtml } from './raw-html/sanitize.js';
import type { EpubState } from './state.js';
import { repairStructure } from './structure.js';
import { hasNonXmlCharacters } from './xml.js';

export interface RenderedBody {
  content: ElementContent[];
  /** The pop-up notes, in citation order; undefined when nothing is cited. */
  notes: Element | undefined;
}

/** The HTML parser and the sanitiser: loaded only for a manuscript that holds raw HTML. */
export interface RawHtmlTools {
  raw: typeof raw;
  sanitizeAuthorHtml: typeof sanitizeAuthorHtml;
}

export async function loadRawHtmlTools(): Promise<RawHtmlTools> {
  const [{ raw }, { sanitizeAuthorHtml }] = await Promise.all([import('hast-util-raw'), import('./raw-html/sanitize.js')]);
  return { raw, sanitizeAuthorHtml };
}

/**
 * The manuscript body and its cited footnotes as safe hast, raw HTML parsed and cleaned.
 * `rawHtml` must be given when the manuscript holds raw HTML; without any, the handlers' own
 * markup is already valid and needs no HTML parser. `islands` chooses the blocks the parser sees
 * (the tests compare the default with parsing everything).
 */
export function renderBody(epub: EpubState, rawHtml: RawHtmlTools | undefined, islands: IslandFinder = htmlIslands): RenderedBody {
  const authorIds = new Set<string>();
  const render = (tree: MdastRoot): ElementContent[] => settle(tree, epub, authorIds, rawHtml, islands);

  const content = render(epub.manuscript.tree);
  const labels = labelsFor(epub.manuscript.article.lang);
  const asides: Element[] = [];
  // A note may cite another note, which then joins the end of the list: hence no for-of over a snapshot.
  for (let index = 0; index < epub.footnotes.cited().length; index++) {
    const note = epub.footnotes.cited()[index]!;
    asides.push(noteAside(note, render({ type: 'root', children: note.definition.children }), labels));
  }
  for (const definition of epub.footnotes.uncited()) {
    epub.warn(`footnote [^${definition.label ?? definition.identifier}] is never cited, so it is left out`, definition.position?.start, 'footnote-unused');
  }
  const notes = asides.length > 0 ? element('section', { className: ['footnotes'], 'epub:type': 'footnotes', ariaLabel: labels.notes }, asides) : undefined;
  if (!isRightToLeft(epub.manuscript.article.lang)) markBlockDirections(notes ? [...content, notes] : content);
  return { content, notes };
}

/**
 * Renders a root's blocks, joined by line breaks. Raw HTML is parsed together with the Markdown
 * around it (so `<sup>` … `</sup>` pair up, and a `<details>` may hold paragraphs), then cleaned and
 * repaired; only the runs of blocks that raw HTML reaches go through the HTML parser (see
 * `htmlIslands`), the rest is valid as the handlers make it.
 */
function settle(tree: MdastRoot, epub: EpubState, authorIds: Set<string>, rawHtml: RawHtmlTools | undefined, findIslands: IslandFinder): ElementContent[] {
  const state = createHastState(epub);
  const blocks = tree.children.map((child) => {
    const result = state.one(child, tree);
    return result === undefined ? [] : Array.isArray(result) ? result : [result];
  });
  const islands = findIslands(tree.children);
  if (islands.length > 0 && !rawHtml) throw new Error('the manuscript holds raw HTML but the HTML parser was not loaded');
  // A file makes the parser keep positions (the sanitiser needs them); it reads only the file's
  // text, to place the root it returns, which is dropped: an empty stand-in spares measuring the
  // whole manuscript once per island.
  const positions = { file: new VFile() };
  const parsed = islands.map(([start, end]) => rawHtml!.raw({ type: 'root', children: joined(blocks.slice(start, end).flat()) }, positions) as Root);
  // Line breaks go between blocks as parsed, before the sanitiser removes any (a comment, a script).
  const parsedCounts = parsed.map((island) => island.children.length);
  for (const island of parsed) rawHtml!.sanitizeAuthorHtml(island, epub, authorIds);
  for (const island of parsed) repairStructure(island, epub);

  const content: ElementContent[] = [];
  let written = 0;
  const add = (nodes: ElementContent[], count = nodes.length) => {
    if (count === 0) return;
    if (written > 0) content.push(text('\n'));
    content.push(...nodes);
    written += count;
  };
  let next = 0;
  islands.forEach(([start, end], index) => {
    for (; next < start; next++) add(joined(blocks[next]!));
    add(parsed[index]!.children.filter((child): child is ElementContent => child.type !== 'doctype'), parsedCounts[index]);
    next = end;
  });
  for (; next < blocks.length; next++) add(joined(blocks[next]!));
  reportNonXmlCharacters({ type: 'root', children: content }, epub);
  return content;
}

/** Nodes with a line break between each, as the blocks of a root are written. */
function joined(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node, index) => (index === 0 ? [node] : [text('\n'), node]));
}

/** XML cannot hold control characters such as U+000B; the serialiser drops them, this says where. */
function reportNonXmlCharacters(node: Root | Element, epub: EpubState): void {
  for (const child of node.children) {
    if (child.type === 'element') reportNonXmlCharacters(child, epub);
    else if (child.type === 'text' && hasNonXmlCharacters(child.value)) {
      epub.warn('removed a control character that XHTML cannot hold (it is invisible in most editors)', child.position?.start, 'control-character');
    }
  }
}
