import type { ImageReference } from 'mdast';
import { text } from '../hast.js';
import { inlinePicture, pictureRequest } from './picture.js';
import type { NodeHandler } from './types.js';

export const imageReference: NodeHandler<ImageReference> = (node, _state, epub) => {
  const request = pictureRequest(node, epub);
  return request ? inlinePicture(request, epub, true) : text(node.alt ?? '');
};
