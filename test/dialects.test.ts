import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../src/core/article.js';
import { BuildAbort, formatMessage } from '../src/core/diagnostics.js';
import { draftMark } from '../src/read/dialects/draft.js';
import { newManuscriptFile, readManuscript } from '../src/read/manuscript.js';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'dialects');

/** Reads a manuscript; its article (undefined when an error stopped it) and its messages as printed. */
function read(manuscriptPath: string, name = path.basename(manuscriptPath)): { article: Article | undefined; messages: string[] } {
  const file = newManuscriptFile(name);
  let article: Article | undefined;
  try {
    article = readManuscript(manuscriptPath, file).article;
  } catch (error) {
    if (!(error instanceof BuildAbort)) throw error;
  }
  return { article, messages: file.messages.map((message) => formatMessage(message)) };
}

const fixture = (name: string) => read(path.join(FIXTURES, name));
const notes = (messages: string[]) => messages.filter((message) => message.includes(': note: '));
const problems = (messages: string[]) => messages.filter((message) => !message.includes(': note: '));

describe('front matter as other tools write it (each as its documentation shows it)', () => {
  it("pandoc's metadata block: authors as a list, abstract, keywords, a ... closing line", () => {
    const { article, messages } = fixture('pandoc-manual.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({
      title: 'This is the title: it contains a colon',
      reporters: ['Author One', 'Author Two'],
      dek: 'This is the abstract.\n\nIt consists of two paragraphs.',
      tags: ['nothing', 'nothingness'],
    });
    expect(article?.published.source).toBe('2024-03-05');
    expect(notes(messages)).toEqual([
      'pandoc-manual.md:3:1: note: "author" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "reporter"',
      'pandoc-manual.md:11:1: note: "date" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "published"',
      'pandoc-manual.md:7:1: note: "abstract" (pandoc) is read as "dek"',
      'pandoc-manual.md:6:1: note: "keywords" (pandoc and Hugo) is read as "tags"',
    ].sort((a, b) => messages.indexOf(a) - messages.indexOf(b)));
  });

  it("pandoc's EPUB metadata: title and creator as lists of objects, identifier with a scheme", () => {
    const { article, messages } = fixture('pandoc-epub.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({
      title: 'My Book',
      reporters: ['John Smith'],
      identifier: 'doi:10.234234.234/33',
      publisher: 'My Press',
      rights: '© 2007 John Smith, CC BY-NC',
      lang: 'en-US',
    });
    expect(notes(messages)).toContain('pandoc-epub.md:7:1: note: "creator" (pandoc) is read as "reporter"');
    expect(notes(messages)).toContain('pandoc-epub.md:17:1: note: "ibooks" (pandoc) has no use in a book; it is ignored');
  });

  it("pandoc's structured authors, a written-out date, a subtitle and a cover image", () => {
    const { article, messages } = fixture('pandoc-structured-authors.md');
    expect(article).toMatchObject({ reporters: ['Author One', 'Author Two'], dek: 'Optional Subtitle', lang: 'de' });
    expect(article?.published.source).toBe('2024-03-05');
    expect(notes(messages)).toContain('pandoc-structured-authors.md:8:7: note: "date": "March 5, 2024" is read as 2024-03-05');
    // pandoc's cover image has no alt text, which a lead picture in the article needs: left out, with a warning.
    expect(article?.image).toBeUndefined();
    expect(problems(messages)).toEqual([
      'pandoc-structured-authors.md:11:14: warning: the lead picture "images/cover.png" (from "cover-image") has no alt text to describe it for readers who cannot see it, so it is left out; write `image:` with `src:` and `alt:` lines to include it',
    ]);
  });

  it("Hugo's documented example: params.author, draft: false, weight", () => {
    const { article, messages } = fixture('hugo-docs.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({ title: 'Example', reporters: ['John Smith'] });
    expect(article?.published.source).toBe('2024-02-02T04:14:54-08:00');
    expect(notes(messages)).toEqual([
      'hugo-docs.md:5:3: note: "params.author" (Hugo) is read as "reporter"',
      'hugo-docs.md:2:1: note: "date" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "published"',
      'hugo-docs.md:7:1: note: "weight" (Hugo) has no use in a book; it is ignored',
    ]);
  });

  it('a Hugo post (date, lastmod, author, description, tags, categories, draft): no warning, no error, one note per mapping', () => {
    const { article, messages } = fixture('hugo-post.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({
      dek: 'spf13-vim is a cross platform distribution of vim plugins and resources for Vim.',
      reporters: ['Steve Francia'],
      tags: ['.vimrc', 'plugins', 'spf13-vim', 'vim', 'Development', 'VIM'],
      slug: 'spf13-vim-3-0-release-and-new-website',
    });
    expect(article?.updated?.source).toBe('2012-04-08');
    expect(notes(messages).map((message) => message.replace(/^.*note: /, ''))).toEqual([
      '"description" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "dek"',
      '"author" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "reporter"',
      '"date" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "published"',
      '"lastmod" (Hugo) is read as "updated"',
      '"categories" (Hugo and Jekyll) is read as "tags"; its entries join the others\'',
    ]);
  });

  it("a Jekyll post dated by its file name: the date, and the name without it", () => {
    const { article, messages } = fixture('2024-03-05-budget.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({ slug: 'budget', tags: ['news', 'politics'], reporters: ['Jane Doe'] });
    expect(article?.published.source).toBe('2024-03-05');
    expect(notes(messages)).toContain('2024-03-05-budget.md:1:1: note: no date in the front matter: the file name\'s 2024-03-05 is taken as "published", as Jekyll does');
    expect(notes(messages)).toContain('2024-03-05-budget.md:1:1: note: the output name is "budget": the date that begins the file name is left out, as Jekyll does');
    expect(notes(messages)).toContain('2024-03-05-budget.md:2:1: note: "layout" (Hugo, Jekyll, Astro and Eleventy) has no use in a book; it is ignored');
  });

  it("Jekyll's date form YYYY-MM-DD HH:MM:SS +/-TTTT", () => {
    const { article, messages } = fixture('jekyll-dated.md');
    expect(problems(messages)).toEqual([]);
    expect(article?.published.source).toBe('2024-03-05T10:20:00+01:00');
    expect(article?.published.instant.toISOString()).toBe('2024-03-05T09:20:00.000Z');
    expect(article?.tags).toEqual(['jekyll', 'news']);
    expect(notes(messages)).toContain('jekyll-dated.md:4:7: note: "date": "2024-03-05 10:20:00 +0100" is read as 2024-03-05T10:20:00+01:00');
  });

  it("Astro's tutorial post: pubDate, author, image as url and alt", () => {
    const { article, messages } = fixture('astro-tutorial.md');
    // The picture is remote: its alt text stands in, as for any remote picture.
    expect(problems(messages)).toEqual([expect.stringMatching(/^astro-tutorial\.md:7:10: warning: remote image "https:\/\/docs\.astro\.build\/assets\/rose\.webp" is not downloaded/)]);
    expect(article).toMatchObject({
      title: 'My First Blog Post',
      dek: 'This is the first post of my new Astro blog.',
      reporters: ['Astro Learner'],
      tags: ['astro', 'blogging', 'learning in public'],
      image: { src: 'https://docs.astro.build/assets/rose.webp', alt: 'The Astro logo on a dark background with a pink glow.' },
    });
    expect(notes(messages)).toContain('astro-tutorial.md:3:1: note: "pubDate" (Astro and Hugo) is read as "published"');
  });

  it("Astro's blog starter: pubDate as 'Jul 08 2022', updatedDate, a heroImage without alt text", () => {
    const { article, messages } = fixture('astro-starter.md');
    expect(article?.published.source).toBe('2022-07-08');
    expect(article?.updated?.source).toBe('2022-07-10');
    // Astro builds the page without a picture it cannot use; so does Pressroom, and says why.
    expect(article?.image).toBeUndefined();
    expect(problems(messages)).toEqual([
      'astro-starter.md:6:12: warning: the lead picture "../../assets/blog-placeholder-3.jpg" (from "heroImage") has no alt text to describe it for readers who cannot see it, so it is left out; write `image:` with `src:` and `alt:` lines to include it',
    ]);
    expect(notes(messages)).toContain('astro-starter.md:4:10: note: "pubDate": "Jul 08 2022" is read as 2022-07-08');
  });

  it("Eleventy: date, a single tag as a string, layout, permalink", () => {
    const { article, messages } = fixture('eleventy.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({ title: 'My page title', reporters: ['Zach'], tags: ['post'] });
    expect(notes(messages)).toContain('eleventy.md:6:1: note: "permalink" (Jekyll and Eleventy) has no use in a book; it is ignored');
    expect(notes(messages)).toContain('eleventy.md:7:1: note: "eleventyExcludeFromCollections" (Eleventy) has no use in a book; it is ignored');
  });
});

