import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { reportError } from '../core/diagnostics.js';

/** Far beyond any real article (the longest novels are ~4 MB of text), far below what exhausts memory. */
export const MAX_MANUSCRIPT_BYTES = 16 * 1024 * 1024;
/** Block quotes and lists nested deeper than this are not writing, they are an attack or an accident. */
export const MAX_NESTING = 64;
/** Longer runs of one markup character make the Markdown parser's matching quadratic. */
const MAX_MARKER_RUN = 64;
const MARKER_RUN = new RegExp(`([*_~\\[\\]])\\1{${MAX_MARKER_RUN},}`);
const MAX_INDENT_COLUMNS = MAX_NESTING * 4;

/**
 * Refuses input whose shape would make parsing or rendering take unbounded time or stack,
 * before the parser sees it; each refusal names the line.
 */
export function checkSourceLimits(file: VFile, text: string, byteLength: number): void {
  if (byteLength > MAX_MANUSCRIPT_BYTES) {
    reportError(
      file,
      `the manuscript is ${(byteLength / 1024 / 1024).toFixed(1)} MB, over the ${MAX_MANUSCRIPT_BYTES / 1024 / 1024} MB limit; split it into several articles`,
      { line: 1, column: 1 },
      'limit-size',
    );
    return;
  }
  let line = 1;
  for (const content of text.split('\n')) {
    const problem = lineProblem(content);
    if (problem) {
      reportError(file, problem.reason, { line, column: problem.column }, 'limit-nesting');
      return;
    }
    line++;
  }
}

function lineProblem(content: string): { reason: string; column: number } | undefined {
  let quoteDepth = 0;
  let columns = 0;
  let index = 0;
  for (; index < content.length; index++) {
    const character = content[index];
    if (character === '>') quoteDepth++;
    else if (character === ' ') columns++;
    else if (character === '\t') columns += 4;
    else break;
  }
  if (quoteDepth > MAX_NESTING) {
    return { reason: `block quotes nested ${quoteDepth} deep; Pressroom allows at most ${MAX_NESTING} levels`, column: 1 };
  }
  if (columns > MAX_INDENT_COLUMNS) {
    return {
      reason: `this line is indented ${columns} columns, nesting lists deeper than the ${MAX_NESTING} levels Pressroom allows`,
      column: 1,
    };
  }
  if (/^\s*([-*_=~`])(\s*\1)*\s*$/.test(content)) return undefined; // rules, setext underlines, fences
  const run = MARKER_RUN.exec(content);
  if (run) {
    return {
      reason: `a run of ${run[0].length} "${run[1]}" characters; Markdown needs at most 3 — escape them as \\${run[1]} if they are meant literally`,
      column: run.index + 1,
    };
  }
  return undefined;
}

/** Checks the parsed tree's depth without recursion, so that the check itself cannot overflow the stack. */
export function checkTreeDepth(file: VFile, tree: Root): void {
  const deep = nodeBelow(tree, MAX_NESTING * 2);
  if (!deep) return;
  reportError(
    file,
    `the document is nested more than ${MAX_NESTING * 2} levels deep here (quotes, lists, emphasis or links inside each other); flatten it`,
    deep.position?.start ?? { line: 1, column: 1 },
    'limit-nesting',
  );
}

/** Whether any node of the tree lies `depth` levels or more below its root. */
export function reachesDepth(tree: Root, depth: number): boolean {
  return nodeBelow(tree, depth - 1) !== undefined;
}

interface TreeNode {
  children?: unknown[];
  position?: { start: { line: number; column: number } };
}

/** The first node found (last children first) more than `depth` levels below the root; undefined when there is none. */
function nodeBelow(tree: Root, depth: number): TreeNode | undefined {
  const stack: { node: TreeNode; depth: number }[] = [{ node: tree, depth: 0 }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.depth > depth) return current.node;
    for (const child of current.node.children ?? []) stack.push({ node: child as TreeNode, depth: current.depth + 1 });
  }
  return undefined;
}
