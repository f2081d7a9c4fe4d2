import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFixture, makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { epubcheck, pdftotext } from './helpers/tools.js';
import { sarifValidator } from './helpers/sarif.js';

const GOOD = ['title: A headline', 'reporter: A. Writer', 'published: 2023-04-21T22:51:00+05:30'];
const manuscript = (lines: string[], body = 'Body text.') => `---\n${lines.join('\n')}\n---\n\n${body}\n`;

describe('pressroom check, report formats and diagnostics at scale (the real binary)', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
    fs.mkdirSync(path.join(dir, 'desk'));
  });
  afterEach(() => removeTemp(dir));

  const put = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };

  it('checks manuscripts and templates without building anything; exit 0 when clean, counts on the last line', () => {
    put('desk/a.md', manuscript([...GOOD, 'slug: a']));
    put('desk/b.md', manuscript([...GOOD, 'slug: b']));
    fs.cpSync(path.join(REPO_ROOT, 'templates', 'handout'), path.join(dir, 'desk', 'house-style'), { recursive: true });
    const run = runCli(['check', 'desk'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^3 checked, 0 failed in \d/m);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exit 1 for a bad manuscript, a broken template, and two manuscripts with one slug; exit 2 for a usage error', () => {
    put('desk/bad.md', manuscript(['title: A', 'reporter: B', 'published: 2023-02-30']));
    put('desk/one.md', manuscript([...GOOD, 'slug: same']));
    put('desk/two.md', manuscript([...GOOD, 'slug: same']));
    put('desk/broken-template/print.yaml', 'page:\n  sise: A4\n');
    const run = runCli(['check', 'desk'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('desk/bad.md:4:12: error: "published": 2023-02-30 does not exist: that month has 28 days');
    expect(run.stderr).toContain('desk/broken-template/print.yaml:2:3: error: unknown key "page.sise"; did you mean "page.size"?');
    expect(run.stderr).toContain('desk/one.md:5:7: error: slug "same" is also used by desk/two.md');
    expect(run.stderr).toContain('4 of 4 inputs failed');
    expect(runCli(['check', 'desk', '--format', 'xml'], { cwd: dir }).status).toBe(2);
    expect(runCli(['check', 'no-such-folder'], { cwd: dir }).status).toBe(2);
  });

  it('many manuscripts are checked in worker threads with the same messages, in the same order, as in one thread', () => {
    for (let index = 0; index < 20; index++) {
      put(`desk/story-${String(index).padStart(2, '0')}.md`, manuscript([...GOOD, `slug: story-${index}`], index % 3 === 0 ? '![Chart](https://example.com/c.png)' : index % 5 === 0 ? '![](missing.png)' : 'Text.'));
    }
    const parallel = runCli(['check', 'desk', '--format', 'json'], { cwd: dir });
    const serial = runCli(['check', 'desk', '--format', 'json', '--jobs', '1'], { cwd: dir });
    expect(parallel.status).toBe(1);
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.stdout.split('\n').filter((line) => line.startsWith('{"type":"diagnostic"') && line.includes('"severity":"error"'))).toHaveLength(2);
  });

  it('--format sarif writes one SARIF 2.1.0 log that the schema accepts', () => {
    put('desk/bad.md', manuscript(['title: A', 'reporter: B', 'published: 2023-02-30']));
    put('desk/hugo.md', manuscript(['title: A', 'author: B', 'date: 2024-03-05', 'weight: 3']));
    const run = runCli(['check', 'desk', '--format', 'sarif'], { cwd: dir });
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results as { level: string; ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    expect(results.find((result) => result.level === 'error')).toMatchObject({
      ruleId: 'date',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'desk/bad.md' }, region: { startLine: 4 } } }],
    });
    expect(results.filter((result) => result.level === 'note')).toHaveLength(3);
  });

  it('--format github writes annotations; --format json one object per line', () => {
    put('desk/bad.md', manuscript(['title: A', 'reporter: B', 'published: 2023-02-30']));
    const github = runCli(['check', 'desk', '--format', 'github'], { cwd: dir });
    expect(github.stdout).toContain('::error file=desk/bad.md,line=4,col=12,title=pressroom date::"published"%3A 2023-02-30 does not exist'.replace('%3A', ':'));
    const json = runCli(['check', 'desk', '--format', 'json'], { cwd: dir });
    const records = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({ type: 'diagnostic', file: 'desk/bad.md', line: 4, column: 12, severity: 'error', ruleId: 'date' });
    expect(records.at(-1)).toMatchObject({ type: 'summary', ok: false, checked: 0, failed: 1, errors: 1 });
  });

  it('a manuscript with 600 alike warnings prints a handful of lines; --all-warnings every one; --max-warnings fails it', () => {
    const body = Array.from({ length: 600 }, (_, index) => `![Chart ${index}](https://example.com/chart-${index}.png)`).join('\n\n');
    put('desk/long.md', manuscript(GOOD, body));
    const grouped = runCli(['check', 'desk'], { cwd: dir });
    expect(grouped.status).toBe(0);
    const lines = grouped.stderr.trim().split('\n');
    expect(lines.length).toBeLessThan(10);
    expect(lines).toContain('  and 597 more like this (first at desk/long.md:13:1)');
    const all = runCli(['check', 'desk', '--all-warnings'], { cwd: dir });
    expect(all.stderr.split('\n').filter((line) => line.includes(': warning: remote image'))).toHaveLength(600);
    const limited = runCli(['check', 'desk', '--max-warnings', '599'], { cwd: dir });
    expect(limited.status).toBe(1);
    expect(limited.stderr).toContain('pressroom: 600 warnings, more than --max-warnings 599 allows');
    expect(runCli(['check', 'desk', '--max-warnings', '600'], { cwd: dir }).status).toBe(0);
    const quiet = runCli(['check', 'desk', '--quiet'], { cwd: dir });
    expect(quiet.stderr).not.toContain(': warning: ');
    expect(quiet.stderr).toContain('600 warning image-remote');
  });

  it('build groups the warnings rendering finds, and --format takes outputs and a report format together', () => {
    const body = Array.from({ length: 200 }, (_, index) => `<a href="https://example.com/${index}" target="_blank">link ${index}</a>`).join('\n\n');
    put('desk/links.md', manuscript([...GOOD, 'slug: links'], body));
    const run = runCli(['build', 'desk', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter((line) => line.includes(': warning: removed the target attribute'))).toHaveLength(3);
    expect(run.stderr).toContain('  and 197 more like this');
    expect(run.stdout).toMatch(/1 built, 0 unchanged, 0 failed in .*; 200 warnings/);
    const json = runCli(['build', 'desk', '--out', 'out', '--format', 'epub,json', '--force'], { cwd: dir });
    expect(json.status).toBe(0);
    const records = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.filter((record) => record.type === 'diagnostic')).toHaveLength(200);
    expect(records.find((record) => record.type === 'manuscript')).toMatchObject({ path: 'desk/links.md', status: 'built', outputs: ['out/links.epub'] });
    expect(fs.existsSync(path.join(dir, 'out', 'links.pdf'))).toBe(false);
    expect(runCli(['build', 'desk', '--format', 'json,sarif'], { cwd: dir }).stderr).toContain('--format takes one report format; got json and sarif');
  });

  it('drafts are left out with a note, by build and check; --drafts takes them', () => {
    put('desk/wip.md', manuscript(['title: Work in progress', 'date: 2024-03-05', 'author: B', 'draft: true']));
    put('desk/jekyll.md', manuscript(['title: Unpublished', 'date: 2024-03-05', 'author: B', 'published: false']));
    const build = runCli(['build', 'desk', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(build.status).toBe(0);
    expect(build.stderr).toContain('desk/wip.md:5:1: note: a draft (draft: true), so it is left out; --drafts includes drafts');
    expect(build.stderr).toContain('desk/jekyll.md:5:1: note: a draft (published: false), so it is left out; --drafts includes drafts');
    expect(build.stdout).toContain('skipped desk/wip.md (a draft; --drafts includes it)');
    expect(fs.existsSync(path.join(dir, 'out', 'wip.epub'))).toBe(false);
    const withDrafts = runCli(['build', 'desk', '--out', 'out', '--format', 'epub', '--drafts'], { cwd: dir });
    expect(withDrafts.status, withDrafts.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', 'wip.epub'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'out', 'jekyll.epub'))).toBe(true);
    expect(runCli(['check', 'desk'], { cwd: dir }).stdout).toMatch(/0 checked, 2 drafts, 0 failed/);
  });

  it('--cache takes a passing manuscript\'s result again until a file it was read from changes; one with errors is read every time', () => {
    fs.mkdirSync(path.join(dir, 'desk', 'images'));
    fs.copyFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'), path.join(dir, 'desk', 'images', 'chart.png'));
    fs.cpSync(path.join(REPO_ROOT, 'templates', 'handout'), path.join(dir, 'desk', 'house'), { recursive: true });
    put('desk/a.md', manuscript([...GOOD, 'slug: a', 'template: ./house'], '![A chart](images/chart.png) and ![](https://example.com/remote.png)'));
    put('desk/bad.md', manuscript([...GOOD, 'slug: bad'], '![Gone](images/gone.png)'));
    put('desk/wip.md', manuscript([...GOOD, 'slug: wip', 'draft: true']));
    const check = (...extra: string[]) => runCli(['check', 'desk/a.md', 'desk/bad.md', 'desk/wip.md', '--format', 'json', '--cache', ...extra], { cwd: dir });
    const withoutSummary = (stdout: string) => stdout.split('\n').filter((line) => !line.includes('"type":"summary"'));
    const first = check();
    expect(first.status).toBe(1);
    expect(withoutSummary(first.stdout)).toEqual(withoutSummary(runCli(['check', 'desk/a.md', 'desk/bad.md', 'desk/wip.md', '--format', 'json'], { cwd: dir }).stdout));
    const cacheFile = path.join(dir, '.pressroom-cache', 'check.json');
    const stored = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { inputs: Record<string, string>; result: { messages: { ruleId: string; reason: string }[] } }> };
    // The passing manuscript and the draft are kept, with what they were read from; the one with errors is not.
    expect(Object.keys(stored.entries).map((file) => path.relative(dir, file)).sort()).toEqual(['desk/a.md', 'desk/wip.md']);
    const entry = stored.entries[path.join(dir, 'desk', 'a.md')]!;
    expect(Object.keys(entry.inputs).map((file) => path.relative(dir, file))).toEqual(expect.arrayContaining(['desk/a.md', 'desk/images/chart.png', 'desk/house/print.yaml']));
    // A message changed in the cache is what the next run prints for a.md: its result comes from there.
    const poisonCache = () => {
      const current = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as typeof stored;
      const remote = current.entries[path.join(dir, 'desk', 'a.md')]!.result.messages.find((message) => message.ruleId === 'image-remote')!;
      remote.reason = remote.reason.replace('is not downloaded', 'IS NOT DOWNLOADED (from the cache)');
      fs.writeFileSync(cacheFile, JSON.stringify(current));
    };
    poisonCache();
    expect(check().stdout).toContain('IS NOT DOWNLOADED (from the cache)');
    // A picture it uses changed: read again.
    fs.writeFileSync(path.join(dir, 'desk', 'images', 'chart.png'), 'not a picture');
    expect(check().stdout).toContain('image \\"images/chart.png\\" is not a PNG, JPEG, GIF, WebP or SVG picture');
    fs.copyFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'), path.join(dir, 'desk', 'images', 'chart.png'));
    expect(check().stdout).not.toContain('(from the cache)');
    // Another template on the command line: read again.
    poisonCache();
    expect(check('--template', 'article').stdout).not.toContain('(from the cache)');
    // A file of its template changed: read again.
    check();
    poisonCache();
    fs.appendFileSync(path.join(dir, 'desk', 'house', 'print.yaml'), '\nsise: A4\n');
    const changedTemplate = check().stdout;
    expect(changedTemplate).toContain('unknown key');
    expect(changedTemplate).not.toContain('(from the cache)');
    // Another manuscript takes its slug: the cached result does not hold.
    fs.cpSync(path.join(REPO_ROOT, 'templates', 'handout', 'print.yaml'), path.join(dir, 'desk', 'house', 'print.yaml'));
    check();
    poisonCache();
    put('desk/b.md', manuscript([...GOOD, 'slug: a']));
    const sharedSlug = runCli(['check', 'desk/a.md', 'desk/b.md', '--cache'], { cwd: dir }).stderr;
    expect(sharedSlug).toContain('desk/a.md:5:7: error: slug "a" is also used by desk/b.md');
    expect(sharedSlug).not.toContain('(from the cache)');
  });

  it('the Hugo post of the issue builds with notes, no warnings: what used to be "missing published" and four unknown fields', () => {
    put('desk/budget.md', manuscript(['title: Council passes the budget', 'date: 2024-03-05T10:20:00+01:00', 'lastmod: 2024-03-06T09:00:00+01:00', 'author: Jane Doe', 'description: The vote was 31 to 12.', 'tags: [budget]', 'draft: false']));
    const run = runCli(['build', 'desk', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/warning|error/);
    expect(run.stderr.split('\n').filter((line) => line.includes(': note: '))).toHaveLength(4);
    expect(epubcheck(path.join(dir, 'out', 'budget.epub'))).toMatchObject({ fatals: 0, errors: 0 });
  });
});

describe('pressroom new', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  it('writes a skeleton dated now in --timezone, with images/, that checks clean and builds as written', () => {
    const env = { SOURCE_DATE_EPOCH: '1709650020' }; // 2024-03-05T14:47:00Z
    const run = runCli(['new', 'council-budget', '--timezone', 'Europe/Berlin'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('wrote manuscript/council-budget.md and manuscript/images/council-budget.svg');
    const text = fs.readFileSync(path.join(dir, 'manuscript', 'council-budget.md'), 'utf8');
    expect(text).toContain('published: 2024-03-05T15:47:00+01:00');
    expect(text).toContain('timezone: Europe/Berlin');
    expect(text).toContain('title: "Council budget"');
    // Every field of the README's table is explained in a comment.
    for (const field of ['title', 'dek', 'reporter', 'published', 'updated', 'timezone', 'publisher', 'lang', 'slug', 'image', 'tags', 'rights', 'identifier', 'url', 'template', 'draft']) {
      expect(text, field).toMatch(new RegExp(`^#? ?${field}:`, 'm'));
    }
    const check = runCli(['check'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const build = runCli(['build'], { cwd: dir, env });
    expect(build.status, build.stderr).toBe(0);
    expect(build.stderr).toBe('');
    expect(epubcheck(path.join(dir, 'out', 'council-budget.epub'))).toMatchObject({ fatals: 0, errors: 0 });
    expect(pdftotext(path.join(dir, 'out', 'council-budget.pdf'))).toContain('Council budget');
  });

  it('never overwrites without --force, and refuses a bad zone or slug (exit 2)', () => {
    expect(runCli(['new', 'story'], { cwd: dir }).status).toBe(0);
    const again = runCli(['new', 'story'], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('manuscript/story.md and manuscript/images/story.svg already exist');
    expect(runCli(['new', 'story', '--force'], { cwd: dir }).status).toBe(0);
    expect(runCli(['new', 'story-2', '--timezone', 'Mars/Olympus'], { cwd: dir }).status).toBe(2);
    expect(runCli(['new', 'Not A Slug'], { cwd: dir }).stderr).toContain('"Not A Slug" is not a plain name');
  });

  it('the kitchen-sink fixture still checks clean (Pressroom manuscripts get no notes)', () => {
    const fixture = copyFixture('kitchen-sink', dir);
    const run = runCli(['check', fixture], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('note:');
  });
});
