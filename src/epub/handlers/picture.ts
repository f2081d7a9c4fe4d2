import type { Element, ElementContent } from 'hast';
import type { Image, ImageReference } from 'mdast';
import { labelsFor } from '../../core/labels.js';
import { at, element, text } from '../hast.js';
import type { EpubState } from '../state.js';

/** A picture as the manuscript asks for it, whether written inline or by reference. */
interface PictureRequest {
  node: Image | ImageReference;
  url: string;
  alt: string | undefined;
  title: string | undefined;
}

export function pictureRequest(node: Image, epub: EpubState): PictureRequest;
export function pictureRequest(node: Image | ImageReference, epub: EpubState): PictureRequest | undefined;
export function pictureRequest(node: Image | ImageReference, epub: EpubState): PictureRequest | undefined {
  const alt = node.alt?.trim() || undefined;
  if (node.type === 'image') return { node, url: node.url, alt, title: node.title?.trim() || undefined };
  const definition = epub.definitions.get(node.identifier.toUpperCase());
  return definition ? { node, url: definition.url, alt, title: definition.title?.trim() || undefined } : undefined;
}

/**
 * The `<img>` for a picture inside running text, or its alt text when the picture is not in
 * the book (remote, missing: the reader has already said why).
 */
export function inlinePicture(request: PictureRequest, epub: EpubState, withTitle: boolean): ElementContent {
  const image = imageElement(request, epub);
  if (!image) return at(request.node, text(request.alt ?? request.title ?? ''));
  if (withTitle && request.title) image.properties.title = request.title;
  return image;
}

/** A picture standing alone in its paragraph: a figure, its title as the caption. */
export function figurePicture(request: PictureRequest, epub: EpubState): ElementContent {
  const image = imageElement(request, epub);
  if (!image) return at(request.node, element('p', {}, [text(request.alt ?? request.title ?? '')]));
  const caption = request.title ? [at(request.node, element('figcaption', {}, [text(request.title)]))] : [];
  return at(request.node, element('figure', {}, [image, ...caption]));
}

function imageElement(request: PictureRequest, epub: EpubState): Element | undefined {
  const place = request.node.position?.start ?? { line: 1, column: 1 };
  const asset = epub.manuscript.images.get(request.url);
  if (!asset) return undefined;
  const resource = epub.resources.add(asset, place);
  if (!resource) return undefined;
  if (!request.alt) epub.undescribedImages++;
  return at(
    request.node,
    element('img', {
      src: resource.href,
      // Stand-in description for a picture the author left undescribed (the reader has already warned).
      alt: request.alt ?? request.title ?? labelsFor(epub.manuscript.article.lang).undescribedPicture,
      width: resource.width,
      height: resource.height,
    }),
  );
}
