import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildAbort, formatMessage } from '../src/core/diagnostics.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { makeTemp, removeTemp } from './helpers/cli.js';

const FRONT = '---\ntitle: A\nreporter: B\npublished: 2023-04-21\n---\n\n';

describe('pathological input ends in a clear error, never a crash', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTemp();
  });
  afterAll(() => removeTemp(dir));

  function messagesFor(body: string): string[] {
    const manuscriptPath = path.join(dir, 'story.md');
    fs.writeFileSync(manuscriptPath, FRONT + body);
    const file = newManuscriptFile('story.md');
    try {
      readManuscript(manuscriptPath, file);
    } catch (error) {
      if (!(error instanceof BuildAbort)) throw error;
    }
    return file.messages.map((message) => formatMessage(message));
  }

  it('thousands of nested block quotes', () => {
    expect(messagesFor(`${'> '.repeat(10_000)}deep\n`)).toEqual(['story.md:7:1: error: block quotes nested 10000 deep; Pressroom allows at most 64 levels']);
  });

  it('thousands of nested list levels', () => {
    const lists = Array.from({ length: 3000 }, (_, level) => `${' '.repeat(level * 2)}- item`).join('\n');
    expect(messagesFor(lists)).toEqual([expect.stringMatching(/^story\.md:\d+:1: error: this line is indented \d+ columns, nesting lists deeper than the 64 levels/)]);
  });

  it('40,000 emphasis markers in one run', () => {
    expect(messagesFor(`${'*'.repeat(40_000)}x${'*'.repeat(40_000)}\n`)).toEqual([
      'story.md:7:1: error: a run of 40000 "*" characters; Markdown needs at most 3 — escape them as \\* if they are meant literally',
    ]);
  });

  it('40,000 separate emphasis markers parse', () => {
    expect(messagesFor(`${'*a '.repeat(40_000)}\n`)).toEqual([]);
  });

  it('deep nesting through inline markup is caught after parsing', () => {
    expect(messagesFor(`${'> - '.repeat(60)}x\n`)).toEqual([expect.stringMatching(/error: (block quotes nested|the document is nested more than 128 levels)/)]);
  });

  it('a long thematic break is not a run of markers', () => {
    expect(messagesFor(`Text\n\n${'_'.repeat(200)}\n\nMore\n`)).toEqual([]);
  });

  it('a 5 MB manuscript reads', () => {
    const paragraph = `${'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. '.repeat(20)}\n\n`;
    expect(messagesFor(paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length)))).toEqual([]);
  });
});
