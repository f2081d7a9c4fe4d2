import type { Element, ElementContent, Properties, Text } from 'hast';
import type { Node } from 'unist';

/** A hast element; the one way every module here builds markup. */
export function element(tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

export function text(value: string): Text {
  return { type: 'text', value };
}

/** The text an element holds, its descendants' included. */
export function textOf(element: Element): string {
  return element.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('');
}

/** Copies a source node's position so that later warnings about the output point into the manuscript. */
export function at<Type extends Node>(source: Node | undefined, node: Type): Type {
  if (source?.position) node.position = source.position;
  return node;
}
