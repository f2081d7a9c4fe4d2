import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { openZip } from './helpers/zip.js';

// `build` also writes the download catalogue (src/catalog) next to the books.
const CATALOG = ['covers', 'index.html', 'opds.json', 'opds.xml'];

const LEAD_PNG = fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'));
const VALID = ['title: A headline', 'reporter: A. Writer', 'published: 2023-04-21T22:51:00+05:30', 'slug: story'];

function withFrontMatter(lines: string[], body = 'Body text.'): string {
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}
const replacing = (field: string, line: string) => VALID.map((existing) => (existing.startsWith(`${field}:`) ? line : existing));
const without = (field: string) => VALID.filter((existing) => !existing.startsWith(`${field}:`));

/**
 * Each case: the manuscript's bytes, the exit code, and the lines stderr must hold. Every case runs
 * over an output folder that already holds a good build, which must survive a failed build untouched.
 */
const CASES: [string, string | Buffer, number, (string | RegExp)[]][] = [
  ['an empty file', '', 1, ['story.md:1:1: error: the manuscript is empty; start it with front matter (title, reporter, published) between --- lines']],
  ['no front matter', '# Headline\n\nText.\n', 1, [/^story\.md:1:1: error: no front matter; start the manuscript with a --- line/]],
  ['unterminated front matter', '---\ntitle: A\nreporter: B\n\nText.\n', 1, ['story.md:1:1: error: the front matter opened here is never closed; end it with a line holding only ---']],
  ['an unclosed quote', withFrontMatter(replacing('title', 'title: "A headline')), 1, [/^story\.md:2:8: error: YAML syntax error: Missing closing "quote; check that every quote you open is closed$/]],
  ['tab indentation', withFrontMatter([...VALID, 'image:', '\tsrc: a.png']), 1, [/^story\.md:7:1: error: YAML does not allow tabs for indentation; indent front matter with spaces/]],
  ['a list as title', withFrontMatter(replacing('title', 'title: [a, b]')), 1, ['story.md:2:8: error: "title" must be a single line of text, not a list']],
  ['no title', withFrontMatter(without('title')), 1, ['story.md:5:1: error: missing required field "title"; add `title: …` to the front matter']],
  ['no reporter', withFrontMatter(without('reporter')), 1, ['story.md:5:1: error: missing required field "reporter"; add `reporter: Name` (or a list of names)']],
  ['no published date', withFrontMatter(without('published')), 1, ['story.md:5:1: error: missing required field "published"; add `published: …` to the front matter']],
  ['an impossible date', withFrontMatter(replacing('published', 'published: 2023-02-30')), 1, ['story.md:4:12: error: "published": 2023-02-30 does not exist: that month has 28 days']],
  ['an unparsable date', withFrontMatter(replacing('published', 'published: yesterday')), 1, ['story.md:4:12: error: "published": "yesterday" is not an ISO 8601 date; write it as 2023-04-21 or 2023-04-21T22:51:00+05:30']],
  ['updated before published', withFrontMatter([...VALID, 'updated: 2023-04-20T09:00:00Z']), 1, [/^story\.md:6:10: error: "updated" \(2023-04-20T09:00:00Z\) is before "published" \(2023-04-21T22:51:00\+05:30\)/]],
  ['an invalid lang', withFrontMatter([...VALID, 'lang: english please']), 1, [/^story\.md:6:7: error: "lang": "english please" is not a BCP 47 language tag/]],
  ['a slug that is a path', withFrontMatter(replacing('slug', 'slug: ../x')), 1, [/^story\.md:5:7: error: "slug": "\.\.\/x" is not a plain name; use lowercase letters, digits and single hyphens/]],
  ['an unknown template', withFrontMatter([...VALID, 'template: broadsheet']), 1, [/^story\.md:6:11: error: unknown template "broadsheet" \(from template:\); available templates: archival, article, handout/]],
  ['a template path outside the folder', withFrontMatter([...VALID, 'template: ../../etc']), 1, [/^story\.md:6:11: error: template path "\.\.\/\.\.\/etc" leads outside the manuscript's folder; name a built-in template/]],
  ['a missing lead image', withFrontMatter([...VALID, 'image:', '  src: images/none.png', '  alt: A picture']), 1, [/^story\.md:7:8: error: image "images\/none\.png" not found/]],
  ['a lead image that is not an image', withFrontMatter([...VALID, 'image:', '  src: images/notes.png', '  alt: A picture']), 1, [/^story\.md:7:8: error: image "images\/notes\.png" is not a PNG, JPEG, GIF, WebP or SVG picture; export it as PNG or JPEG/]],
  ['a truncated inline image', withFrontMatter(VALID, '![A flag](images/cut.png)'), 1, [/^story\.md:8:1: error: image "images\/cut\.png" is truncated/]],
  ['an inline image of an unsupported type', withFrontMatter(VALID, '![Old](images/old.bmp)'), 1, [/^story\.md:8:1: error: image "images\/old\.bmp" is not a PNG, JPEG, GIF, WebP or SVG picture/]],
  ['an image outside the folder', withFrontMatter(VALID, '![Secret](../../etc/passwd)'), 1, [/^story\.md:8:1: error: image path "\.\.\/\.\.\/etc\/passwd" leads outside the manuscript's folder/]],
  ['an absolute image path', withFrontMatter(VALID, '![Secret](/etc/passwd)'), 1, [/^story\.md:8:1: error: image path "\/etc\/passwd" is absolute; give it relative to the manuscript/]],
  ['a remote image (a warning)', withFrontMatter(VALID, '![A chart](https://example.com/chart.png)'), 0, [/^story\.md:8:1: warning: remote image "https:\/\/example\.com\/chart\.png" is not downloaded/]],
  ['invalid UTF-8', Buffer.concat([Buffer.from(withFrontMatter(VALID, 'Caf').trimEnd()), Buffer.from([0xe9, 0x0a])]), 1, [/^story\.md:8:4: error: invalid UTF-8 \(byte 0xe9\); save the manuscript as UTF-8/]],
  ['a BOM and CRLF line ends (accepted)', `\uFEFF${withFrontMatter(VALID)}`.replace(/\n/g, '\r\n'), 0, []],
  ['binary garbage', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), 1, [/^story\.md:1:8: error: this is a binary file, not a Markdown manuscript/]],
];

describe('bad input: exit code, message, and the output folder afterwards', () => {
  let dir: string;
  let goodEpub: Buffer;
  beforeAll(() => {
    dir = makeTemp();
    fs.mkdirSync(path.join(dir, 'images'));
    fs.writeFileSync(path.join(dir, 'images', 'notes.png'), 'not a picture\n');
    fs.writeFileSync(path.join(dir, 'images', 'cut.png'), LEAD_PNG.subarray(0, 3000));
    fs.writeFileSync(path.join(dir, 'images', 'old.bmp'), Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]));
    fs.writeFileSync(path.join(dir, 'story.md'), withFrontMatter(VALID, 'The good edition.'));
    expect(runCli(['build', 'story.md', '--out', 'out', '--format', 'epub'], { cwd: dir }).status).toBe(0);
    goodEpub = fs.readFileSync(path.join(dir, 'out', 'story.epub'));
  });
  afterAll(() => removeTemp(dir));

  it.each(CASES)('%s', (_case, source, status, expected) => {
    fs.writeFileSync(path.join(dir, 'story.md'), source);
    const run = runCli(['build', 'story.md', '--out', 'out', '--format', 'epub', '--force'], { cwd: dir });
    expect(run.status, run.stderr).toBe(status);
    const lines = run.stderr.split('\n').filter((line) => /^story\.md:\d+:\d+: /.test(line));
    expect(lines).toHaveLength(expected.length);
    expected.forEach((pattern, index) => {
      if (typeof pattern === 'string') expect(lines[index]).toBe(pattern);
      else expect(lines[index]).toMatch(pattern);
    });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([...CATALOG, 'story.epub'].sort());
    const now = fs.readFileSync(path.join(dir, 'out', 'story.epub'));
    if (status !== 0) {
      expect(now.equals(goodEpub), 'a failed build changed the previous good output').toBe(true);
    } else {
      expect(now.equals(goodEpub)).toBe(false);
      goodEpub = now;
    }
  });

  it('two manuscripts with one slug: both fail, neither overwrites the other or the previous file', () => {
    fs.writeFileSync(path.join(dir, 'story.md'), withFrontMatter(VALID, 'The good edition.'));
    expect(runCli(['build', 'story.md', '--out', 'out', '--format', 'epub', '--force'], { cwd: dir }).status).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'out', 'story.epub'));
    fs.mkdirSync(path.join(dir, 'other'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'other', 'copy.md'), withFrontMatter(VALID, 'A rival edition.'));
    const run = runCli(['build', 'story.md', 'other/copy.md', '--out', 'out', '--format', 'epub', '--force'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('other/copy.md:5:7: error: slug "story" is also used by story.md; both would write the same files, so neither is built.');
    expect(run.stderr).toContain('story.md:5:7: error: slug "story" is also used by other/copy.md;');
    expect(run.stderr).toContain('2 of 2 manuscripts failed');
    expect(fs.readFileSync(path.join(dir, 'out', 'story.epub')).equals(before)).toBe(true);
    fs.rmSync(path.join(dir, 'other'), { recursive: true });
  });

  it('a 5 MB manuscript builds to EPUB through the CLI, in bounded time and memory', async () => {
    const paragraph = `Reports run long: *emphasis*, **strength**, [links](https://example.com) and \`code\` in every line. ${'Words after words, set with care. '.repeat(20)}\n\n`;
    fs.writeFileSync(path.join(dir, 'huge.md'), withFrontMatter([...replacing('slug', 'slug: huge')], paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length))));
    const run = runCli(['build', 'huge.md', '--out', 'huge-out', '--format', 'epub'], { cwd: dir, env: { NODE_OPTIONS: '--max-old-space-size=1024' } });
    expect(run.status, run.stderr).toBe(0);
    const zip = await openZip(fs.readFileSync(path.join(dir, 'huge-out', 'huge.epub')));
    const article = await zip.text('OEBPS/article.xhtml');
    expect(article.length).toBeGreaterThan(5 * 1024 * 1024);
  });

  it('--debug shows the stack trace of an internal error, and only then', () => {
    fs.writeFileSync(path.join(dir, 'story.md'), withFrontMatter(VALID));
    // A template whose font file is not a font passes validation but breaks inside the PDF renderer.
    fs.mkdirSync(path.join(dir, 'broken'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken', 'fake.ttf'), 'not a font');
    fs.writeFileSync(path.join(dir, 'broken', 'print.yaml'), 'fonts:\n  body:\n    regular: fake.ttf\n    italic: fake.ttf\n    bold: fake.ttf\n    bold_italic: fake.ttf\n');
    const quiet = runCli(['build', 'story.md', '--out', 'broken-out', '--format', 'pdf', '--template', './broken'], { cwd: dir });
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).toMatch(/story\.md:\d+:\d+: error: .*/);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const debug = runCli(['build', 'story.md', '--out', 'broken-out', '--format', 'pdf', '--template', './broken', '--debug'], { cwd: dir });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
    // Through the bundle's source maps: the trace names our TypeScript sources.
    expect(debug.stderr).toMatch(/src\/[\w/-]+\.ts:\d+:\d+/);
  });

  it('--debug traces name the TypeScript sources when the error happens in a worker thread too', () => {
    for (const name of ['first', 'second']) fs.writeFileSync(path.join(dir, `${name}.md`), withFrontMatter(replacing('slug', `slug: ${name}`)));
    fs.mkdirSync(path.join(dir, 'broken-fonts'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken-fonts', 'fake.ttf'), 'not a font');
    fs.writeFileSync(path.join(dir, 'broken-fonts', 'print.yaml'), 'fonts:\n  body:\n    regular: fake.ttf\n    italic: fake.ttf\n    bold: fake.ttf\n    bold_italic: fake.ttf\n');
    // Two manuscripts and two jobs: each is built in a worker thread.
    const debug = runCli(['build', 'first.md', 'second.md', '--out', 'workers-out', '--format', 'pdf', '--template', './broken-fonts', '--jobs', '2', '--debug'], { cwd: dir });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(debug.stderr).toMatch(/src\/[\w/-]+\.ts:\d+:\d+/);
    expect(debug.stderr).not.toMatch(/dist\/bundle\/[\w-]+\.js:\d+/);
  });
});
