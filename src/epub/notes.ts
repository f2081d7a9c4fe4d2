import type { Element, ElementContent } from 'hast';
import { fillLabel, type Labels } from '../core/labels.js';
import { element, text } from '../model/hast.js';
import type { ModelNote } from '../model/types.js';

/**
 * The note itself as an EPUB 3 pop-up footnote. Its number links back to the first citation;
 * each further citation gets its own back link at the end.
 */
export function noteAside(note: ModelNote, content: ElementContent[], labels: Labels): Element {
  // The model is shared with the other writers: paragraphs that get a link are copies.
  const blocks = [...content];
  const firstIndex = blocks.findIndex((node) => node.type === 'element');
  const first = blocks[firstIndex] as Element | undefined;
  const number = element('a', { href: `#${note.referenceIds[0]}`, role: 'doc-backlink', className: ['note-number'] }, [text(`${note.number}.`)]);
  if (first?.tagName === 'p') blocks[firstIndex] = { ...first, children: [number, text(' '), ...first.children] };
  else blocks.unshift(element('p', {}, [number]));

  const extraBacklinks = note.referenceIds.slice(1).flatMap((referenceId, index) => [
    text(' '),
    element('a', { href: `#${referenceId}`, role: 'doc-backlink', ariaLabel: fillLabel(labels.backToCitation, { number: index + 2 }) }, [text(`↩\uFE0E${index + 2}`)]),
  ]);
  if (extraBacklinks.length > 0) {
    const lastIndex = blocks.findLastIndex((node) => node.type === 'element');
    const last = blocks[lastIndex] as Element | undefined;
    if (last?.tagName === 'p') blocks[lastIndex] = { ...last, children: [...last.children, ...extraBacklinks] };
    else blocks.push(element('p', {}, extraBacklinks.slice(1)));
  }
  return element('aside', { id: note.id, 'epub:type': 'footnote', role: 'doc-footnote', className: ['footnote'] }, blocks);
}
