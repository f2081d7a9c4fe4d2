import type { ElementContent } from 'hast';
import type { ImageAsset } from '../core/image.js';
import type { ResourceRegistry } from './resources.js';

/** Turns each `<img src>` of the model (a picture's key) into the file the book packs it as. */
export function packPicture(node: ElementContent, pictures: ReadonlyMap<string, ImageAsset>, resources: ResourceRegistry): ElementContent[] | undefined {
  if (node.type !== 'element' || node.tagName !== 'img') return undefined;
  const asset = pictures.get(String(node.properties.src));
  if (!asset) throw new Error(`the model's <img src="${String(node.properties.src)}"> names no picture of the model`);
  return [{ ...node, properties: { ...node.properties, src: resources.add(asset).href } }];
}
