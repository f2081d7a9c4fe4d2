import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { remarkSmartPunctuation } from '../src/read/smart-punctuation.js';
import { realMarkdownFiles } from '../bench/corpus.mjs';
import { REPO_ROOT } from './helpers/cli.js';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
/** remark-smartypants 3.0.3 as the manuscript reader used it: the behaviour ours must match exactly. */
const oracle = unified().use(remarkSmartypants, { dashes: 'oldschool' });
const ours = unified().use(remarkSmartPunctuation);

/** Both trees, from one parse (parsing costs more than either plugin). */
function bothTrees(markdown: string): { expected: Root; actual: Root } {
  const tree = parser.runSync(parser.parse(markdown)) as Root;
  return { expected: oracle.runSync(structuredClone(tree)) as Root, actual: ours.runSync(tree) as Root };
}

function textValues(tree: Root): string[] {
  const values: string[] = [];
  const walk = (node: { type: string; value?: unknown; children?: unknown[] }) => {
    if (node.type === 'text') values.push(node.value as string);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(tree);
  return values;
}

function expectSameTree(markdown: string, label = markdown): void {
  const { expected, actual } = bothTrees(markdown);
  // The text values first, for a readable difference; then everything else.
  expect(textValues(actual), label).toEqual(textValues(expected));
  expect(JSON.stringify(actual) === JSON.stringify(expected), label).toBe(true);
}

const EDGE_CASES = [
  // Quotes whose context spans node boundaries.
  '"*word*" and \'*word*\' and "**bold**" and *"inside"*',
  '"[a link](https://example.com)" and "`code`" and `"code"` and "<b>html</b>"',
  'He said "no"\\\nthen "yes"  \nand "maybe"',
  '"Quote at the start of a paragraph.\n\n"And of the next one."',
  '# "Heading" quote\n\n| "a" | \'b\' |\n|---|---|\n| "c" | don\'t |',
  '- "item one"\n- \'item two\'\n\n> "quoted block"',
  'Note.[^1] "After the note."\n\n[^1]: "The note."',
  // Apostrophes, decades, nested quotes, sentence boundaries.
  "Don't, rock 'n' roll, the '80s and '90s, students' books, it's, 'tis, o'clock.",
  'He said, "\'Quoted\' words in a larger quote." "Go." "Now." "Hello," she said.',
  '"Go." she said. "Really?" \'Yes!\' "No..." (\'paren\') ["bracket"]',
  'U.S.A.\'s "e.g." etc. \'quoted\' cf. "x" 1.2. "y" w/o "z" &"amp" a/b/c "d"',
  '"1" \'2\' "3s" \'80s\' "A" \'B\' "a"b" \'a\'b\'',
  // Dashes, ellipses, backticks.
  'a--b a---b a----b a -- b a --- b pre- and post-war –- –-- –--- -- ---',
  'wait... wait.... wait . . . what . . . . end . . . -- skipped .. .. .. ok',
  'Hello. . . World. And... "so" ... on',
  "He said ``hi'' to me, ``and'' left",
  // Untouched: code, inline code, html.
  '```\n"code" -- ... \'x\'\n```\n\n`"inline" -- ...` <span title="a -- b">"x" -- y</span>',
  // Already curly, other scripts and symbols.
  '“already curly” ‘too’ 😀\'s é\'s "ʕ" ½\'s ²"',
];

describe('smart punctuation gives the tree remark-smartypants gives', () => {
  // retext-smartypants logs every node it drops (an en dash before a hyphen).
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('for targeted edge cases', () => {
    for (const markdown of EDGE_CASES) expectSameTree(markdown);
  });

  it('for the sample manuscript and the kitchen-sink fixture', () => {
    expectSameTree(fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md'), 'utf8'));
    expectSameTree(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'input.md'), 'utf8'));
  });

  it('for every README and changelog in node_modules (over 200 real documents)', () => {
    const files = realMarkdownFiles();
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) expectSameTree(fs.readFileSync(file, 'utf8'), file);
  });

  it('for random text of quotes, dashes, dots, letters and emphasis markers', () => {
    const piece = fc.constantFrom(
      ...['"', "'", '-', '--', '.', '...', ' ', '\n', '\n\n', 'a', 'Word', 'e.g.', '80s', 's', '1', '*', '_', '`', '``', "''", '–', '&', '/', ',', '?', '!', ')', '[l](u)', '<b>'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const markdown = pieces.join('');
        const { expected, actual } = bothTrees(markdown);
        expect(JSON.stringify(actual), JSON.stringify(markdown)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 1500 },
    );
  });
});
