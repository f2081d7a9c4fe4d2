import type { Image } from 'mdast';
import { inlinePicture, pictureRequest } from './picture.js';
import type { NodeHandler } from './types.js';

/** A picture inside running text; one alone in its paragraph becomes a figure (see paragraph). */
export const image: NodeHandler<Image> = (node, _state, model) => inlinePicture(pictureRequest(node, model), model, true);
