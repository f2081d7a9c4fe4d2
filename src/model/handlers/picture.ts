import type { Element, ElementContent } from 'hast';
import type { Image, ImageReference } from 'mdast';
import { labelsFor } from '../../core/labels.js';
import { at, element, text } from '../hast.js';
import type { ModelState } from '../state.js';

/** A picture as the manuscript asks for it, whether written inline or by reference. */
interface PictureRequest {
  node: Image | ImageReference;
  url: string;
  alt: string | undefined;
  title: string | undefined;
}

export function pictureRequest(node: Image, state: ModelState): PictureRequest;
export function pictureRequest(node: Image | ImageReference, state: ModelState): PictureRequest | undefined;
export function pictureRequest(node: Image | ImageReference, state: ModelState): PictureRequest | undefined {
  const alt = node.alt?.trim() || undefined;
  if (node.type === 'image') return { node, url: node.url, alt, title: node.title?.trim() || undefined };
  const definition = state.definitions.get(node.identifier.toUpperCase());
  return definition ? { node, url: definition.url, alt, title: definition.title?.trim() || undefined } : undefined;
}

/**
 * The `<img>` for a picture inside running text, or its alt text when the picture cannot be
 * shown (remote, missing: the reader has already said why).
 */
export function inlinePicture(request: PictureRequest, state: ModelState, withTitle: boolean): ElementContent {
  const image = imageElement(request, state);
  if (!image) return at(request.node, text(request.alt ?? request.title ?? ''));
  if (withTitle && request.title) image.properties.title = request.title;
  return image;
}

/** A picture standing alone in its paragraph: a figure, its title as the caption. */
export function figurePicture(request: PictureRequest, state: ModelState): ElementContent {
  const image = imageElement(request, state);
  if (!image) return at(request.node, element('p', {}, [text(request.alt ?? request.title ?? '')]));
  const caption = request.title ? [at(request.node, element('figcaption', {}, [text(request.title)]))] : [];
  return at(request.node, element('figure', {}, [image, ...caption]));
}

/**
 * The model's `<img>`: `src` is the URL as the manuscript wrote it, the key of the model's
 * pictures; each writer turns it into its own reference (a file in the book, an image in the PDF).
 */
function imageElement(request: PictureRequest, state: ModelState): Element | undefined {
  const place = request.node.position?.start ?? { line: 1, column: 1 };
  const asset = state.pictures.take(request.url, place);
  if (!asset) return undefined;
  if (!request.alt) state.undescribedPictures++;
  return at(
    request.node,
    element('img', {
      src: request.url,
      // Stand-in description for a picture the author left undescribed (the reader has already warned).
      alt: request.alt ?? request.title ?? labelsFor(state.manuscript.article.lang).undescribedPicture,
      width: asset.width,
      height: asset.height,
    }),
  );
}
