import type { Nodes, Root, Text } from 'mdast';
import { isMark, joinText, parseParagraph, textOf, type Leaf, type ParagraphContent, type SentenceContent } from './latin-sentences.js';
import { WHITE_SPACE } from './latin-characters.js';

/**
 * Curly quotes and apostrophes, en and em dashes (`--`, `---`) and ellipses, giving exactly the
 * tree remark-smartypants 3.0.3 with `{ dashes: 'oldschool' }` gives, quirks included, at a
 * fraction of its cost: it had retext build a natural-language tree of every text node.
 *
 * Like remark-smartypants, quotes are decided on the text of the whole tree at once, so that a
 * quote outside emphasis or a link pairs with the words inside: every text node's text, inline
 * code as that many letters `A`, and one space before each paragraph, heading and table cell (so a
 * quote starting one is an opening quote). Dashes, ellipses, and quotes written as two backticks
 * and two apostrophes, are then done in each text node on its own.
 */
export function remarkSmartPunctuation(): (tree: Root) => void {
  return (tree) => {
    const texts: Text[] = [];
    const starts: number[] = [];
    let whole = '';
    const collect = (parent: Nodes): void => {
      if (!('children' in parent)) return;
      for (const node of parent.children) {
        if (node.type === 'text') {
          texts.push(node);
          starts.push(whole.length);
          whole += node.value;
        } else if (node.type === 'inlineCode') {
          whole += 'A'.repeat(node.value.length);
        } else if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
          whole += ' ';
        }
        collect(node);
      }
    };
    collect(tree);
    const curled = whole.includes('"') || whole.includes("'") ? curlQuotes(whole) : whole;
    texts.forEach((text, index) => {
      const start = starts[index]!;
      const value = curled.slice(start, start + text.value.length);
      text.value = MAY_HAVE_DASHES_ELLIPSES_OR_BACKTICKS.test(value) ? replaceDashesEllipsesAndBackticks(value) : value;
    });
  };
}

const OPENING = { '"': '“', "'": '‘' } as const;
const CLOSING = { '"': '”', "'": '’' } as const;

/** Every straight quote becomes a curly one of the same length, so text nodes keep their place in the result. */
function curlQuotes(text: string): string {
  const paragraph = parseParagraph(text);
  visitMarks(paragraph, curlQuote);
  return joinText(paragraph);
}

/** retext-smartypants' `quotesDefault`, rule for rule. */
function curlQuote(node: Leaf, index: number, siblings: SentenceContent[]): void {
  const quote = node.value;
  if (quote !== '"' && quote !== "'") return;
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  const nextNext = siblings[index + 2];
  const nextValue = next ? textOf(next) : '';
  if (isMark(next) && nextNext?.type !== 'word') {
    // A quote before punctuation that no word follows: `"Go",` or `'?`.
    node.value = CLOSING[quote];
  } else if (isMark(next) && (nextValue === '"' || nextValue === "'")) {
    // Nested quotes opening together: `"'Quoted' words"`.
    node.value = OPENING[quote];
    next.value = OPENING[nextValue];
  } else if (next && /^\d\ds$/.test(nextValue)) {
    // Decades: `the '80s`.
    node.value = CLOSING[quote];
  } else if ((previous?.type === 'whiteSpace' || isMark(previous)) && next?.type === 'word') {
    node.value = OPENING[quote];
  } else if (previous && previous.type !== 'whiteSpace' && !isMark(previous)) {
    node.value = CLOSING[quote];
  } else if (!next || next.type === 'whiteSpace' || (quote === "'" && nextValue === 's')) {
    node.value = CLOSING[quote];
  } else {
    node.value = OPENING[quote];
  }
}

/**
 * Only text holding one of these can change (dashes; spaced or unspaced dots; a backtick or
 * apostrophe pair; an en dash before a hyphen); most text nodes are returned as they are.
 */
const MAY_HAVE_DASHES_ELLIPSES_OR_BACKTICKS = new RegExp(`--|–-|\`\`|''|\\.${WHITE_SPACE.source}*\\.${WHITE_SPACE.source}*\\.`);

function replaceDashesEllipsesAndBackticks(text: string): string {
  const paragraph = parseParagraph(text);
  visitMarks(paragraph, replaceDashEllipsisOrBackticks);
  return joinText(paragraph);
}

/** retext-smartypants' `ellipsesDefault`, `backticksDefault` and `dashesOldschool`, in that order; true drops the node. */
function replaceDashEllipsisOrBackticks(node: Leaf, index: number, siblings: SentenceContent[]): boolean {
  joinSpacedEllipsis(node, index, siblings);
  if (/^\.{3,}$/.test(node.value)) node.value = '…';
  if (node.value === '``') node.value = '“';
  else if (node.value === "''") node.value = '”';
  // An en dash and the hyphen after it make one em dash. `index` is from before a spaced
  // ellipsis was joined, as in retext-smartypants.
  const next = siblings[index + 1];
  if (node.value === '–' && next?.type === 'punctuation' && next.value === '-') {
    next.value = '—';
    return true;
  }
  if (node.value === '---') node.value = '—';
  else if (node.value === '--') node.value = '–';
  return false;
}

/**
 * `. . .` (runs of dots, single white space between) becomes one `…` in place of the last run.
 * The loop never looks at the first sibling as white space, and the walk goes on from the index
 * the last run had, so it steps over as many nodes as were removed: both are retext-smartypants'
 * behaviour, kept.
 */
function joinSpacedEllipsis(node: Leaf, index: number, siblings: SentenceContent[]): void {
  if (!/^\.+$/.test(node.value)) return;
  let position = index;
  let removed = 0;
  while (--position > 0) {
    if (siblings[position]!.type !== 'whiteSpace') break;
    const dots = siblings[--position];
    if (!isMark(dots) || !/^\.+$/.test(dots.value)) break;
    removed += 2;
  }
  if (removed < 4) return;
  siblings.splice(index - removed, removed);
  node.value = '…';
}

/**
 * unist-util-visit's walk as retext-smartypants used it: every punctuation or symbol node (they sit
 * in sentences and words), in text order, given its index among its siblings; a `true` result
 * removes the node and the walk goes on at the same index. Nodes removed before the current one
 * shift the rest under the walk.
 */
function visitMarks(
  nodes: (ParagraphContent | SentenceContent)[],
  visit: (node: Leaf, index: number, siblings: SentenceContent[]) => boolean | void,
): void {
  let index = 0;
  while (index < nodes.length) {
    const node = nodes[index]!;
    if (isMark(node)) {
      if (visit(node, index, nodes as SentenceContent[]) === true) {
        nodes.splice(index, 1);
        continue;
      }
    } else if ('children' in node) {
      visitMarks(node.children, visit);
    }
    index++;
  }
}
