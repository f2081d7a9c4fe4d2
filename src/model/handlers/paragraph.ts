import type { Image, ImageReference, Paragraph } from 'mdast';
import { at, element } from '../hast.js';
import { figurePicture, pictureRequest } from './picture.js';
import type { NodeHandler } from './types.js';

export const paragraph: NodeHandler<Paragraph> = (node, state, model) => {
  const lone = lonePicture(node);
  const request = lone && pictureRequest(lone, model);
  if (request) return figurePicture(request, model);
  return at(node, element('p', {}, state.all(node)));
};

/** The picture when it is all the paragraph holds (a figure cannot sit inside a `<p>`). */
function lonePicture(node: Paragraph): Image | ImageReference | undefined {
  const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  const only = content.length === 1 ? content[0] : undefined;
  return only?.type === 'image' || only?.type === 'imageReference' ? only : undefined;
}
