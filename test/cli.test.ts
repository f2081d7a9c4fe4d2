import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';
import { epubcheck, pdffonts, pdfinfoMetadata, pdftotext, qpdfCheck } from './helpers/tools.js';

// `build` also writes the download catalogue (src/catalog) next to the books.
const CATALOG = ['covers', 'index.html', 'opds.json', 'opds.xml'];

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
const FRONT = ['title: A headline', 'reporter: A. Writer', 'published: 2023-04-21T22:51:00+05:30'];

function manuscript(lines: string[], body = 'Body text.'): string {
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

describe('pressroom (the command line)', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
  });
  afterEach(() => removeTemp(dir));

  it('--help and --version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('pressroom build [PATH...]');
    const buildHelp = runCli(['build', '--help']);
    expect(buildHelp.stdout).toContain('--format LIST');
    const version = runCli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(`pressroom ${JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version}`);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['build', '--colour'], /unknown option '--colour'/],
    [['build', '--format', 'docx'], /--format takes a comma-separated list of epub, pdf \(what to build\) and one of text, json, github, sarif \(how to report\); got "docx"/],
    [['build', 'no/such/file.md'], /no\/such\/file\.md: no such file or folder/],
    [['build', 'package.json'], /package\.json: not a Markdown manuscript/],
  ])('usage error %j exits 2 with a message', (args, expected) => {
    const run = runCli(args, { cwd: REPO_ROOT });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('builds the sample into the folder --out names', () => {
    const out = path.join(dir, 'out');
    const run = runCli(['build', SAMPLE, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([...CATALOG, 'zelenskyy-nato-guarantees.epub', 'zelenskyy-nato-guarantees.pdf'].sort());
    expect(run.stdout).toMatch(/built .*zelenskyy-nato-guarantees\.md → .*zelenskyy-nato-guarantees\.epub, .*zelenskyy-nato-guarantees\.pdf/);
  });

  it('the installed command (the bundle) makes a PDF/A with its sRGB output intent and an EPUB that pass the validators', () => {
    const out = path.join(dir, 'archival');
    const run = runCli(['build', SAMPLE, '--out', out, '--template', 'archival']);
    expect(run.status, run.stderr).toBe(0);
    const pdf = path.join(out, 'zelenskyy-nato-guarantees.pdf');
    expect(qpdfCheck(pdf).status).toBe(0);
    expect(pdfinfoMetadata(pdf)).toMatch(/pdfaid:part/);
    const bytes = fs.readFileSync(pdf).toString('latin1');
    expect(bytes).toContain('/OutputIntents');
    expect(bytes).toContain('/DestOutputProfile');
    const fonts = pdffonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.embedded)).toBe(true);
    expect(pdftotext(pdf).replace(/\s+/g, ' ')).toContain('concrete guarantees');
    expect(epubcheck(path.join(out, 'zelenskyy-nato-guarantees.epub'))).toMatchObject({ fatals: 0, errors: 0 });
  });

  it("the bundle loads through V8's code cache, and builds the same bytes without it", () => {
    const cached = runCli(['build', SAMPLE, '--out', path.join(dir, 'cached')], { env: { PRESSROOM_CODE_CACHE: 'verify' } });
    expect(cached.status, cached.stderr).toBe(0);
    const report = cached.stderr.split('\n').find((line) => line.startsWith('{"codeCache"'));
    const { codeCache } = JSON.parse(report ?? '{}') as { codeCache?: { used: string[]; rejected: string[]; missing: string[] } };
    expect(codeCache?.rejected).toEqual([]);
    expect(codeCache?.missing).toEqual([]);
    expect(codeCache?.used.some((chunk) => chunk.startsWith('pdf-'))).toBe(true);
    expect(codeCache?.used.some((chunk) => chunk.startsWith('epub-'))).toBe(true);

    const plain = runCli(['build', SAMPLE, '--out', path.join(dir, 'plain')], { env: { PRESSROOM_CODE_CACHE: 'off' } });
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stderr).not.toContain('codeCache');
    for (const name of ['zelenskyy-nato-guarantees.epub', 'zelenskyy-nato-guarantees.pdf']) {
      expect(fs.readFileSync(path.join(dir, 'plain', name)).equals(fs.readFileSync(path.join(dir, 'cached', name)))).toBe(true);
    }
  });

  it("the package's entry point builds the same bytes as the command line", async () => {
    const entry = pathToFileURL(path.join(REPO_ROOT, 'dist', 'bundle', 'index.js')).href;
    const { build } = (await import(entry)) as { build: (options: object) => Promise<{ ok: boolean }> };
    const fromCode = await build({ inputs: [SAMPLE], outDir: path.join(dir, 'code'), cwd: dir });
    expect(fromCode.ok).toBe(true);
    const fromCli = runCli(['build', SAMPLE, '--out', path.join(dir, 'cli')]);
    expect(fromCli.status, fromCli.stderr).toBe(0);
    for (const name of ['zelenskyy-nato-guarantees.epub', 'zelenskyy-nato-guarantees.pdf']) {
      expect(fs.readFileSync(path.join(dir, 'code', name)).equals(fs.readFileSync(path.join(dir, 'cli', name)))).toBe(true);
    }
  });

  it('--format builds only what it names', () => {
    const run = runCli(['build', SAMPLE, '--out', dir, '--format', 'epub']);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([...CATALOG, 'zelenskyy-nato-guarantees.epub'].sort());
  });

  it('a folder builds every manuscript below it, in order; one bad one fails alone', () => {
    fs.mkdirSync(path.join(dir, 'desk', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'desk', 'b-good.md'), manuscript(FRONT));
    fs.writeFileSync(path.join(dir, 'desk', 'sub', 'a-good.md'), manuscript(FRONT));
    fs.writeFileSync(path.join(dir, 'desk', 'a-bad.md'), manuscript(['title: Broken', 'reporter: X', 'published: 2023-02-30']));
    const run = runCli(['build', 'desk', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('desk/a-bad.md:4:12: error: "published": 2023-02-30 does not exist: that month has 28 days');
    expect(run.stderr).toContain('1 of 3 manuscripts failed: desk/a-bad.md');
    expect(run.stdout.split('\n').filter(Boolean).slice(0, 2)).toEqual([
      'built desk/b-good.md → out/b-good.epub',
      'built desk/sub/a-good.md → out/a-good.epub',
    ]);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([...CATALOG, 'a-good.epub', 'b-good.epub'].sort());
  });

  it.each([
    ['a missing required field', manuscript(['title: A', 'published: 2023-04-21']), 'story.md:4:1: error: missing required field "reporter"'],
    ['an invalid date', manuscript(['title: A', 'reporter: B', 'published: yesterday']), 'story.md:4:12: error: "published": "yesterday" is not an ISO 8601 date'],
    ['a missing picture', manuscript(FRONT, '![A chart](images/chart.png)'), 'story.md:7:1: error: image "images/chart.png" not found'],
    ['malformed YAML', manuscript(['title: "A', 'reporter: B', 'published: 2023-04-21']), 'story.md:2:8: error: YAML syntax error: Missing closing "quote'],
  ])('%s: exit 1, path:line:col on stderr, no stack trace, nothing written', (_case, source, expected) => {
    fs.writeFileSync(path.join(dir, 'story.md'), source);
    const run = runCli(['build', 'story.md', '--out', 'out'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'out')) ? fs.readdirSync(path.join(dir, 'out')) : []).toEqual([]);
  });

  it('a failed build leaves the previous good output untouched and no stray files', () => {
    const story = path.join(dir, 'story.md');
    fs.writeFileSync(story, manuscript(FRONT));
    expect(runCli(['build', 'story.md', '--out', 'out', '--format', 'epub'], { cwd: dir }).status).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'out', 'story.epub'));
    fs.writeFileSync(story, manuscript(['title: A', 'reporter: B', 'published: 2023-13-01']));
    expect(runCli(['build', 'story.md', '--out', 'out', '--format', 'epub'], { cwd: dir }).status).toBe(1);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([...CATALOG, 'story.epub'].sort());
    expect(fs.readFileSync(path.join(dir, 'out', 'story.epub')).equals(before)).toBe(true);
  });

  it('two manuscripts with the same slug: both fail, neither writes', () => {
    fs.writeFileSync(path.join(dir, 'one.md'), manuscript([...FRONT, 'slug: same']));
    fs.writeFileSync(path.join(dir, 'two.md'), manuscript([...FRONT, 'slug: same']));
    const run = runCli(['build', '.', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('one.md:5:7: error: slug "same" is also used by two.md');
    expect(run.stderr).toContain('two.md:5:7: error: slug "same" is also used by one.md');
    expect(fs.existsSync(path.join(dir, 'out', 'same.epub'))).toBe(false);
  });

  it('an unknown template names the manuscript and lists the templates', () => {
    fs.writeFileSync(path.join(dir, 'story.md'), manuscript([...FRONT, 'template: broadsheet']));
    const run = runCli(['build', 'story.md', '--out', 'out'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('story.md:5:11: error: unknown template "broadsheet" (from template:); available templates: archival, article, handout');
    const fromCli = runCli(['build', 'story.md', '--out', 'out', '--template', 'tabloid'], { cwd: dir });
    expect(fromCli.status).toBe(1);
    expect(fromCli.stderr).toContain('story.md:1:1: error: unknown template "tabloid" (from --template)');
  });

  it('build --archive also writes the bag, and a later build of the folder never takes the bag for a manuscript', () => {
    fs.writeFileSync(path.join(dir, 'story.md'), manuscript([...FRONT, 'slug: story']));
    const run = runCli(['build', '.', '--out', 'out', '--archive'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('packaged story.md → out/story-bag/');
    expect(fs.existsSync(path.join(dir, 'out', 'story-bag', 'data', 'source', 'story.md'))).toBe(true);
    const again = runCli(['build', '.', '--out', 'out', '--force'], { cwd: dir });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('1 built, 0 unchanged, 0 failed');
    expect(runCli(['verify', 'out/story-bag'], { cwd: dir }).status).toBe(0);
  });

  it('a broken template is reported at its own line, once', () => {
    fs.mkdirSync(path.join(dir, 'house'));
    fs.writeFileSync(path.join(dir, 'house', 'print.yaml'), 'base:\n  font_size: 12pz\n');
    fs.writeFileSync(path.join(dir, 'a.md'), manuscript(FRONT));
    fs.writeFileSync(path.join(dir, 'b.md'), manuscript(FRONT));
    const run = runCli(['build', 'a.md', 'b.md', '--out', 'out', '--template', './house'], { cwd: dir });
    expect(run.status).toBe(1);
    const templateLines = run.stderr.split('\n').filter((line) => line.startsWith('house/print.yaml:2:14: error:'));
    expect(templateLines).toHaveLength(1);
    expect(run.stderr).toContain('a.md:1:1: error: template "./house" has errors');
  });

  it('warnings do not fail the build', () => {
    fs.writeFileSync(path.join(dir, 'story.md'), manuscript([...FRONT, 'reportr: typo'], '![A remote chart](https://example.com/c.png)'));
    const run = runCli(['build', 'story.md', '--out', 'out', '--format', 'epub'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('story.md:5:1: warning: unknown front matter field "reportr" is ignored; did you mean "reporter"?');
    expect(run.stderr).toContain('story.md:8:1: warning: remote image');
  });
});
