import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildAbort, formatMessage } from '../src/core/diagnostics.js';
import { readEditionManifest } from '../src/read/edition.js';
import { newManuscriptFile } from '../src/read/manuscript.js';
import { makeTemp, removeTemp } from './helpers/cli.js';

let scratch: string;
beforeAll(() => {
  scratch = makeTemp('pressroom-edition-manifest-');
  const article = (name: string) => {
    fs.mkdirSync(path.dirname(path.join(scratch, name)), { recursive: true });
    fs.writeFileSync(path.join(scratch, name), `---\ntitle: ${name}\nreporter: Desk\npublished: 2024-05-01\n---\n\nText.\n`);
  };
  for (const name of ['lead.md', 'ukraine/a.md', 'ukraine/b.md', 'baltics/vilnius.md']) article(name);
});
afterAll(() => removeTemp(scratch));

/** Reads a manifest written in the scratch folder: the manifest, or the messages as `line:col: severity: reason`. */
function read(yaml: string): { manifest?: ReturnType<typeof readEditionManifest>; messages: string[] } {
  const file = path.join(scratch, 'week.edition.yaml');
  fs.writeFileSync(file, yaml);
  const vfile = newManuscriptFile('week.edition.yaml');
  try {
    const manifest = readEditionManifest(file, vfile);
    return { manifest, messages: vfile.messages.map((message) => formatMessage(message).replace(/^week\.edition\.yaml:/, '')) };
  } catch (error) {
    if (!(error instanceof BuildAbort)) throw error;
    return { messages: vfile.messages.map((message) => formatMessage(message).replace(/^week\.edition\.yaml:/, '')) };
  }
}

const HEAD = 'edition:\n  title: The Week in Europe\n  published: 2023-04-23T08:00:00+05:30\n';

describe('edition manifests', () => {
  it('reads the edition, its sections in order, paths and globs relative to the manifest, globs sorted', () => {
    const { manifest, messages } = read(`${HEAD}  publisher: Example Review\nsections:\n  - title: Ukraine\n    articles: [lead.md, ukraine/*.md]\n  - title: Baltics\n    articles: baltics/vilnius.md\n`);
    expect(messages).toEqual([]);
    expect(manifest!.edition).toMatchObject({ title: 'The Week in Europe', slug: 'the-week-in-europe', timezone: '+05:30', lang: 'en', publisher: 'Example Review' });
    expect(manifest!.edition.identifier).toMatch(/^urn:uuid:/);
    expect(manifest!.sections.map((section) => [section.title, section.articles.map((entry) => path.relative(scratch, entry.path))])).toEqual([
      ['Ukraine', ['lead.md', path.join('ukraine', 'a.md'), path.join('ukraine', 'b.md')]],
      ['Baltics', [path.join('baltics', 'vilnius.md')]],
    ]);
    // The identifier is stable: the same manifest gives the same one.
    expect(read(`${HEAD}  publisher: Example Review\nsections:\n  - title: U\n    articles: [lead.md]\n`).manifest!.edition.identifier).toBe(manifest!.edition.identifier);
  });

  it('says where each mistake is: a missing article, a glob matching nothing, an article named twice, unknown keys', () => {
    const { manifest, messages } = read(
      `${HEAD}  tilte: typo\nsections:\n  - title: Ukraine\n    articles: [lead.md, missing.md, nowhere/*.md, ukraine/a.md]\n    color: red\n  - title: Again\n    articles: [ukraine/*.md]\n`,
    );
    // The articles found are still given, for the build to read (and report on) before it fails.
    expect(manifest!.sections.map((section) => section.articles.length)).toEqual([2, 1]);
    expect(messages).toEqual([
      '4:3: error: unknown edition field "tilte"; did you mean "title"?',
      '8:5: error: unknown section field "color"; the fields are title, articles',
      '7:25: error: article "missing.md" does not exist; paths are relative to the manifest\'s folder',
      '7:37: error: "nowhere/*.md" matches no manuscript (.md file) beside the manifest',
      '10:16: error: "ukraine/a.md" is already in this edition (line 7); an article may appear once',
    ]);
  });

  it('requires a title, a published date and sections, and checks dates, zones, languages and slugs', () => {
    expect(read('edition:\n  dek: x\n').messages).toEqual([
      '2:3: error: missing required field "title"; add `title: …`',
      '2:3: error: missing required field "published"; add `published: …`',
      "3:1: error: missing `sections:`, the list of sections with the articles of each, in reading order",
    ]);
    expect(read('edition:\n  title: T\n  published: 2023-02-30\n  timezone: Mars/Olympus\n  lang: "!!"\n  slug: Not A Slug\nsections:\n  - title: S\n    articles: [lead.md]\n').messages).toEqual([
      '3:14: error: "published": 2023-02-30 does not exist: that month has 28 days',
      '4:13: error: "timezone": "Mars/Olympus" is not an IANA time zone; use a name such as Asia/Kolkata or Europe/London',
      '5:9: error: "lang": "!!" is not a BCP 47 language tag; write e.g. en, en-GB, uk or pt-BR',
      '6:9: error: "slug": "Not A Slug" is not a plain name; use lowercase letters, digits and single hyphens, e.g. not-a-slug',
    ]);
  });

  it('refuses what is not a manifest: YAML syntax errors, tags, a list at the top', () => {
    expect(read('edition: [unclosed\n').messages[0]).toMatch(/^\d+:\d+: error: YAML syntax error/);
    expect(read('edition: !!js/function x\n').messages).toEqual(['1:10: error: YAML tags are not allowed in an edition manifest; write plain values']);
    expect(read('- a\n- b\n').messages).toEqual(['1:1: error: an edition manifest is a mapping with an `edition:` and a `sections:` entry']);
  });
});
