import type { Element, ElementContent, Root } from 'hast';
import type { raw } from 'hast-util-raw';
import type { Root as MdastRoot } from 'mdast';
import { VFile } from 'vfile';
import { hasNonXmlCharacters, xmlSafe } from '../core/characters.js';
import { isRightToLeft } from '../core/direction.js';
import { markBlockDirections } from './direction.js';
import { text } from './hast.js';
import { createHastState } from './handlers/index.js';
import { settleLinks } from './links.js';
import { htmlIslands, type IslandFinder } from './raw-html/islands.js';
import type { sanitizeAuthorHtml } from './raw-html/sanitize.js';
import type { ModelState } from './state.js';
import { repairStructure } from './structure.js';
import type { ModelNote } from './types.js';

/** The HTML parser and the sanitiser: loaded only for a manuscript that holds raw HTML. */
export interface RawHtmlTools {
  raw: typeof raw;
  sanitizeAuthorHtml: typeof sanitizeAuthorHtml;
}

export async function loadRawHtmlTools(): Promise<RawHtmlTools> {
  const [{ raw }, { sanitizeAuthorHtml }] = await Promise.all([import('hast-util-raw'), import('./raw-html/sanitize.js')]);
  return { raw, sanitizeAuthorHtml };
}

export interface ModelBody {
  body: ElementContent[];
  notes: ModelNote[];
}

/**
 * The manuscript body and its cited footnotes in the model's vocabulary, raw HTML parsed and
 * cleaned, links settled, directions marked. `rawHtml` must be given when the manuscript holds raw
 * HTML; without any, the handlers' own markup is already valid and needs no HTML parser. `islands`
 * chooses the blocks the parser sees (the tests compare the default with parsing everything).
 */
export function buildBody(model: ModelState, rawHtml: RawHtmlTools | undefined, islands: IslandFinder = htmlIslands): ModelBody {
  const authorIds = new Set<string>();
  const render = (tree: MdastRoot): ElementContent[] => settle(tree, model, authorIds, rawHtml, islands);

  const body = render(model.manuscript.tree);
  const notes: ModelNote[] = [];
  // A note may cite another note, which then joins the end of the list: hence no for-of over a snapshot.
  for (let index = 0; index < model.footnotes.cited().length; index++) {
    const note = model.footnotes.cited()[index]!;
    const content = render({ type: 'root', children: note.definition.children });
    notes.push({ number: note.number, id: note.id, referenceIds: note.referenceIds, content });
  }
  for (const definition of model.footnotes.uncited()) {
    model.warn(`footnote [^${definition.label ?? definition.identifier}] is never cited, so it is left out`, definition.position?.start, 'footnote-unused');
  }
  settleLinks([...body, ...notes.flatMap((note) => note.content)], noteIds(notes), model);
  if (!isRightToLeft(model.manuscript.article.lang)) {
    markBlockDirections(body);
    for (const note of notes) markBlockDirections(note.content);
  }
  return { body, notes };
}

/** The ids a note brings besides its content's: its own, and each citation's. */
function noteIds(notes: readonly ModelNote[]): string[] {
  return notes.flatMap((note) => [note.id, ...note.referenceIds]);
}

/**
 * Renders a root's blocks, joined by line breaks. Raw HTML is parsed together with the Markdown
 * around it (so `<sup>` … `</sup>` pair up, and a `<details>` may hold paragraphs), then cleaned and
 * repaired; only the runs of blocks that raw HTML reaches go through the HTML parser (see
 * `htmlIslands`), the rest is valid as the handlers make it.
 */
function settle(tree: MdastRoot, model: ModelState, authorIds: Set<string>, rawHtml: RawHtmlTools | undefined, findIslands: IslandFinder): ElementContent[] {
  const state = createHastState(model);
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
  for (const island of parsed) rawHtml!.sanitizeAuthorHtml(island, model, authorIds);
  for (const island of parsed) repairStructure(island, model);

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
  removeNonXmlCharacters({ type: 'root', children: content }, model);
  return content;
}

/** Nodes with a line break between each, as the blocks of a root are written. */
function joined(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node, index) => (index === 0 ? [node] : [text('\n'), node]));
}

/** Control characters such as U+000B: XHTML cannot hold them and print cannot show them; this says where they were. */
function removeNonXmlCharacters(node: Root | Element, model: ModelState): void {
  for (const child of node.children) {
    if (child.type === 'element') removeNonXmlCharacters(child, model);
    else if (child.type === 'text' && hasNonXmlCharacters(child.value)) {
      child.value = xmlSafe(child.value);
      model.warn('removed a control character that XHTML cannot hold (it is invisible in most editors)', child.position?.start, 'control-character');
    }
  }
}
