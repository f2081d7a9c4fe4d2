import type { Element, ElementContent, Text } from 'hast';
import { text, textOf } from '../../model/hast.js';
import { isPhrasingTag, type PhrasingTag } from '../../model/vocabulary.js';
import type { LinkTarget, StructNode } from '../layout/types.js';
import type { Inline, InlineStyle, Origin, TextRun } from '../text/types.js';
import { footnoteMarker, isCitation } from './footnotes.js';
import type { State } from './state.js';

/** What inline content inherits from its parents. */
export interface InlineContext {
  style: InlineStyle;
  struct: StructNode;
  link?: LinkTarget;
  url?: boolean;
  hyphenate?: boolean;
}

export type InlineHandler = (node: Element, state: State, context: InlineContext, out: Inline[]) => void;
/** One handler for every phrasing element of the model's vocabulary; the compiler refuses a registry that forgets one. */
export type InlineHandlers = Record<PhrasingTag, InlineHandler>;

type SourcePoint = NonNullable<Text['position']>['start'];

/**
 * Where a node's text starts in the source, and whether it matches the source character for character.
 * Text the HTML parser merged (raw HTML beside Markdown) may know only one end of itself: hast-util-from-parse5
 * leaves out a point it does not know.
 */
export function originOf(node: { position?: Text['position'] }, value: string, state: State): Origin | undefined {
  const start = node.position?.start as SourcePoint | undefined;
  const end = node.position?.end as SourcePoint | undefined;
  if (!start) return undefined;
  const source = String(state.file.value ?? '');
  const exact = start.offset !== undefined && end?.offset !== undefined && source.slice(start.offset, end.offset) === value;
  return { start, exact };
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

/** Its content in a changed style. */
const styled =
  (change: (style: InlineStyle, state: State) => InlineStyle): InlineHandler =>
  (node, state, context, out) => {
    out.push(...phrasing(node.children, state, { ...context, style: change(context.style, state) }));
  };
const italic = styled((style) => ({ ...style, italic: !style.italic }));
const bold = styled((style) => ({ ...style, bold: true }));
const struck = styled((style) => ({ ...style, strike: true }));
const underlined = styled((style) => ({ ...style, underline: true }));
const smaller = styled((style) => ({ ...style, size: style.size * 0.85 }));
const raised = styled((style) => ({ ...style, size: style.size * 0.7, rise: (style.rise ?? 0) + style.size * 0.33 }));
const lowered = styled((style) => ({ ...style, size: style.size * 0.7, rise: (style.rise ?? 0) - style.size * 0.15 }));
const monospaced: InlineHandler = (node, state, context, out) => {
  const scale = state.theme.code.fontSize / state.theme.base.fontSize;
  const style: InlineStyle = { ...context.style, role: 'mono', italic: false, size: context.style.size * scale };
  out.push(...phrasing(node.children, state, { ...context, style, hyphenate: false }));
};
/** Its content as it is; a language of its own becomes a tagged span with that language. */
const plain: InlineHandler = (node, state, context, out) => {
  const lang = typeof node.properties.lang === 'string' ? node.properties.lang : undefined;
  const struct = lang ? state.struct('Span', { lang }, context.struct) : context.struct;
  out.push(...phrasing(node.children, state, { ...context, struct }));
};
const nothing: InlineHandler = () => {};
/**
 * Ruby: paper cannot set an annotation above its base, so it follows the base in brackets, as the
 * author's `<rp>` fallback shows it; without one, the brackets are added (明日(ashita), not 明日ashita).
 */
const ruby: InlineHandler = (node, state, context, out) => {
  const bracketed = node.children.some((child) => child.type === 'element' && child.tagName === 'rp');
  const children = bracketed
    ? node.children
    : node.children.flatMap((child): ElementContent[] => (child.type === 'element' && child.tagName === 'rt' ? [text('('), child, text(')')] : [child]));
  plain({ ...node, children }, state, context, out);
};

export const inlineHandlers: InlineHandlers = {
  a: (node, state, context, out) => linked(node, state, context, out),
  abbr: plain,
  b: bold,
  bdi: plain,
  bdo: plain,
  br: (_node, _state, _context, out) => {
    out.push({ kind: 'break' });
  },
  cite: italic,
  code: monospaced,
  del: struck,
  dfn: italic,
  em: italic,
  i: italic,
  img: (node, state, context, out) => inlineImage(node, state, context, out),
  // A task item's box is drawn as the item's label (see list.ts).
  input: nothing,
  ins: underlined,
  kbd: monospaced,
  mark: plain,
  q: (node, state, context, out) => {
    out.push(textRun('\u201C', context), ...phrasing(node.children, state, context), textRun('\u201D', context));
  },
  rp: plain,
  rt: smaller,
  ruby,
  s: struck,
  samp: monospaced,
  small: smaller,
  span: plain,
  strong: bold,
  sub: lowered,
  sup: (node, state, context, out) => {
    if (isCitation(node)) footnoteMarker(node, state, context, out);
    else raised(node, state, context, out);
  },
  time: plain,
  u: underlined,
  var: italic,
  wbr: nothing,
};

/** A picture inside running text: one em high (at most a third of the measure wide), or its alt text. */
function inlineImage(node: Element, state: State, context: InlineContext, out: Inline[]): void {
  const alt = String(node.properties.alt ?? '');
  const asset = state.document.pictures.get(String(node.properties.src));
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

/** An element's words as a reader hears them: its text, and the alt text of the pictures in it. */
function spokenText(node: Element): string {
  return node.children
    .map((child) => (child.type === 'text' ? child.value : child.type !== 'element' ? '' : child.tagName === 'img' ? String(child.properties.alt ?? '') : spokenText(child)))
    .join('');
}

/** A link of the model: `#id` goes to that element of this document, anything else is a web, mail or phone address. */
function linked(node: Element, state: State, context: InlineContext, out: Inline[]): void {
  state.anchor(node);
  const href = typeof node.properties.href === 'string' ? node.properties.href : undefined;
  if (href === undefined) {
    out.push(...phrasing(node.children, state, context));
    return;
  }
  const target: LinkTarget = href.startsWith('#') ? { kind: 'internal', name: state.destination(safeDecode(href.slice(1))) } : { kind: 'uri', uri: href };
  // The link's words as a reader hears them, for its /Alt and its annotation's /Contents (PDF/UA 7.18.5).
  const struct = state.struct('Link', { alt: spokenText(node).replace(/\s+/g, ' ').trim() }, context.struct);
  const style: InlineStyle = { ...context.style, color: state.theme.links.color };
  const words = textOf(node);
  const isUrlText = words === href || words === href.replace(/^mailto:/, '') || URLISH.test(words);
  out.push(...phrasing(node.children, state, { ...context, style, struct, link: target, ...(isUrlText ? { url: true, hyphenate: false } : {}) }));
  if (state.theme.links.printUrls && target.kind === 'uri' && !isUrlText) {
    const shown = href.replace(/^mailto:/, '');
    out.push(textRun(' (', context), textRun(shown, { ...context, style, struct, link: target, url: true, hyphenate: false }), textRun(')', context));
  }
}

/**
 * What an element is in the bidirectional paragraph, as HTML's style sheet for it says, written with
 * the characters that open and close it there: an element with `dir` and `<bdi>` are isolates (LRI, RLI,
 * or FSI when the direction is its first strong letter's, … PDI), `<bdo dir>` an isolated override
 * (LRI LRO … PDF PDI). A `<bdo>` without a direction of its own (`dir` is required on it) is an isolate.
 */
function isolation(node: Element): [string, string] | undefined {
  const dir = node.properties.dir;
  if (node.tagName === 'bdo' && (dir === 'ltr' || dir === 'rtl')) return dir === 'ltr' ? ['\u2066\u202D', '\u202C\u2069'] : ['\u2067\u202E', '\u202C\u2069'];
  if (dir === 'ltr') return ['\u2066', '\u2069'];
  if (dir === 'rtl') return ['\u2067', '\u2069'];
  return dir === 'auto' || node.tagName === 'bdi' || node.tagName === 'bdo' ? ['\u2068', '\u2069'] : undefined;
}

/** Runs for a list of phrasing nodes. */
export function phrasing(nodes: readonly ElementContent[], state: State, context: InlineContext): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const url = context.url || URLISH.test(node.value.trim());
      const run = textRun(node.value, url ? { ...context, url, hyphenate: false } : context, originOf(node, node.value, state));
      run.source = node;
      out.push(run);
    } else if (node.type === 'element') {
      if (!isPhrasingTag(node.tagName)) throw new Error(`<${node.tagName}> is not phrasing content of the document model`);
      if (node.tagName !== 'a') state.anchor(node);
      const isolate = isolation(node);
      if (isolate) out.push(textRun(isolate[0], context));
      inlineHandlers[node.tagName](node, state, context, out);
      if (isolate) out.push(textRun(isolate[1], context));
    }
  }
  return out;
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
