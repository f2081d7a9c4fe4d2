import type { Element, ElementContent, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import { textOf } from './hast.js';

/**
 * Static SVG 1.1 drawing elements. Everything else goes: scripts, foreignObject (HTML inside a
 * picture), external images, animation, and editor-private elements such as sodipodi:namedview.
 */
const DRAWING_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use', 'switch',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'style',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG',
  'feFuncR', 'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight',
  'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
]);
/** Links inside a picture lead nowhere in a book; their drawing stays. */
const UNWRAPPED_ELEMENTS = new Set(['a']);
// CSS that loads something from outside the picture (a remote resource the book may not have).
const EXTERNAL_CSS = /@import|url\(\s*['"]?\s*(?!#)/i;

/**
 * Rewrites an SVG picture as well-formed XML holding only static drawing: no scripts, event
 * handlers, external references or foreign-namespace markup. Returns undefined when no `<svg>`
 * element can be found; `removed` lists each kind of thing taken out, once.
 */
export function sanitizeSvg(data: Buffer): { data: Buffer; removed: string[] } | undefined {
  const parsed = raw({ type: 'root', children: [{ type: 'raw', value: data.toString('utf8') }] }) as Root;
  const svg = findSvg(parsed.children);
  if (!svg) return undefined;
  const removed = new Set<string>();
  cleanElement(svg, (what) => removed.add(what));
  return { data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${toXml(toXast(svg, { space: 'svg' }))}\n`, 'utf8'), removed: [...removed] };
}

function findSvg(nodes: readonly (Root['children'][number] | ElementContent)[]): Element | undefined {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'svg') return node;
    const inner = findSvg(node.children);
    if (inner) return inner;
  }
  return undefined;
}

function cleanElement(element: Element, report: (removed: string) => void): void {
  for (const [name, value] of Object.entries(element.properties)) {
    const problem = attributeProblem(name, value);
    if (problem) {
      delete element.properties[name];
      report(problem);
    }
  }
  if (element.tagName === 'style' && EXTERNAL_CSS.test(textOf(element))) {
    element.children = [];
    report('a style sheet that loads outside resources');
  }
  const kept: ElementContent[] = [];
  for (const child of element.children) {
    if (child.type === 'comment') continue;
    if (child.type !== 'element') {
      kept.push(child);
      continue;
    }
    if (UNWRAPPED_ELEMENTS.has(child.tagName)) {
      report(`<${child.tagName}> links`);
      cleanElement(child, report);
      kept.push(...child.children);
    } else if (DRAWING_ELEMENTS.has(child.tagName)) {
      cleanElement(child, report);
      kept.push(child);
    } else {
      report(`<${child.tagName}> elements`);
    }
  }
  element.children = kept;
}

function attributeProblem(name: string, value: unknown): string | undefined {
  if (/^on/i.test(name)) return 'event handler attributes (scripts)';
  // hast names foreign-namespace attributes (inkscape:label, xmlns:sodipodi) with their prefix.
  if (name.includes(':')) return 'attributes from editor namespaces';
  if (/^data[A-Z]/.test(name)) return 'data- attributes';
  if ((name === 'href' || name === 'xLinkHref') && !String(value).startsWith('#')) return 'links to outside resources';
  if (name === 'style' && EXTERNAL_CSS.test(String(value))) return 'styles that load outside resources';
  return undefined;
}
