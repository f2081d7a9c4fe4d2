import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shardOf } from '../src/api/shard.js';
import { Progress } from '../src/cli/progress.js';
import { BIN, makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';

const LEAD_PNG = fs.readFileSync(path.join(REPO_ROOT, 'manuscript', 'images', 'lead.png'));

function manuscript(slug: string, body = `The story of ${slug}.`): string {
  return `---\ntitle: Story ${slug}\nreporter: A. Writer\npublished: 2024-01-15T09:00:00Z\nslug: ${slug}\n---\n\n${body}\n`;
}

describe('batch builds', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
    fs.mkdirSync(path.join(dir, 'desk', 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'desk', 'images', 'pic.png'), LEAD_PNG);
    for (const slug of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) {
      fs.writeFileSync(path.join(dir, 'desk', `${slug}.md`), manuscript(slug, slug === 'charlie' ? '![A flag](images/pic.png)' : undefined));
    }
  });
  afterEach(() => removeTemp(dir));

  const build = (...args: string[]) => runCli(['build', 'desk', '--out', 'out', '--format', 'epub', ...args], { cwd: dir });
  const builtLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('built ') || line.startsWith('unchanged '));

  it('parallel workers report in input order, and --jobs 1 gives the same files', () => {
    const parallel = build('--jobs', '2');
    expect(parallel.status, parallel.stderr).toBe(0);
    expect(builtLines(parallel.stdout)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((slug) => `built desk/${slug}.md → out/${slug}.epub`));
    const epubs = fs.readdirSync(path.join(dir, 'out')).filter((name) => name.endsWith('.epub'));
    expect(epubs).toHaveLength(5);
    const first = Object.fromEntries(epubs.map((name) => [name, fs.readFileSync(path.join(dir, 'out', name))]));
    const serial = runCli(['build', 'desk', '--out', 'serial', '--format', 'epub', '--jobs', '1'], { cwd: dir });
    expect(serial.status).toBe(0);
    for (const [name, data] of Object.entries(first)) expect(fs.readFileSync(path.join(dir, 'serial', name)).equals(data)).toBe(true);
  });

  it('skips what has not changed, says so, and rebuilds what has', () => {
    expect(build().status).toBe(0);
    const again = build();
    expect(again.status).toBe(0);
    expect(builtLines(again.stdout).every((line) => line.startsWith('unchanged '))).toBe(true);
    expect(again.stdout).toContain('0 built, 5 unchanged, 0 failed');

    fs.appendFileSync(path.join(dir, 'desk', 'bravo.md'), '\nA late addition.\n');
    expect(build().stdout).toContain('1 built, 4 unchanged');
    // Content, not modification time, decides: the same bytes saved again rebuild nothing.
    fs.writeFileSync(path.join(dir, 'desk', 'images', 'pic.png'), Buffer.from(LEAD_PNG));
    fs.utimesSync(path.join(dir, 'desk', 'alpha.md'), new Date(), new Date());
    expect(build().stdout).toContain('0 built, 5 unchanged');
  });

  it('a changed picture, a deleted output, another format or --force rebuild; a deleted cache costs only time', () => {
    expect(build().status).toBe(0);
    const other = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'kitchen-sink', 'images', 'bands.jpg'));
    fs.writeFileSync(path.join(dir, 'desk', 'images', 'other.jpg'), other);
    fs.writeFileSync(path.join(dir, 'desk', 'charlie.md'), manuscript('charlie', '![A band](images/other.jpg)'));
    expect(build().stdout).toContain('1 built, 4 unchanged');
    const changed = Buffer.from(other);
    changed[Math.floor(changed.length / 2)] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'desk', 'images', 'other.jpg'), changed);
    expect(build().stdout).toContain('1 built, 4 unchanged');

    fs.rmSync(path.join(dir, 'out', 'delta.epub'));
    expect(build().stdout).toContain('1 built, 4 unchanged');
    expect(build('--force').stdout).toContain('5 built, 0 unchanged');
    expect(runCli(['build', 'desk', '--out', 'out', '--format', 'epub,pdf'], { cwd: dir }).stdout).toContain('5 built, 0 unchanged');

    fs.rmSync(path.join(dir, '.pressroom-cache'), { recursive: true });
    const afterDelete = build();
    expect(afterDelete.status).toBe(0);
    expect(afterDelete.stdout).toContain('5 built, 0 unchanged');
  });

  it('a template change rebuilds every article that uses it', () => {
    fs.mkdirSync(path.join(dir, 'house'));
    fs.writeFileSync(path.join(dir, 'house', 'print.yaml'), 'base:\n  font_size: 11pt\n');
    fs.writeFileSync(path.join(dir, 'house', 'ebook.css'), 'p { color: #111; }\n');
    expect(build('--template', './house').status).toBe(0);
    expect(build('--template', './house').stdout).toContain('0 built, 5 unchanged');
    fs.writeFileSync(path.join(dir, 'house', 'ebook.css'), 'p { color: #222; }\n');
    expect(build('--template', './house').stdout).toContain('5 built, 0 unchanged');
  });

  it('font files of installed npm packages are known by package, version, path and size; other files by their bytes', async () => {
    const { inputHashes } = await import('../src/api/cache.js');
    const root = path.join(dir, 'node_modules', '@fonts', 'serif');
    fs.mkdirSync(path.join(root, '400Regular'), { recursive: true });
    const font = path.join(root, '400Regular', 'Serif.ttf');
    const own = path.join(dir, 'house.ttf');
    const packagedText = path.join(root, 'README.md');
    const writePackage = (version: string) => fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: '@fonts/serif', version }));
    const hashes = () => inputHashes([[font, undefined], [own, undefined], [packagedText, undefined]]);
    writePackage('1.0.0');
    for (const file of [font, own, packagedText]) fs.writeFileSync(file, 'glyphs one');
    const first = hashes();
    for (const file of [font, own, packagedText]) fs.writeFileSync(file, 'glyphs two');
    const sameSize = hashes();
    expect(sameSize[font]).toBe(first[font]);
    expect(sameSize[own]).not.toBe(first[own]);
    expect(sameSize[packagedText]).not.toBe(first[packagedText]);
    writePackage('1.0.1');
    expect(hashes()[font]).not.toBe(first[font]);
    fs.writeFileSync(font, 'more glyphs than before');
    expect(hashes()[font]).not.toBe(sameSize[font]);
  });

  it('a rebuild that makes the same bytes leaves the file alone; in one process the catalogue still sees every change', async () => {
    const { build: buildInProcess } = await import('../src/api/build.js');
    const options = { inputs: ['desk/alpha.md'], outDir: 'same', formats: ['epub'] as const, cwd: dir, jobs: 1, force: true };
    const epub = path.join(dir, 'same', 'alpha.epub');
    expect((await buildInProcess(options)).ok).toBe(true);
    const before = fs.statSync(epub, { bigint: true });
    expect((await buildInProcess(options)).ok).toBe(true);
    const after = fs.statSync(epub, { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([before.ino, before.mtimeNs]);

    fs.writeFileSync(path.join(dir, 'desk', 'alpha.md'), manuscript('alpha').replace('title: Story alpha', 'title: Story alpha, revised'));
    expect((await buildInProcess(options)).ok).toBe(true);
    expect(fs.statSync(epub, { bigint: true }).ino).not.toBe(before.ino);
    expect(fs.readFileSync(path.join(dir, 'same', 'opds.json'), 'utf8')).toContain('Story alpha, revised');
  });

  it('in one process (watch, the API), a template file changed in place is hashed again, however its times look', async () => {
    const { build: buildInProcess } = await import('../src/api/build.js');
    fs.mkdirSync(path.join(dir, 'house'));
    fs.writeFileSync(path.join(dir, 'house', 'print.yaml'), 'base:\n  font_size: 11pt\n');
    const css = path.join(dir, 'house', 'ebook.css');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const options = { inputs: ['desk/alpha.md'], outDir: 'memo', formats: ['epub'] as const, template: './house', cwd: dir, jobs: 1, catalog: false };
    const skipped = async () => (await buildInProcess(options)).results[0]!.skipped;

    // Settled files (changed long ago) have their hashes remembered between builds…
    fs.writeFileSync(css, 'p { color: #111; }\n');
    fs.utimesSync(css, anHourAgo, anHourAgo);
    expect(await skipped()).toBe(false);
    expect(await skipped()).toBe(true);
    // …but the same size and the same modification time do not vouch for the bytes: the change time moved.
    fs.writeFileSync(css, 'p { color: #222; }\n');
    fs.utimesSync(css, anHourAgo, anHourAgo);
    expect(await skipped()).toBe(false);
    // A file changed just now is never remembered: a second change within the same clock tick is seen.
    fs.writeFileSync(css, 'p { color: #333; }\n');
    expect(await skipped()).toBe(false);
    fs.writeFileSync(css, 'p { color: #444; }\n');
    expect(await skipped()).toBe(false);
    expect(await skipped()).toBe(true);
  });

  it('a long manuscript read by two workers gives the same bytes as one worker makes', () => {
    // Over 256 KB: two threads each parse half and swap. A list runs across the middle, and a
    // reference and a note are only defined at the very end.
    const paragraph = `${'Long reports need "long" paragraphs -- set with care and printed in full. '.repeat(10)}See [the archive][far].[^n]\n\n`;
    const half = paragraph.repeat(Math.ceil((150 * 1024) / paragraph.length));
    const list = Array.from({ length: 300 }, (_, item) => `- point ${item}, in [the archive][far]\n\n`).join('');
    const ending = '[far]: https://example.com/archive\n\n[^n]: Defined last.\n';
    fs.writeFileSync(path.join(dir, 'desk', 'long.md'), manuscript('long', `${half}${list}${half}${ending}`));
    const split = runCli(['build', 'desk/long.md', '--out', 'split', '--jobs', '2'], { cwd: dir });
    expect(split.status, split.stderr).toBe(0);
    expect(split.stdout).toContain('built desk/long.md → split/long.epub, split/long.pdf');
    const single = runCli(['build', 'desk/long.md', '--out', 'single', '--jobs', '1'], { cwd: dir });
    expect(single.status).toBe(0);
    for (const name of ['long.epub', 'long.pdf']) {
      expect(fs.readFileSync(path.join(dir, 'split', name)).equals(fs.readFileSync(path.join(dir, 'single', name)))).toBe(true);
    }
    expect(runCli(['build', 'desk/long.md', '--out', 'split', '--jobs', '2'], { cwd: dir }).stdout).toContain('0 built, 1 unchanged');
  });

  it('a pool gives back the memory of idle workers on request, and starts a new worker for a job queued after', async () => {
    // The compiled pool (its worker is a compiled module); a long manuscript's reading part is stopped this way.
    const { WorkerPool } = (await import(path.join(REPO_ROOT, 'dist', 'api', 'pool.js'))) as typeof import('../src/api/pool.js');
    const settings = { cwd: dir, outDir: path.join(dir, 'pooled'), formats: ['epub'] as const, template: undefined, sourceDateEpoch: undefined, sinks: { files: true, bag: undefined }, archivalPdf: false };
    const pool = new WorkerPool(settings, 2);
    try {
      const job = { manuscriptPath: path.join(dir, 'desk', 'alpha.md'), displayPath: 'desk/alpha.md', settingsKey: 'test' };
      expect((await pool.run(job)).ok).toBe(true);
      await pool.stopIdle();
      // Both workers stopped, neither taken for a crash (a crash would be replaced by an idle worker).
      expect((pool as unknown as { idle: unknown[]; busy: Map<unknown, unknown> }).idle).toHaveLength(0);
      const again = await pool.run(job);
      expect(again.ok, JSON.stringify(again.messages)).toBe(true);
      expect(fs.existsSync(path.join(dir, 'pooled', 'alpha.epub'))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('--shard K/N splits the inputs into stable parts that cover each article exactly once', () => {
    const seen: string[] = [];
    for (let shard = 1; shard <= 3; shard++) {
      const run = build('--shard', `${shard}/3`, '--force');
      expect(run.status).toBe(0);
      seen.push(...builtLines(run.stdout).map((line) => /desk\/(\w+)\.md/.exec(line)![1]!));
    }
    expect(seen.sort()).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    // Membership depends on the article's own path only: adding articles moves none of the others.
    const before = ['alpha', 'bravo', 'charlie'].map((slug) => shardOf(`desk/${slug}.md`, 3));
    fs.writeFileSync(path.join(dir, 'desk', 'aardvark.md'), manuscript('aardvark'));
    expect(['alpha', 'bravo', 'charlie'].map((slug) => shardOf(`desk/${slug}.md`, 3))).toEqual(before);
    expect(build('--shard', '4/3').status).toBe(2);
    expect(build('--shard', '0/3').stderr).toContain('--shard takes K/N with 1 ≤ K ≤ N');
  });
});

describe('pressroom watch', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTemp();
    fs.mkdirSync(path.join(dir, 'desk'));
    fs.writeFileSync(path.join(dir, 'desk', 'story.md'), manuscript('story'));
  });
  afterEach(() => removeTemp(dir));

  /** `pressroom watch ARGS…` in the scratch folder: what it prints, and a wait for what it should print. */
  function watching(args: string[]) {
    const child = spawn(process.execPath, [BIN, 'watch', ...args], { cwd: dir });
    const seen = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (seen.stdout += chunk));
    child.stderr.on('data', (chunk) => (seen.stderr += chunk));
    const waitFor = async (test: () => boolean, what: string) => {
      for (let tries = 0; tries < 200 && !test(); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!test()) throw new Error(`timed out waiting for ${what}; stdout:\n${seen.stdout}\nstderr:\n${seen.stderr}`);
    };
    const stop = async () => {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('exit', resolve));
    };
    return { seen, waitFor, stop };
  }

  it('rebuilds on save, one line per rebuild with its time, and keeps going after an error', async () => {
    const { seen, waitFor, stop } = watching(['desk', '--out', 'out', '--format', 'epub']);
    try {
      await waitFor(() => seen.stdout.includes('watching desk'), 'the first build');
      expect(seen.stdout).toMatch(/rebuilt desk\/story\.md in \d+ ms/);
      const firstEpub = fs.readFileSync(path.join(dir, 'out', 'story.epub'));

      fs.writeFileSync(path.join(dir, 'desk', 'story.md'), manuscript('story', 'A new second paragraph.').replace('published: 2024-01-15', 'published: 2024-02-30'));
      await waitFor(() => /failed desk\/story\.md in \d+ ms/.test(seen.stdout), 'the failed rebuild');
      await waitFor(() => seen.stderr.includes('desk/story.md:4:12: error: "published": 2024-02-30 does not exist'), 'the error message');
      expect(fs.readFileSync(path.join(dir, 'out', 'story.epub')).equals(firstEpub)).toBe(true);

      fs.writeFileSync(path.join(dir, 'desk', 'story.md'), manuscript('story', 'Fixed, and longer.'));
      await waitFor(() => (seen.stdout.match(/rebuilt desk\/story\.md in \d+ ms/g) ?? []).length >= 2, 'the second rebuild');
      expect(fs.readFileSync(path.join(dir, 'out', 'story.epub')).equals(firstEpub)).toBe(false);
      expect(seen.stdout).toMatch(/^\d{2}:\d{2}:\d{2} rebuilt desk\/story\.md in \d+ ms$/m);
    } finally {
      await stop();
    }
  });

  it('rebuilds an edition when an article it names from outside the watched folder, or its picture, is saved', async () => {
    // The edition in desk/ names an article in a folder beside it, which has a picture of its own.
    fs.mkdirSync(path.join(dir, 'elsewhere', 'images'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'elsewhere', 'images', 'pic.png'), LEAD_PNG);
    fs.writeFileSync(path.join(dir, 'elsewhere', 'far.md'), manuscript('far', '![A flag](images/pic.png)'));
    fs.writeFileSync(path.join(dir, 'desk', 'week.edition.yaml'), 'edition:\n  title: Week\n  published: 2024-01-15\nsections:\n  - title: All\n    articles: [story.md, ../elsewhere/far.md]\n');
    const { seen, waitFor, stop } = watching(['desk', '--out', 'out', '--format', 'epub']);
    const rebuilds = () => (seen.stdout.match(/rebuilt desk\/week\.edition\.yaml in \d+ ms/g) ?? []).length;
    try {
      await waitFor(() => seen.stdout.includes('watching desk'), 'the first build');
      expect(rebuilds()).toBe(1);
      const first = fs.readFileSync(path.join(dir, 'out', 'week.epub'));

      fs.writeFileSync(path.join(dir, 'elsewhere', 'far.md'), manuscript('far', '![A flag](images/pic.png)\n\nA paragraph added far away.'));
      await waitFor(() => rebuilds() >= 2, 'the rebuild for the article');
      const second = fs.readFileSync(path.join(dir, 'out', 'week.epub'));
      expect(second.equals(first)).toBe(false);
      // The article alone in desk/ was not touched: only the edition was rebuilt.
      expect(seen.stdout.match(/rebuilt desk\/story\.md/g)).toHaveLength(1);

      // An editor that saves by writing a new file and renaming it over the old one.
      const saved = path.join(dir, 'elsewhere', 'images', 'pic.png.new');
      fs.copyFileSync(path.join(REPO_ROOT, 'manuscript', 'sample-edition', 'images', 'chart.png'), saved);
      fs.renameSync(saved, path.join(dir, 'elsewhere', 'images', 'pic.png'));
      await waitFor(() => rebuilds() >= 3, 'the rebuild for the picture');
      expect(fs.readFileSync(path.join(dir, 'out', 'week.epub')).equals(second)).toBe(false);
    } finally {
      await stop();
    }
  });

  it('follows the articles of an edition manifest watched alone', async () => {
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    fs.writeFileSync(path.join(dir, 'elsewhere', 'far.md'), manuscript('far'));
    fs.writeFileSync(path.join(dir, 'desk', 'week.edition.yaml'), 'edition:\n  title: Week\n  published: 2024-01-15\nsections:\n  - title: All\n    articles: [../elsewhere/far.md]\n');
    const { seen, waitFor, stop } = watching(['desk/week.edition.yaml', '--out', 'out', '--format', 'epub']);
    try {
      await waitFor(() => seen.stdout.includes('watching desk/week.edition.yaml'), 'the first build');
      fs.writeFileSync(path.join(dir, 'elsewhere', 'far.md'), manuscript('far', 'Saved again, longer.'));
      await waitFor(() => (seen.stdout.match(/rebuilt desk\/week\.edition\.yaml in \d+ ms/g) ?? []).length >= 2, 'the rebuild for the article');
    } finally {
      await stop();
    }
  });
});

describe('progress on a terminal', () => {
  it('draws a bar with counts, the current article and an ETA once a run passes one second', () => {
    let now = 0;
    let screen = '';
    const progress = new Progress(4, (text) => (screen += text), true, () => now);
    progress.start('desk/a.md');
    expect(screen).toBe('');
    now = 1500;
    progress.finish();
    progress.start('desk/b.md');
    expect(screen).toContain('[######..................] 1/4 desk/b.md ETA 4.5s');
    progress.around(() => (screen += 'a message line\n'));
    expect(screen).toMatch(/\r\x1b\[2Ka message line\n\r\x1b\[2K\[#+\.+\] 1\/4/);
  });

  it('draws nothing when not on a terminal', () => {
    let screen = '';
    const progress = new Progress(2, (text) => (screen += text), false, () => 5000);
    progress.start('a.md');
    progress.finish();
    expect(screen).toBe('');
  });
});
