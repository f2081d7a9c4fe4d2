import fs from 'node:fs';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildAbort, formatMessage } from '../src/core/diagnostics.js';
import { newManuscriptFile, readManuscript, type ReadOptions } from '../src/read/manuscript.js';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';

const FRONT = '---\ntitle: A\nreporter: B\npublished: 2023-04-21\nurl: https://news.example/politics/story\n---\n\n';

/** Every manuscript kept in the repository, where the build's reading is known to give messages of many kinds. */
function repositoryManuscripts(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) found.push(full);
    }
  };
  walk(path.join(REPO_ROOT, 'test', 'fixtures'));
  walk(path.join(REPO_ROOT, 'manuscript'));
  return found.sort();
}

function messagesOf(manuscriptPath: string, options: ReadOptions = {}): string[] {
  const file = newManuscriptFile(manuscriptPath);
  try {
    readManuscript(manuscriptPath, file, options);
  } catch (error) {
    if (!(error instanceof BuildAbort)) throw error;
  }
  return file.messages.map((message) => formatMessage(message));
}

function nodesOf(tree: Nodes, type: string): Nodes[] {
  const found = tree.type === type ? [tree] : [];
  return 'children' in tree ? [...found, ...tree.children.flatMap((child) => nodesOf(child, type))] : found;
}

describe('reading for problems only (pressroom check)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTemp();
  });
  afterAll(() => removeTemp(dir));

  const write = (body: string): string => {
    const manuscriptPath = path.join(dir, 'story.md');
    fs.writeFileSync(manuscriptPath, FRONT + body);
    return manuscriptPath;
  };

  it('gives every manuscript of the repository the messages the build’s reading gives', () => {
    const manuscripts = repositoryManuscripts();
    expect(manuscripts.length).toBeGreaterThan(10);
    for (const manuscriptPath of manuscripts) expect(messagesOf(manuscriptPath, { problemsOnly: true }), manuscriptPath).toEqual(messagesOf(manuscriptPath));
  });

  it('leaves out what reports nothing: curly quotes, links found in bare text, links made absolute', () => {
    // GFM finds `www.example.com` as it parses; the address inside `docs.www.example.com` only its transform finds.
    const manuscriptPath = write('"Quoted" at docs.www.example.com, see [the desk](../desk/).\n');
    const built = readManuscript(manuscriptPath, newManuscriptFile(manuscriptPath));
    const checked = readManuscript(manuscriptPath, newManuscriptFile(manuscriptPath), { problemsOnly: true });
    expect(nodesOf(built.tree, 'link').map((node) => (node as { url: string }).url)).toEqual(['http://www.example.com', 'https://news.example/desk/']);
    expect(nodesOf(checked.tree, 'link').map((node) => (node as { url: string }).url)).toEqual(['../desk/']);
    expect(nodesOf(built.tree, 'text')[0]).toMatchObject({ value: '“Quoted” at docs.' });
    expect(nodesOf(checked.tree, 'text')[0]).toMatchObject({ value: '"Quoted" at docs.www.example.com, see ' });
  });

  it('at the nesting limit, where a link found in bare text is one level too deep, reads as the build reads', () => {
    // 42 times a quote holding a list holding an item: the paragraph is 127 levels down, its text 128.
    const atLimit = '> - '.repeat(42);
    expect(messagesOf(write(`${atLimit}plain words\n`), { problemsOnly: true })).toEqual([]);
    const withLink = write(`${atLimit}see docs.www.example.com\n`);
    const built = messagesOf(withLink);
    expect(built).toEqual([expect.stringMatching(/error: the document is nested more than 128 levels deep/)]);
    expect(messagesOf(withLink, { problemsOnly: true })).toEqual(built);
  });
});
