import type { Element, ElementContent } from 'hast';
import type { ImageAsset } from '../core/image.js';
import type { ResourceRegistry } from './resources.js';

/**
 * The model's content with each `<img src>` (a picture's key in the model) pointing at the file
 * the book packs it as. The model is shared with the other writers, so it is copied along the
 * way to each picture rather than changed; everything else is shared as it is.
 */
export function packPictures(nodes: readonly ElementContent[], pictures: ReadonlyMap<string, ImageAsset>, resources: ResourceRegistry): ElementContent[] {
  let changed = false;
  const result = nodes.map((node) => {
    const packed = node.type === 'element' ? packElement(node, pictures, resources) : node;
    if (packed !== node) changed = true;
    return packed;
  });
  return changed ? result : (nodes as ElementContent[]);
}

function packElement(node: Element, pictures: ReadonlyMap<string, ImageAsset>, resources: ResourceRegistry): Element {
  if (node.tagName === 'img') {
    const asset = pictures.get(String(node.properties.src));
    if (!asset) throw new Error(`the model's <img src="${String(node.properties.src)}"> names no picture of the model`);
    return { ...node, properties: { ...node.properties, src: resources.add(asset).href } };
  }
  const children = packPictures(node.children, pictures, resources);
  return children === node.children ? node : { ...node, children };
}
