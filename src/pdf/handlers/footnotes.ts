import type { Element } from 'hast';
import { element, textOf } from '../../model/hast.js';
import type { Block, DrawOp, GalleyItem, Note } from '../layout/types.js';
import { faceFor } from '../text/compose.js';
import type { Inline } from '../text/types.js';
import type { InlineContext } from './inline.js';
import { labelOps } from './label.js';
import type { FootnoteEntry, State } from './state.js';
import { bodyBaseline } from './text-blocks.js';

const LABEL_GAP = 4;

/** A note's first words: at most about 150 characters, cut at a space. */
function opening(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim();
  if (words.length <= 150) return words;
  const cut = words.lastIndexOf(' ', 150);
  return `${words.slice(0, cut > 0 ? cut : 150)}…`;
}

/** The model's citation of a note: `<sup>` holding `<a role="doc-noteref" href="#note-id">`. */
export function isCitation(node: Element): boolean {
  const link = node.children.find((child): child is Element => child.type === 'element');
  return link?.tagName === 'a' && link.properties.role === 'doc-noteref';
}

/** The raised number that cites a footnote; numbers follow the order of first citation (the model's). */
export function footnoteMarker(node: Element, state: State, context: InlineContext, out: Inline[]): void {
  const link = node.children.find((child): child is Element => child.type === 'element')!;
  const id = String(link.properties.href).slice(1);
  const entry = state.footnotes.get(id);
  if (!entry) throw new Error(`the model cites note #${id}, which it does not hold`);
  const size = context.style.size * 0.62;
  // A number alone says little: the citation is described by the note it leads to.
  const struct = state.struct('Link', { alt: `${entry.note.number}. ${opening(textOf(element('div', {}, entry.model.content)))}` }, context.struct);
  out.push({
    kind: 'text',
    text: textOf(link),
    style: { ...context.style, size, rise: context.style.size * 0.36, color: state.theme.links.color, bold: false, italic: false, role: 'body' },
    struct,
    link: { kind: 'internal', name: state.destination(id) },
    hyphenate: false,
    ...(state.theme.footnotes.placement === 'page' ? { note: entry.note } : {}),
  });
}

/**
 * Sets every cited footnote once the body is done: at the foot of pages (the notes travel with the
 * lines that cite them) or, for `placement: endnotes`, as a Notes section ending the article.
 */
export function setFootnotes(state: State, notesHeading: string): void {
  if (state.footnotes.size === 0) return;
  const { theme } = state;
  const size = theme.footnotes.fontSize;
  const leading = size * 1.32;
  const endnotes = theme.footnotes.placement === 'endnotes';
  if (endnotes) {
    const struct = state.struct('H2');
    const headingSize = theme.headings.sizes[1];
    const style = { role: theme.headings.font, bold: false, italic: false, size: headingSize, color: theme.headings.color };
    state.space(state.context.leading * 1.1);
    const blocks = state.setParagraph([{ kind: 'text', text: notesHeading, style, struct }], {
      struct,
      align: 'start',
      size: headingSize,
      leading: headingSize * 1.25,
      role: 'heading',
      keep: 'all',
      hyphenate: false,
      baseStyle: style,
    });
    blocks[0]?.ops.unshift({ kind: 'outline', title: notesHeading, level: state.outlineLevel(2), y: 0 });
    state.space(state.context.leading * 0.35);
  }
  [...state.footnotes.values()].forEach((entry, index) => {
    const items = setNote(state, entry, size, leading);
    if (endnotes) {
      if (index > 0) state.space(leading * 0.3);
      state.emit(...items);
    } else {
      // At the foot of a page the notes are set solid: the space between their paragraphs is dropped.
      entry.note.blocks = items.filter((item): item is Block => item.kind === 'block').map((block) => ({ ...block, role: 'note' }));
    }
  });
  if (!endnotes) carryNotesCitedInNotes(state.galley);
}

/**
 * Pages place the notes the body's lines cite. A note cited only from another note goes to the foot
 * of the page that holds the note citing it, right after it: each line citing a note carries the
 * notes that note cites, and theirs in turn.
 */
function carryNotesCitedInNotes(galley: readonly GalleyItem[]): void {
  for (const item of galley) {
    if (item.kind !== 'block' || !item.notes) continue;
    const carried: Note[] = [];
    const carry = (note: Note) => {
      if (carried.includes(note)) return;
      carried.push(note);
      for (const block of note.blocks) for (const cited of block.notes ?? []) carry(cited);
    };
    item.notes.forEach(carry);
    item.notes = carried;
  }
}

function setNote(state: State, entry: FootnoteEntry, size: number, leading: number): GalleyItem[] {
  const struct = state.struct('Note', {}, state.root);
  const labelStruct = state.struct('Lbl', {}, struct);
  const style = { ...state.bodyStyle(), size };
  const face = faceFor(state.book, style);
  const label = `${entry.note.number}`;
  const indent = state.book.width(face, '00', size) + LABEL_GAP;
  const width = state.geometry.columnWidth;
  // The number hangs on the side lines start from: the right in a right-to-left article.
  const hang = state.rightToLeft ? { right: state.context.right + indent } : { left: state.context.left + indent };
  const blocks = state.collect(() => {
    state.within({ ...hang, struct, size, leading, tight: true, width }, () => {
      state.previous = 'start';
      state.blocks(entry.model.content);
    });
  });
  const lines = blocks.filter((item): item is Block => item.kind === 'block');
  const first = lines[0];
  const baseline = first?.ops.find((op) => op.kind === 'text')?.y ?? bodyBaseline(state);
  const edge = state.rightToLeft ? { right: width - state.context.right } : { left: state.context.left };
  const hung = labelOps(state, label, { face, size, color: state.theme.base.color }, labelStruct, edge, baseline);
  const anchor: DrawOp = { kind: 'anchor', name: state.destination(entry.model.id), y: 0 };
  if (!first) return [{ kind: 'block', height: leading, ops: [anchor, ...hung], role: 'note' }];
  first.ops.unshift(anchor, ...hung);
  return blocks;
}
