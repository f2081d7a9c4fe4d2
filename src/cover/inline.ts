import path from 'node:path';

const PICTURE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' };
const REFERENCES = /(<image\b[^>]*?\s(?:xlink:)?href=")([^"]*)(")/g;

/**
 * An SVG cover with the pictures it draws put inside it as data: URLs (Pressroom's generated cover shows
 * the lead picture beside it), so that it can be drawn on its own, away from the book: the catalogue
 * makes its pictures from this. `read` gives a picture's bytes from the href as written (relative to
 * the SVG); any other reference, and any picture `read` does not have, is dropped, so that drawing it
 * never reads a file or the network. The same SVG and pictures always give the same bytes.
 */
export async function withPicturesInlined(svg: Buffer, read: (href: string) => Promise<Buffer | undefined>): Promise<Buffer> {
  const text = svg.toString('utf8');
  const inlined = new Map<string, string>();
  for (const [, , href] of text.matchAll(REFERENCES)) {
    if (inlined.has(href!) || href!.startsWith('data:')) continue;
    const type = PICTURE_TYPES[path.posix.extname(href!.split('#')[0]!).slice(1).toLowerCase()];
    const local = type !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(href!) && !href!.startsWith('/');
    const picture = local ? await read(href!).catch(() => undefined) : undefined;
    inlined.set(href!, picture ? `data:${type};base64,${picture.toString('base64')}` : '');
  }
  return Buffer.from(
    text.replace(REFERENCES, (_whole, before: string, href: string, after: string) => `${before}${href.startsWith('data:') ? href : inlined.get(href)}${after}`),
    'utf8',
  );
}
