import type { PhrasingContent, Text } from 'mdast';
import type { LinkTarget, StructNode } from '../layout/types.js';
import type { Inline, InlineStyle, Origin, TextRun } from '../text/types.js';
import { footnoteMarker } from './footnotes.js';
import { htmlToText } from './html.js';
import type { State } from './state.js';

/** What inline content inherits from its parents. */
export interface InlineContext {
  style: InlineStyle;
  struct: StructNode;
  link?: LinkTarget;
  url?: boolean;
  hyphenate?: boolean;
}

export type InlineHandler<T extends PhrasingContent> = (node: T, state: State, context: InlineContext, out: Inline[]) => void;
export type InlineHandlers = { [K in PhrasingContent['type']]?: InlineHandler<Extract<PhrasingContent, { type: K }>> };

/** Where a node's text starts in the source, and whether it matches the source character for character. */
export function originOf(node: { position?: Text['position'] }, value: string, state: State): Origin | undefined {
  const position = node.position;
  if (!position) return undefined;
  const source = String(state.file.value ?? '');
  const exact = position.start.offset !== undefined && position.end.offset !== undefined && source.slice(position.start.offset, position.end.offset) === value;
  return { start: position.start, exact };
}

export function textRun(text: string, context: InlineContext, origin?: Origin): TextRun {
  const run: TextRun = { kind: 'text', text, style: context.style, struct: context.struct };
  if (context.link) run.link = context.link;
  if (context.url) run.url = true;
  if (context.hyphenate === false) run.hyphenate = false;
  if (origin) run.origin = origin;
  return run;
}

const URLISH = /^(https?:\/\/|ftp:\/\/|www\.|mailto:)\S+$/i;

export const inlineHandlers: InlineHandlers = {
  text(node, state, context, out) {
    const url = context.url || URLISH.test(node.value.trim());
    out.push(textRun(node.value, url ? { ...context, url, hyphenate: false } : context, originOf(node, node.value, state)));
  },
  emphasis(node, state, context, out) {
    out.push(...phrasing(node.children, state, { ...context, style: { ...context.style, italic: !context.style.italic } }));
  },
  strong(node, state, context, out) {
    out.push(...phrasing(node.children, state, { ...context, style: { ...context.style, bold: true } }));
  },
  delete(node, state, context, out) {
    out.push(...phrasing(node.children, state, { ...context, style: { ...context.style, strike: true } }));
  },
  inlineCode(node, state, context, out) {
    const scale = state.theme.code.fontSize / state.theme.base.fontSize;
    const style: InlineStyle = { ...context.style, role: 'mono', italic: false, size: context.style.size * scale };
    out.push(textRun(node.value, { ...context, style, hyphenate: false }, originOf(node, node.value, state)));
  },
  break(_node, _state, _context, out) {
    out.push({ kind: 'break' });
  },
  link(node, state, context, out) {
    linked(node.url, node.children, node, state, context, out);
  },
  linkReference(node, state, context, out) {
    const definition = state.definitions.get(node.identifier.toLowerCase());
    if (!definition) {
      out.push(...phrasing(node.children, state, context));
      return;
    }
    linked(definition.url, node.children, node, state, context, out);
  },
  image(node, state, context, out) {
    inlineImage(node.url, node.alt ?? '', node, state, context, out);
  },
  imageReference(node, state, context, out) {
    inlineImage(state.definitions.get(node.identifier.toLowerCase())?.url ?? '', node.alt ?? '', node, state, context, out);
  },
  footnoteReference(node, state, context, out) {
    footnoteMarker(node, state, context, out);
  },
  html(node, _state, context, out) {
    for (const piece of htmlToText(node.value)) {
      if (piece === '\n') out.push({ kind: 'break' });
      else out.push(textRun(piece, context));
    }
  },
};

/** A picture inside running text: one em high (at most a third of the measure wide), or its alt text. */
function inlineImage(url: string, alt: string, node: PhrasingContent, state: State, context: InlineContext, out: Inline[]): void {
  const asset = state.manuscript.images.get(url);
  const image = asset ? state.images.get(asset) : undefined;
  if (!image) {
    if (alt) out.push(textRun(`[${alt}]`, { ...context, style: { ...context.style, italic: !context.style.italic } }));
    return;
  }
  let height = context.style.size;
  let width = (height * image.width) / image.height;
  const widest = state.measure / 3;
  if (width > widest) {
    height = (height * widest) / width;
    width = widest;
  }
  const struct = alt ? state.struct('Figure', { alt }, context.struct) : state.struct('Span', {}, context.struct);
  out.push({ kind: 'image', image, width, height, alt, struct, ...(node.position ? { place: node.position.start } : {}) });
}

/** Schemes a reader can follow from a PDF; anything else (javascript:, file:, relative paths) prints as plain text. */
const FOLLOWABLE = /^(https?|mailto|ftp|tel|news):/i;
/** An address without a scheme: a path, which the front matter's `url` would resolve. */
const RELATIVE = /^(?![a-z][a-z0-9+.-]*:)/i;

function linked(url: string, children: PhrasingContent[], node: PhrasingContent, state: State, context: InlineContext, out: Inline[]): void {
  let target: LinkTarget | undefined;
  if (url.startsWith('#')) {
    let name = url.slice(1);
    try {
      name = decodeURIComponent(name);
    } catch {
      // Keep it as written.
    }
    if (state.anchors.has(name)) target = { kind: 'internal', name };
    else {
      state.warn(`link to "${url}" goes to no heading of this article; it prints as plain text`, node.position?.start, 'pdf-link');
    }
  } else if (FOLLOWABLE.test(url.trim())) {
    target = { kind: 'uri', uri: url.trim() };
  } else if (url.trim() !== '') {
    const hint = RELATIVE.test(url.trim()) ? " (a relative link on the article's web page? give its address as `url:` in the front matter)" : '';
    state.warn(`link to "${url}" cannot be followed from a PDF (only web and mail addresses can); it prints as plain text${hint}`, node.position?.start, 'pdf-link');
  }
  if (!target) {
    out.push(...phrasing(children, state, context));
    return;
  }
  const struct = state.struct('Link', {}, context.struct);
  const style: InlineStyle = { ...context.style, color: state.theme.links.color };
  const text = children.map((child) => ('value' in child ? child.value : '')).join('');
  const isUrlText = text === url || text === url.replace(/^mailto:/, '') || URLISH.test(text);
  out.push(...phrasing(children, state, { ...context, style, struct, link: target, ...(isUrlText ? { url: true, hyphenate: false } : {}) }));
  if (state.theme.links.printUrls && target.kind === 'uri' && !isUrlText) {
    const shown = url.replace(/^mailto:/, '');
    out.push(textRun(' (', context), textRun(shown, { ...context, style, struct, link: target, url: true, hyphenate: false }), textRun(')', context));
  }
}

/** Runs for a list of phrasing nodes; unknown kinds give their text. */
export function phrasing(nodes: readonly PhrasingContent[], state: State, context: InlineContext): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    const handler = inlineHandlers[node.type] as InlineHandler<PhrasingContent> | undefined;
    if (handler) handler(node, state, context, out);
    else if ('value' in node && typeof node.value === 'string') out.push(textRun(node.value, context));
    else if ('children' in node) out.push(...phrasing(node.children as PhrasingContent[], state, context));
  }
  return out;
}
