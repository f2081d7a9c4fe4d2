import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildAbort, formatMessage } from '../src/core/diagnostics.js';
import { formatArticleDate } from '../src/core/dates.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');

describe('the sample manuscript', () => {
  const file = newManuscriptFile(SAMPLE);
  const manuscript = readManuscript(SAMPLE, file);
  const { article } = manuscript;

  it('reads without any message', () => {
    expect(file.messages.map((message) => formatMessage(message))).toEqual([]);
  });

  it('validates the front matter into the article model', () => {
    expect(article.title).toBe('Zelenskyy demands for ‘concrete guarantees’, security for Ukraine from NATO chief');
    expect(article.reporters).toEqual(['Zaini Majeed']);
    expect(article.published.instant.toISOString()).toBe('2023-04-21T17:21:00.000Z');
    expect(article.timezone).toBe('Asia/Kolkata');
    expect(article.slug).toBe('zelenskyy-nato-guarantees');
    expect(article.lang).toBe('en');
    expect(article.identifier).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(article.image?.credit).toBe('AP');
    expect(article.image?.asset?.mediaType).toBe('image/png');
    expect(article.dek).toMatch(/^NATO has an open-door policy/);
  });

  it('prints dates in the article’s own zone', () => {
    expect(formatArticleDate(article.published, article.timezone, article.lang)).toBe('21 April 2023, 22:51 IST');
  });

  it('keeps the body without front matter, with smart quotes and the one section heading', () => {
    expect(manuscript.tree.children[0]?.type).toBe('paragraph');
    const headings = manuscript.tree.children.filter((node) => node.type === 'heading');
    expect(headings).toHaveLength(1);
    expect(JSON.stringify(manuscript.tree)).not.toContain("Ukraine's");
    expect(JSON.stringify(manuscript.tree)).toContain('Ukraine’s');
  });

  it('derives the same identifier every time', () => {
    const again = readManuscript(SAMPLE, newManuscriptFile(SAMPLE));
    expect(again.article.identifier).toBe(article.identifier);
  });
});

