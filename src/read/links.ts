import type { Nodes, Root } from 'mdast';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Makes the body's relative links absolute against the article's own web address (front matter
 * `url`), as a browser would on the article's page: `/politics/` and `../story` then work in the
 * EPUB and the PDF. Anchors (`#…`) and addresses with a scheme stay as written, and so do pictures,
 * which are files beside the manuscript: of the definitions, only those a link refers to change.
 */
export function resolveRelativeLinks(tree: Root, base: string): void {
  const linked = new Set<string>();
  const links: { url: string }[] = [];
  const definitions: { identifier: string; url: string }[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'link') links.push(node);
    else if (node.type === 'linkReference') linked.add(node.identifier);
    else if (node.type === 'definition') definitions.push(node);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  for (const target of [...links, ...definitions.filter((definition) => linked.has(definition.identifier))]) target.url = absolute(target.url, base);
}

function absolute(url: string, base: string): string {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#') || SCHEME.test(trimmed)) return url;
  return URL.canParse(trimmed, base) ? new URL(trimmed, base).href : url;
}
