import type { ElementContent } from 'hast';
import type { ListItem, Parents } from 'mdast';
import { labelsFor, type Labels } from '../../core/labels.js';
import { at, element, text } from '../hast.js';
import type { NodeHandler } from './types.js';

/**
 * A list item; in a tight list its paragraphs lose their `<p>`, as in every Markdown renderer.
 * A task item starts with a disabled checkbox written the XHTML way (`checked=""`, self-closed)
 * and labelled, because a checkbox without a name is an accessibility error.
 */
export const listItem: NodeHandler<ListItem> = (node, state, model, parent) => {
  const loose = isLoose(node, parent);
  const blocks = state.all(node);
  if (typeof node.checked === 'boolean') addCheckbox(node, blocks, labelsFor(model.manuscript.article.lang));
  const children: ElementContent[] = [];
  blocks.forEach((block, index) => {
    const isParagraph = block.type === 'element' && block.tagName === 'p';
    if (loose || index > 0 || !isParagraph) children.push(text('\n'));
    if (isParagraph && !loose) children.push(...block.children);
    else children.push(block);
  });
  const last = blocks[blocks.length - 1];
  if (last && (loose || !(last.type === 'element' && last.tagName === 'p'))) children.push(text('\n'));
  const properties = typeof node.checked === 'boolean' ? { className: ['task-list-item'] } : {};
  return at(node, element('li', properties, children));
};

function addCheckbox(node: ListItem, blocks: ElementContent[], labels: Labels): void {
  const checkbox = at(
    node,
    element('input', { type: 'checkbox', disabled: true, checked: node.checked === true, ariaLabel: node.checked ? labels.taskDone : labels.taskNotDone }),
  );
  const head = blocks[0];
  if (head?.type === 'element' && head.tagName === 'p') {
    head.children.unshift(checkbox, text(' '));
  } else {
    blocks.unshift(element('p', {}, [checkbox]));
  }
}

function isLoose(node: ListItem, parent: Parents | undefined): boolean {
  if (parent?.type !== 'list') return itemIsLoose(node);
  return Boolean(parent.spread) || parent.children.some(itemIsLoose);
}

function itemIsLoose(item: ListItem): boolean {
  return item.spread ?? item.children.length > 1;
}
