import type { Html, Nodes, RootContent } from 'mdast';

/** Chooses the runs of top-level blocks the HTML parser must see, as `[start, end)` index ranges. */
export type IslandFinder = (blocks: readonly RootContent[]) => [start: number, end: number][];

/**
 * Which top-level blocks of a manuscript the HTML parser must see. Raw HTML is parsed together
 * with the Markdown around it, since a tag opened in one block may close blocks later; but a run
 * of blocks whose raw HTML opens and closes every element it starts, properly nested, leaves the
 * parser as it found it, so the blocks after it need no parsing at all (Pressroom's own markup is
 * valid as made). Anything this check cannot vouch for (a tag left open, a stray end tag, an
 * unterminated comment, script-like or foreign content) sends every later block to the parser,
 * which is what parsing the whole manuscript would have done.
 *
 * Returns `[start, end)` ranges of indexes into `blocks`.
 */
export const htmlIslands: IslandFinder = (blocks) => {
  const islands: [number, number][] = [];
  let start = -1;
  let tags = new TagBalance();
  blocks.forEach((block, index) => {
    const html = rawHtmlIn(block);
    if (start === -1) {
      if (html.length === 0) return;
      start = index;
      tags = new TagBalance();
    }
    for (const node of html) tags.feed(node.value);
    if (tags.isSettled()) {
      islands.push([start, index + 1]);
      start = -1;
    }
  });
  if (start !== -1) islands.push([start, blocks.length]);
  return islands;
};

function rawHtmlIn(node: Nodes): Html[] {
  if (node.type === 'html') return [node];
  if (!('children' in node)) return [];
  return node.children.flatMap((child) => rawHtmlIn(child));
}

// Elements that never have content or an end tag.
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Elements whose content is text up to their end tag.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
// Elements that change how everything after them parses: never vouched for.
const UNSETTLING = new Set(['plaintext', 'html', 'head', 'body', 'frameset', 'svg', 'math']);
const START_TAG_NAME = /^<([a-zA-Z][^\s/>]*)/;
const END_TAG = /^<\/([a-zA-Z][^\s/>]*)\s*>/;

/** Follows the open elements of raw HTML, tag by tag, as long as it is simple enough to be sure of. */
class TagBalance {
  private readonly open: string[] = [];
  private unsure = false;

  isSettled(): boolean {
    return !this.unsure && this.open.length === 0;
  }

  feed(html: string): void {
    let index = html.indexOf('<');
    while (index !== -1 && !this.unsure) {
      const next = this.tag(html, index);
      if (next === undefined) {
        this.unsure = true;
        return;
      }
      index = html.indexOf('<', next);
    }
  }

  /** Reads the markup at `at` (a `<`); returns where it ends, or undefined when unsure. */
  private tag(html: string, at: number): number | undefined {
    const rest = html.slice(at, at + 2);
    if (html.startsWith('<!--', at)) {
      if (html.startsWith('<!-->', at)) return at + 5;
      if (html.startsWith('<!--->', at)) return at + 6;
      const end = html.indexOf('-->', at + 4);
      return end === -1 ? undefined : end + 3;
    }
    if (rest === '<!' || rest === '<?') {
      const end = html.indexOf('>', at);
      return end === -1 ? undefined : end + 1;
    }
    if (rest === '</') {
      const match = END_TAG.exec(html.slice(at));
      if (!match) return undefined;
      const name = match[1]!.toLowerCase();
      // An end tag for nothing open is dropped by the parser (`</p>`, `</br>` make an empty element): no change.
      if (!this.open.includes(name)) return at + match[0].length;
      // One that closes more than the innermost element: the parser may have kept others open.
      if (this.open[this.open.length - 1] !== name) return undefined;
      this.open.pop();
      return at + match[0].length;
    }
    const name = START_TAG_NAME.exec(html.slice(at, at + 64))?.[1]?.toLowerCase();
    // `<` before anything but a letter is text.
    if (!name) return at + 1;
    if (UNSETTLING.has(name)) return undefined;
    const end = endOfStartTag(html, at + 1 + name.length);
    if (end === undefined) return undefined;
    if (VOID.has(name)) return end;
    if (RAW_TEXT.has(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, end);
      if (close === -1) return undefined;
      const closeEnd = html.indexOf('>', close);
      return closeEnd === -1 ? undefined : closeEnd + 1;
    }
    // HTML ignores `/>` on an element that is not void: it stays open.
    this.open.push(name);
    return end;
  }
}

/**
 * Where a start tag ends, read as the HTML tokenizer reads attributes (a quoted value may hold
 * `>`); undefined when the tag does not end.
 */
function endOfStartTag(html: string, from: number): number | undefined {
  let index = from;
  const space = () => {
    while (index < html.length && /[\t\n\f\r /]/.test(html[index]!)) index++;
  };
  for (;;) {
    space();
    if (index >= html.length) return undefined;
    if (html[index] === '>') return index + 1;
    // An attribute name: up to a space, `/`, `>` or `=` (a leading `=` belongs to the name).
    index++;
    while (index < html.length && !/[\t\n\f\r />=]/.test(html[index]!)) index++;
    while (index < html.length && /[\t\n\f\r ]/.test(html[index]!)) index++;
    if (html[index] !== '=') continue;
    index++;
    while (index < html.length && /[\t\n\f\r ]/.test(html[index]!)) index++;
    const quote = html[index];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, index + 1);
      if (close === -1) return undefined;
      index = close + 1;
    } else {
      while (index < html.length && !/[\t\n\f\r >]/.test(html[index]!)) index++;
    }
  }
}