describe('front matter problems point at their line and column', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  function messagesFor(source: string | Buffer, name = 'story.md'): string[] {
    const manuscriptPath = path.join(dir, name);
    fs.writeFileSync(manuscriptPath, source);
    const file = newManuscriptFile(name);
    try {
      readManuscript(manuscriptPath, file);
    } catch (error) {
      if (!(error instanceof BuildAbort)) throw error;
    }
    return file.messages.map((message) => formatMessage(message));
  }

  const valid = ['title: A headline', 'reporter: A. Writer', 'published: 2023-04-21T22:51:00+05:30'];
  const withFrontMatter = (lines: string[], body = 'Body text.') => `---\n${lines.join('\n')}\n---\n\n${body}\n`;

  it('accepts a minimal manuscript', () => {
    expect(messagesFor(withFrontMatter(valid))).toEqual([]);
  });

  it('empty file', () => {
    expect(messagesFor('')).toEqual([expect.stringMatching(/^story\.md:1:1: error: the manuscript is empty/)]);
  });

  it('no front matter', () => {
    expect(messagesFor('# Just a heading\n')).toEqual([expect.stringMatching(/^story\.md:1:1: error: no front matter/)]);
  });

  it('unterminated front matter', () => {
    expect(messagesFor('---\ntitle: x\n\nBody\n')).toEqual([expect.stringMatching(/^story\.md:1:1: error: the front matter opened here is never closed/)]);
  });

  it('unclosed quote', () => {
    const [message] = messagesFor(withFrontMatter(['title: "A headline', 'reporter: A', 'published: 2023-04-21']));
    expect(message).toMatch(/^story\.md:2:\d+: error: YAML syntax error: .*quote/);
  });

  it('tab indentation', () => {
    const [message] = messagesFor(withFrontMatter([...valid, 'image:', '\tsrc: a.png']));
    expect(message).toMatch(/^story\.md:6:1: error: YAML does not allow tabs/);
  });

  it('a list as title', () => {
    expect(messagesFor(withFrontMatter(['title: [a, b]', 'reporter: A', 'published: 2023-04-21']))).toEqual([
      'story.md:2:8: error: "title" must be a single line of text, not a list',
    ]);
  });

  it.each([
    ['title', 'missing required field "title"'],
    ['reporter', 'missing required field "reporter"'],
    ['published', 'missing required field "published"'],
  ])('missing %s', (field, text) => {
    const lines = valid.filter((line) => !line.startsWith(`${field}:`));
    expect(messagesFor(withFrontMatter(lines))).toEqual([expect.stringContaining(`story.md:4:1: error: ${text}`)]);
  });

  it('impossible date', () => {
    expect(messagesFor(withFrontMatter(['title: A', 'reporter: B', 'published: 2023-02-30']))).toEqual([
      'story.md:4:12: error: "published": 2023-02-30 does not exist: that month has 28 days',
    ]);
  });

  it('unparsable date', () => {
    expect(messagesFor(withFrontMatter(['title: A', 'reporter: B', 'published: yesterday']))).toEqual([
      expect.stringMatching(/^story\.md:4:12: error: "published": "yesterday" is not an ISO 8601 date/),
    ]);
  });

  it('date-time without an offset', () => {
    expect(messagesFor(withFrontMatter(['title: A', 'reporter: B', 'published: 2023-04-21T10:00']))).toEqual([
      expect.stringMatching(/^story\.md:4:12: error: "published": .*has no time zone offset/),
    ]);
  });

  it('updated before published', () => {
    expect(messagesFor(withFrontMatter([...valid, 'updated: 2023-04-20T10:00:00Z']))).toEqual([
      expect.stringMatching(/^story\.md:5:10: error: "updated" \(2023-04-20T10:00:00Z\) is before "published"/),
    ]);
  });

  it('invalid lang', () => {
    expect(messagesFor(withFrontMatter([...valid, 'lang: not a language']))).toEqual([
      expect.stringMatching(/^story\.md:5:7: error: "lang": "not a language" is not a BCP 47 language tag/),
    ]);
  });

  it('a slug that is not a plain name', () => {
    expect(messagesFor(withFrontMatter([...valid, 'slug: ../x']))).toEqual([
      expect.stringMatching(/^story\.md:5:7: error: "slug": "\.\.\/x" is not a plain name; .* e\.g\. x$/),
    ]);
  });

  it.each(['news/story', 'ftp://example.com/story', 'https://'])('a url that is not an absolute web address: %s', (url) => {
    expect(messagesFor(withFrontMatter([...valid, `url: ${url}`]))).toEqual([
      `story.md:5:6: error: "url": "${url}" is not an absolute web address; give the article's own address, such as https://example.com/news/story`,
    ]);
  });

  it('unknown field is a warning with a suggestion', () => {
    expect(messagesFor(withFrontMatter([...valid, 'publshed_by: Someone']))).toEqual([
      expect.stringMatching(/^story\.md:5:1: warning: unknown front matter field "publshed_by"/),
    ]);
    expect(messagesFor(withFrontMatter([...valid, 'reportr: B']))).toEqual([
      'story.md:5:1: warning: unknown front matter field "reportr" is ignored; did you mean "reporter"?',
    ]);
  });

  it('author is an alias of reporter, and lists are accepted', () => {
    const manuscriptPath = path.join(dir, 'alias.md');
    fs.writeFileSync(manuscriptPath, withFrontMatter(['title: A', 'author: [One, Two]', 'published: 2023-04-21']));
    const manuscript = readManuscript(manuscriptPath, newManuscriptFile('alias.md'));
    expect(manuscript.article.reporters).toEqual(['One', 'Two']);
    expect(manuscript.article.timezone).toBe('UTC');
  });

  it('a "billion laughs" document is refused quickly', () => {
    const lines = ['title: A', 'reporter: B', 'published: 2023-04-21', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
    const started = process.hrtime.bigint();
    const messages = messagesFor(withFrontMatter(lines));
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(5);
    expect(messages).toContainEqual(expect.stringMatching(/error: the front matter expands more than \d+ YAML aliases/));
  });

  it('custom YAML tags are refused, not executed', () => {
    expect(messagesFor(withFrontMatter([...valid, 'rights: !!js/function "function () { return 1 }"']))).toEqual([
      'story.md:5:9: error: YAML tag tag:yaml.org,2002:js/function is not allowed in front matter; write a plain value (quote it if it starts with !)',
    ]);
    expect(messagesFor(withFrontMatter([...valid, 'dek: !include secrets.txt']))).toEqual([
      'story.md:5:6: error: YAML tag !include is not allowed in front matter; write a plain value (quote it if it starts with !)',
    ]);
  });

  it('invalid UTF-8 names its line', () => {
    const bytes = Buffer.concat([Buffer.from(withFrontMatter(valid, 'Caf').trimEnd()), Buffer.from([0xe9]), Buffer.from(' au lait\n')]);
    expect(messagesFor(bytes)).toEqual([expect.stringMatching(/^story\.md:7:4: error: invalid UTF-8 \(byte 0xe9\)/)]);
  });

  it('binary garbage', () => {
    expect(messagesFor(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]))).toEqual([
      expect.stringMatching(/^story\.md:1:\d+: error: this is a binary file/),
    ]);
  });

  it('a byte-order mark and CRLF line ends are accepted', () => {
    const source = `\uFEFF${withFrontMatter(valid)}`.replace(/\n/g, '\r\n');
    expect(messagesFor(source)).toEqual([]);
  });
});

describe('relative links with the article\'s own web address', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  it('are resolved against it; anchors, full addresses and pictures stay as written', () => {
    const manuscriptPath = path.join(dir, 'story.md');
    fs.copyFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'), path.join(dir, 'pic.png'));
    const body = [
      '[Politics](/politics/) and [the earlier story](../2023/earlier-story "Earlier") and [below](#below),',
      '[a site](https://example.org/x), [mail](mailto:desk@example.com), [a reference][ref] and ![a picture](pic.png).',
      '',
      '![a picture by reference][pic]',
      '',
      '[ref]: archive/2022 "Archive"',
      '[pic]: pic.png',
    ].join('\n');
    fs.writeFileSync(manuscriptPath, `---\ntitle: A\nreporter: B\npublished: 2024-01-15\nurl: https://news.example.com/world/2024/story?ref=feed\n---\n\n${body}\n`);
    const file = newManuscriptFile('story.md');
    const manuscript = readManuscript(manuscriptPath, file);
    expect(file.messages.map((message) => formatMessage(message))).toEqual([]);
    expect(manuscript.article.url).toBe('https://news.example.com/world/2024/story?ref=feed');
    const addresses: string[] = [];
    const visit = (node: { type: string; url?: string; children?: unknown[] }) => {
      if (node.url !== undefined) addresses.push(`${node.type} ${node.url}`);
      for (const child of (node.children ?? []) as (typeof node)[]) visit(child);
    };
    visit(manuscript.tree);
    expect(addresses).toEqual([
      'link https://news.example.com/politics/',
      'link https://news.example.com/world/2023/earlier-story',
      'link #below',
      'link https://example.org/x',
      'link mailto:desk@example.com',
      'image pic.png',
      'image pic.png',
      'definition https://news.example.com/world/2024/archive/2022',
      'definition pic.png',
    ]);
  });
});
