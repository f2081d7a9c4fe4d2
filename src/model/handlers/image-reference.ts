import type { ImageReference } from 'mdast';
import { text } from '../hast.js';
import { inlinePicture, pictureRequest } from './picture.js';
import type { NodeHandler } from './types.js';

export const imageReference: NodeHandler<ImageReference> = (node, _state, model) => {
  const request = pictureRequest(node, model);
  return request ? inlinePicture(request, model, true) : text(node.alt ?? '');
};