describe('front matter dialects: conflicts, hints and dates', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  const write = (lines: string[], name = 'story.md') => {
    const manuscriptPath = path.join(dir, name);
    fs.writeFileSync(manuscriptPath, `---\n${lines.join('\n')}\n---\n\nBody.\n`);
    return read(manuscriptPath, name);
  };

  it('date and published that disagree are an error at both', () => {
    const { article, messages } = write(['title: A', 'reporter: B', 'published: 2024-03-06', 'date: 2024-03-05']);
    expect(article).toBeUndefined();
    expect(problems(messages)).toEqual([
      'story.md:4:12: error: "published" (2024-03-06) disagrees with "date" (2024-03-05), another name for "published"; keep one of them',
      'story.md:5:7: error: "date" (2024-03-05) disagrees with "published" (2024-03-06), another name for "published"; keep one of them',
    ]);
  });

  it('date and published that agree (the same moment, written differently) are a note', () => {
    const { article, messages } = write(['title: A', 'reporter: B', 'published: 2024-03-05T10:00:00+01:00', 'date: 2024-03-05T09:00:00Z']);
    expect(problems(messages)).toEqual([]);
    expect(article?.published.source).toBe('2024-03-05T10:00:00+01:00');
    expect(messages).toEqual(['story.md:5:1: note: "date" says the same as "published"; one of them is enough']);
  });

  it('reporter and author that disagree are an error at both; author alone is a note', () => {
    expect(problems(write(['title: A', 'reporter: B', 'author: C', 'published: 2024-03-05']).messages)).toHaveLength(2);
    expect(write(['title: A', 'author: C', 'published: 2024-03-05']).messages).toEqual(['story.md:3:1: note: "author" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "reporter"']);
  });

  it("two other tools' names for one field: the first is used, the other noted (Hugo's publishDate before date)", () => {
    const { article, messages } = write(['title: A', 'reporter: B', 'date: 2024-03-01', 'publishDate: 2024-03-05']);
    expect(problems(messages)).toEqual([]);
    expect(article?.published.source).toBe('2024-03-05');
    expect(messages).toContain('story.md:4:1: note: "date" is not used: "publishDate" already gives "published"');
  });

  it('a missing required field names the field that usually means it', () => {
    const { messages } = write(['headline: A', 'byline: B', 'created: 2024-03-05']);
    expect(messages.filter((message) => message.includes('error'))).toEqual([
      'story.md:2:1: error: missing required field "title"; "headline" (line 2) looks like it: rename it to title',
      'story.md:3:1: error: missing required field "reporter"; "byline" (line 3) looks like it: rename it to reporter',
      'story.md:4:1: error: missing required field "published"; "created" (line 4) looks like it: rename it to published',
    ]);
  });

  it('a missing date names a field whatever its name when its value is a date', () => {
    const { messages } = write(['title: A', 'reporter: B', 'erschienen: 2024-03-05']);
    expect(messages).toContain('story.md:4:1: error: missing required field "published"; "erschienen" (line 4) looks like it: rename it to published');
  });

  it.each([
    ['Last Modified', /"Last Modified" is a date Eleventy looks up in the file system or git when it builds/],
    ['2018', /"2018" names a year or a month, not a day/],
    ['2024-03-05 10:20', /has no time zone offset/],
  ])('a date Pressroom cannot take (%s) says why', (value, expected) => {
    const { messages } = write(['title: A', 'reporter: B', `date: ${value}`]);
    expect(messages.find((message) => message.includes('error'))).toMatch(expected);
  });

  it("Hugo's url (a path on the site) is a warning, not an error", () => {
    const { article, messages } = write(['title: A', 'reporter: B', 'date: 2024-03-05', 'url: /2024/budget/']);
    expect(article?.url).toBeUndefined();
    expect(problems(messages)).toEqual([
      'story.md:5:6: warning: "url": "/2024/budget/" is a path on the web site, as Hugo writes it; Pressroom needs the article\'s full address (https://…/2024/budget/), so it is ignored',
    ]);
  });

  it("a lead picture in another tool's form that is there and described is used", () => {
    fs.mkdirSync(path.join(dir, 'images'));
    fs.copyFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'), path.join(dir, 'images', 'cover.png'));
    const { article, messages } = write(['title: A', 'reporter: B', 'date: 2024-03-05', 'cover:', '  image: images/cover.png', '  alt: A cover', '  caption: The cover']);
    expect(problems(messages)).toEqual([]);
    expect(article?.image).toMatchObject({ src: 'images/cover.png', alt: 'A cover', caption: 'The cover' });
    expect(article?.image?.asset).toBeDefined();
  });

  it("Hugo's images list: the first is the lead picture, the rest noted; a missing file is left out with a warning", () => {
    const { article, messages } = write(['title: A', 'reporter: B', 'date: 2024-03-05', 'images: [post-cover.png, other.png]']);
    expect(article?.image).toBeUndefined();
    expect(messages).toContain('story.md:5:9: note: "images" lists 2 pictures; the first is the lead picture, the others are not used');
    expect(problems(messages)).toEqual([
      'story.md:5:10: warning: the lead picture "post-cover.png" (from "images") has no alt text to describe it for readers who cannot see it, so it is left out; write `image:` with `src:` and `alt:` lines to include it',
    ]);
  });

  it("Pressroom's own image mapping keeps its strict rules", () => {
    const { messages } = write(['title: A', 'reporter: B', 'published: 2024-03-05', 'image:', '  src: images/none.png']);
    expect(messages).toContain('story.md:6:8: error: "image" has no "alt" text; describe what the picture shows for readers who cannot see it');
  });

  it('Pressroom manuscripts get no notes', () => {
    expect(read(path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md')).messages).toEqual([]);
  });
});

describe("Hugo's TOML front matter (+++)", () => {
  it('reads as YAML front matter does, with the same notes at the same lines', () => {
    const { article, messages } = fixture('hugo-toml.md');
    expect(problems(messages)).toEqual([]);
    expect(article).toMatchObject({ title: 'Council passes the 2024 budget', reporters: ['John Smith'], tags: ['budget', 'council'] });
    expect(article?.published.source).toBe('2024-02-02T04:14:54-08:00');
    expect(article?.updated?.source).toBe('2024-02-03');
    expect(notes(messages)).toEqual([
      'hugo-toml.md:9:3: note: "params.author" (Hugo) is read as "reporter"',
      'hugo-toml.md:3:1: note: "date" (pandoc, Hugo, Jekyll, Astro and Eleventy) is read as "published"',
      'hugo-toml.md:4:1: note: "lastmod" (Hugo) is read as "updated"',
      'hugo-toml.md:7:1: note: "weight" (Hugo) has no use in a book; it is ignored',
    ]);
  });

  it('a TOML mistake is an error at its line, and a wrong value is reported at the value', () => {
    const dir = makeTemp();
    try {
      fs.writeFileSync(path.join(dir, 'broken.md'), "+++\ntitle = 'A'\ndate = 2024-02-30\nauthor = 'B'\ntags = [1, \n+++\n\nText.\n");
      expect(read(path.join(dir, 'broken.md')).messages).toEqual([expect.stringMatching(/^broken\.md:\d+:\d+: error: TOML syntax error: /)]);
      fs.writeFileSync(path.join(dir, 'wrong.md'), "+++\ntitle = 'A'\ndate = '2024-02-30'\nauthor = 'B'\n+++\n\nText.\n");
      expect(problems(read(path.join(dir, 'wrong.md')).messages)).toEqual(['wrong.md:3:8: error: "date": 2024-02-30 does not exist: that month has 29 days']);
    } finally {
      removeTemp(dir);
    }
  });
});

describe('draft marks (draft: true, Jekyll’s published: false)', () => {
  const mark = (yaml: string, language?: 'toml') => draftMark({ yaml, firstLine: 2, ...(language ? { language } : {}) });

  it('are found however the value is written, and only where it is true or false', () => {
    expect(mark('title: A\ndraft: true')).toEqual({ key: 'draft: true', position: { line: 3, column: 1 } });
    expect(mark('title: A\npublished: false')).toEqual({ key: 'published: false', position: { line: 3, column: 1 } });
    expect(mark('title: A\npublished:\n  false')).toEqual({ key: 'published: false', position: { line: 3, column: 1 } });
    expect(mark('published: 2024-01-15\ndraft: true')).toEqual({ key: 'draft: true', position: { line: 3, column: 1 } });
    expect(mark("title = 'A'\npublished = false", 'toml')).toEqual({ key: 'published: false', position: { line: 3, column: 1 } });
    expect(mark('title: A\npublished: 2024-01-15T09:00:00Z')).toBeUndefined();
    expect(mark('title: A\npublished: "false"\ndraft: \'true\'')).toBeUndefined();
    expect(mark('title: A\ndraft: false')).toBeUndefined();
  });
});
