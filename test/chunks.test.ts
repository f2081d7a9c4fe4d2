import fs from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseInChunks, splitIntoChunks } from '../src/read/chunks.js';
import { remarkSmartPunctuation } from '../src/read/smart-punctuation.js';
import { realMarkdownFiles } from '../bench/corpus.mjs';
import { REPO_ROOT } from './helpers/cli.js';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkSmartPunctuation);
const parseWhole = (text: string) => parser.runSync(parser.parse(text)) as Root;

/** Tiny chunks cut at every possible place, so that every boundary rule is exercised. */
function expectSameTree(text: string, size = 16): void {
  expect(splitIntoChunks(text, size).map((chunk) => chunk.text).join('')).toBe(text);
  expect(parseInChunks(text, parseWhole, size)).toEqual(parseWhole(text));
}

const TRICKY = `---
title: A
---

Intro with a [reference link][far] and a note.[^far-note] And [shortcut] too.

\`\`\`js
const a = 1;

const b = 2;
\`\`\`

<!-- a comment

that spans blank lines -->

<pre>
preformatted

still preformatted
</pre>

- loose item one

- loose item two

- loose item three

1. ordered

2. ordered again

* other bullet

Setext heading
==============

| a | b |
|---|---|
| 1 | 2 |

---

> quote

> another quote

    indented code

    more indented code

Last paragraph.

[far]: https://example.com/far "Far away"
[shortcut]: https://example.com/short
[^far-note]: The note, defined at the end.

    With a second paragraph.
`;

describe('chunked parsing gives the tree a single parse gives', () => {
  it('for constructs that span blank lines, lists cut between items, and far definitions', () => {
    expectSameTree(TRICKY);
  });

  it('for a paragraph line that begins like a definition, and definitions whose address is on the next line', () => {
    const text = `Levels follow\n[RFC5424]: *severity is ordered*; see [the mask].\n\n${'Filler paragraph.\n\n'.repeat(8)}[the mask]:\n  https://example.com/mask\n[RFC5424]: https://tools.ietf.org/html/rfc5424\n`;
    expectSameTree(text);
    expect(JSON.stringify(parseWhole(text).children[0])).toContain('"type":"linkReference"');
  });

  it('for the kitchen-sink fixture and the sample', () => {
    expectSameTree(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'input.md'), 'utf8'));
    expectSameTree(fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md'), 'utf8'));
  });

  it('for every README and changelog in node_modules (over 200 real documents)', () => {
    const files = realMarkdownFiles().filter((file) => fs.statSync(file).size < 80_000);
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
      expect(JSON.stringify(parseInChunks(text, parseWhole, 128)), file).toBe(JSON.stringify(parseWhole(text)));
    }
  });

  it('keeps an unclosed front matter and an unclosed fence whole', () => {
    expect(splitIntoChunks('---\ntitle: x\n\nbody\n\nmore body\n', 4)).toHaveLength(1);
    expectSameTree('Text\n\n```\ncode\n\nstill code, never closed\n\nAnd [x] here\n\n[x]: https://example.com\n', 4);
  });
});
