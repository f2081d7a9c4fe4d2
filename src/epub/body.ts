import type { Element, ElementContent, Root } from 'hast';
import { raw } from 'hast-util-raw';
import type { Nodes as MdastNodes } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { noteAside } from './footnotes.js';
import { element } from './hast.js';
import { toHastHandlers } from './handlers/index.js';
import { sanitizeAuthorHtml } from './raw-html/sanitize.js';
import type { EpubState } from './state.js';
import { repairStructure } from './structure.js';
import { hasNonXmlCharacters } from './xml.js';

export interface RenderedBody {
  content: ElementContent[];
  /** The pop-up notes, in citation order; undefined when nothing is cited. */
  notes: Element | undefined;
}

/** The manuscript body and its cited footnotes as safe hast, raw HTML parsed and cleaned. */
export function renderBody(epub: EpubState): RenderedBody {
  const handlers = toHastHandlers(epub);
  const authorIds = new Set<string>();
  const render = (tree: MdastNodes): ElementContent[] => settle(toHast(tree, { handlers, allowDangerousHtml: true }) as Root, epub, authorIds);

  const content = render(epub.manuscript.tree);
  const asides: Element[] = [];
  // A note may cite another note, which then joins the end of the list: hence no for-of over a snapshot.
  for (let index = 0; index < epub.footnotes.cited().length; index++) {
    const note = epub.footnotes.cited()[index]!;
    asides.push(noteAside(note, render({ type: 'root', children: note.definition.children })));
  }
  for (const definition of epub.footnotes.uncited()) {
    epub.warn(`footnote [^${definition.label ?? definition.identifier}] is never cited, so it is left out`, definition.position?.start, 'footnote-unused');
  }
  const notes = asides.length > 0 ? element('section', { className: ['footnotes'], 'epub:type': 'footnotes', ariaLabel: 'Notes' }, asides) : undefined;
  return { content, notes };
}

/** Parses raw HTML together with the Markdown around it (so `<sup>` … `</sup>` pair up), then cleans and repairs it. */
function settle(tree: Root, epub: EpubState, authorIds: Set<string>): ElementContent[] {
  const parsed = raw(tree, { file: epub.file }) as Root;
  sanitizeAuthorHtml(parsed, epub, authorIds);
  repairStructure(parsed, epub);
  reportNonXmlCharacters(parsed, epub);
  return parsed.children.filter((child): child is ElementContent => child.type !== 'doctype');
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
