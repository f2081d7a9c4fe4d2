import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manuscript } from '../src/core/article.js';
import { splitIntoChunks } from '../src/read/chunks.js';
import { newManuscriptFile, readManuscript, readManuscriptInHalves, type HalfExchange } from '../src/read/manuscript.js';
import { writeLongManuscript } from '../bench/corpus.mjs';
import { makeTemp } from './helpers/cli.js';

/** Two exchanges wired to each other, as two threads' ports are. */
function linkedExchanges(): [HalfExchange, HalfExchange] {
  let toFirst!: (half: string) => void;
  let toSecond!: (half: string) => void;
  const forFirst = new Promise<string>((resolve) => (toFirst = resolve));
  const forSecond = new Promise<string>((resolve) => (toSecond = resolve));
  return [
    (mine) => {
      toSecond(mine);
      return forFirst;
    },
    (mine) => {
      toFirst(mine);
      return forSecond;
    },
  ];
}

async function readBothHalves(file: string): Promise<[Manuscript, Manuscript]> {
  const [first, second] = linkedExchanges();
  return Promise.all([
    readManuscriptInHalves(file, newManuscriptFile(file), 0, first),
    readManuscriptInHalves(file, newManuscriptFile(file), 1, second),
  ]);
}

function expectSameManuscript(actual: Manuscript, expected: Manuscript): void {
  expect(actual.tree).toEqual(expected.tree);
  expect(actual.article).toEqual(expected.article);
  expect(actual.file.messages.map(String)).toEqual(expected.file.messages.map(String));
}

const FRONT = '---\ntitle: Halves\nreporter: Desk\npublished: 2024-01-15T09:00:00Z\n---\n\n';

/** A list whose items run across the middle of the text, and references defined only at its far end. */
function trickyManuscript(): string {
  const items = Array.from({ length: 400 }, (_, index) => `- item ${index} with a [reference][far] and a note.[^note]\n\n`).join('');
  const code = '```js\nconst a = 1;\n\nconst b = 2;\n```\n\n';
  const paragraphs = Array.from({ length: 200 }, (_, index) => `Paragraph ${index}, "quoted" -- and 'single' ... text.\n\n${index % 20 === 0 ? code : ''}`).join('');
  return `${FRONT}${paragraphs}${items}${paragraphs}\n[far]: https://example.com/far "Far away"\n\n[^note]: The note, defined at the end.\n`;
}

describe('reading a manuscript in two halves gives what reading it whole gives', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTemp('pressroom-halves-');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('for lists across the middle, far definitions, code and smart punctuation', async () => {
    const file = path.join(dir, 'tricky.md');
    fs.writeFileSync(file, trickyManuscript());
    expect(splitIntoChunks(fs.readFileSync(file, 'utf8')).length).toBeGreaterThan(10);
    const whole = readManuscript(file, newManuscriptFile(file));
    const [first, second] = await readBothHalves(file);
    expectSameManuscript(first, whole);
    expectSameManuscript(second, whole);
  });

  it('for a long manuscript of real READMEs and changelogs', async () => {
    const file = path.join(dir, 'long.md');
    writeLongManuscript(file, 40_000);
    const whole = readManuscript(file, newManuscriptFile(file));
    const [first, second] = await readBothHalves(file);
    expectSameManuscript(first, whole);
    expectSameManuscript(second, whole);
  });

  it('parses the other half itself when the partner stops first or read other text', async () => {
    const file = path.join(dir, 'alone.md');
    fs.writeFileSync(file, trickyManuscript());
    const whole = readManuscript(file, newManuscriptFile(file));
    expectSameManuscript(await readManuscriptInHalves(file, newManuscriptFile(file), 1, async () => undefined), whole);

    let sent = '';
    const fromOtherText = await readManuscriptInHalves(file, newManuscriptFile(file), 0, async (mine) => {
      sent = mine;
      return JSON.stringify({ ...JSON.parse(mine), textHash: 'of a file saved in between', from: JSON.parse(mine).to });
    });
    expect(JSON.parse(sent).trees.length).toBeGreaterThan(0);
    expectSameManuscript(fromOtherText, whole);
  });
});
