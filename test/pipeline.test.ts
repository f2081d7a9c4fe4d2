import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocumentModel } from '../src/model/types.js';
import type { RenderContext } from '../src/render/types.js';
import { makeTemp, removeTemp, runCli } from './helpers/cli.js';
import { readMarkedPages } from './helpers/page-list.js';
import { pdfinfo, pdfinfoMetadata, qpdfCheck, requireTool } from './helpers/tools.js';

/**
 * One pipeline: a job reads its manuscript once, renders each format once, and hands the same
 * bytes to every sink — the files in out/, the bag, the catalogue. Reads and renders are counted
 * where the pipeline calls them (the reader and the renderers, wrapped), not timed.
 */
const counted = vi.hoisted(() => ({ reads: [] as string[], models: [] as string[], renders: [] as string[] }));

vi.mock('../src/read/manuscript.js', async (load) => {
  const actual = await load<typeof import('../src/read/manuscript.js')>();
  return {
    ...actual,
    readManuscript: (...args: Parameters<typeof actual.readManuscript>) => {
      counted.reads.push(path.basename(args[0]));
      return actual.readManuscript(...args);
    },
  };
});

vi.mock('../src/model/index.js', async (load) => {
  const actual = await load<typeof import('../src/model/index.js')>();
  return {
    ...actual,
    resolveDocument: (...args: Parameters<typeof actual.resolveDocument>) => {
      counted.models.push(args[0].article.slug);
      return actual.resolveDocument(...args);
    },
  };
});

vi.mock('../src/api/renderers.js', async (load) => {
  const actual = await load<typeof import('../src/api/renderers.js')>();
  return {
    loadWriter: async (format: 'epub' | 'pdf') => {
      const writer = await actual.loadWriter(format);
      return {
        ...writer,
        article: (document: DocumentModel, context: RenderContext) => {
          counted.renders.push(`${document.article.slug}.${format}`);
          return writer.article(document, context);
        },
      };
    },
  };
});

const { build } = await import('../src/api/build.js');
const { packageManuscripts } = await import('../src/api/package.js');

function manuscript(title: string, body = 'Body text of the story.'): string {
  return `---\ntitle: ${title}\nreporter: A. Writer\npublished: 2023-04-21T22:51:00+05:30\n---\n\n${body}\n`;
}

let dir: string;
beforeAll(() => {
  dir = makeTemp('pressroom-pipeline-');
  fs.mkdirSync(path.join(dir, 'desk'));
  fs.writeFileSync(path.join(dir, 'desk', 'alpha.md'), manuscript('Alpha'));
  fs.writeFileSync(path.join(dir, 'desk', 'bravo.md'), manuscript('Bravo'));
});
afterAll(() => removeTemp(dir));

function sameBytes(a: string, b: string): boolean {
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

describe('one pipeline', () => {
  it('build --archive reads each manuscript once, resolves its model once and renders each format once, for the files and the bag', async () => {
    counted.reads.length = 0;
    counted.models.length = 0;
    counted.renders.length = 0;
    const result = await build({ inputs: ['desk'], outDir: 'out', archive: true, jobs: 1, cwd: dir, env: {} });
    expect(result.ok, JSON.stringify(result.results.map((one) => one.messages))).toBe(true);
    expect(counted.reads.sort()).toEqual(['alpha.md', 'bravo.md']);
    expect(counted.models.sort()).toEqual(['alpha', 'bravo']);
    expect(counted.renders.sort()).toEqual(['alpha.epub', 'alpha.pdf', 'bravo.epub', 'bravo.pdf']);
    expect(result.results.map((one) => [one.outputs.map((file) => path.basename(file)), one.bags.map((bag) => path.basename(bag))])).toEqual([
      [['alpha.epub', 'alpha.pdf'], ['alpha-bag']],
      [['bravo.epub', 'bravo.pdf'], ['bravo-bag']],
    ]);
    for (const slug of ['alpha', 'bravo']) {
      for (const extension of ['epub', 'pdf']) {
        expect(sameBytes(path.join(dir, 'out', `${slug}.${extension}`), path.join(dir, 'out', `${slug}-bag`, 'data', `${slug}.${extension}`)), `${slug}.${extension}`).toBe(true);
      }
    }
    // The catalogue, the third sink, lists the books just written.
    expect(fs.readFileSync(path.join(dir, 'out', 'opds.xml'), 'utf8')).toContain('href="alpha.epub"');
  });

  it('package reads and renders once too, straight into the bag, and writes no books beside it', async () => {
    counted.reads.length = 0;
    counted.models.length = 0;
    counted.renders.length = 0;
    const run = await packageManuscripts({ inputs: ['desk/alpha.md'], outDir: 'packaged', serializations: ['folder', 'zip'], jobs: 1, cwd: dir, env: {} });
    expect(run.ok, JSON.stringify(run.results[0]!.messages)).toBe(true);
    expect(counted.reads).toEqual(['alpha.md']);
    expect(counted.models).toEqual(['alpha']);
    expect(counted.renders.sort()).toEqual(['alpha.epub', 'alpha.pdf']);
    expect(fs.readdirSync(path.join(dir, 'packaged')).sort()).toEqual(['alpha-bag', 'alpha-bag.zip']);
  });

  it('an unchanged article whose bag is there is skipped, without reading it; a missing or damaged bag is made again', async () => {
    counted.reads.length = 0;
    const again = await build({ inputs: ['desk'], outDir: 'out', archive: true, jobs: 1, cwd: dir, env: {} });
    expect(again.results.map((one) => one.skipped)).toEqual([true, true]);
    expect(again.results[0]!.bags).toEqual([path.join(dir, 'out', 'alpha-bag')]);
    expect(counted.reads).toEqual([]);

    fs.rmSync(path.join(dir, 'out', 'alpha-bag'), { recursive: true });
    fs.appendFileSync(path.join(dir, 'out', 'bravo-bag', 'data', 'metadata.json'), ' ');
    const rebuilt = await build({ inputs: ['desk'], outDir: 'out', archive: true, jobs: 1, cwd: dir, env: {} });
    expect(rebuilt.results.map((one) => one.skipped)).toEqual([false, false]);
    expect(counted.reads.sort()).toEqual(['alpha.md', 'bravo.md']);
    expect(fs.existsSync(path.join(dir, 'out', 'alpha-bag', 'data', 'alpha.pdf'))).toBe(true);
    // A plain build after an archival one builds again: its PDF is not the archival one.
    const plain = await build({ inputs: ['desk'], outDir: 'out', jobs: 1, cwd: dir, env: {} });
    expect(plain.results.map((one) => one.skipped)).toEqual([false, false]);
  });
});

describe('editions', () => {
  it('an edition reads each article once; rebuilt because one changed, it reads that one alone', async () => {
    const folder = path.join(dir, 'edition');
    fs.mkdirSync(folder, { recursive: true });
    for (const name of ['one', 'two', 'three']) fs.writeFileSync(path.join(folder, `${name}.md`), manuscript(name[0]!.toUpperCase() + name.slice(1)));
    fs.writeFileSync(path.join(folder, 'week.edition.yaml'), 'edition:\n  title: Week\n  published: 2024-01-01\nsections:\n  - title: All\n    articles: [one.md, two.md, three.md]\n');
    counted.reads.length = 0;
    counted.renders.length = 0;
    const first = await build({ inputs: ['edition/week.edition.yaml'], outDir: 'edition-out', jobs: 1, cwd: dir, env: {} });
    expect(first.ok, JSON.stringify(first.results[0]!.messages)).toBe(true);
    expect(counted.reads.sort()).toEqual(['one.md', 'three.md', 'two.md']);
    const before = fs.readFileSync(path.join(dir, 'edition-out', 'week.pdf'));

    counted.reads.length = 0;
    fs.writeFileSync(path.join(folder, 'two.md'), manuscript('Two', 'The story, changed.'));
    const second = await build({ inputs: ['edition/week.edition.yaml'], outDir: 'edition-out', jobs: 1, cwd: dir, env: {} });
    expect(second.results[0]!.skipped).toBe(false);
    expect(counted.reads).toEqual(['two.md']);
    expect(fs.readFileSync(path.join(dir, 'edition-out', 'week.pdf')).equals(before)).toBe(false);

    // What the kept models give is what reading everything afresh gives.
    counted.reads.length = 0;
    const fresh = await build({ inputs: ['edition/week.edition.yaml'], outDir: 'edition-fresh', jobs: 1, force: true, cwd: dir, env: {} });
    expect(counted.reads.sort()).toEqual(['one.md', 'three.md', 'two.md']);
    expect(fresh.ok).toBe(true);
    for (const name of ['week.epub', 'week.pdf']) {
      expect(sameBytes(path.join(dir, 'edition-out', name), path.join(dir, 'edition-fresh', name)), name).toBe(true);
    }
  });
});

describe('build --archive through the command line', () => {
  let cli: string;
  beforeAll(() => {
    cli = makeTemp('pressroom-pipeline-cli-');
    fs.mkdirSync(path.join(cli, 'desk'));
    fs.writeFileSync(path.join(cli, 'desk', 'one.md'), manuscript('One'));
    fs.writeFileSync(path.join(cli, 'desk', 'two.md'), manuscript('Two', 'The *second* story.'));
  });
  afterAll(() => removeTemp(cli));

  it('worker threads write the same bytes to out/ and into each bag; the PDF is PDF/A-3b with the manuscript attached', () => {
    const run = runCli(['build', 'desk', '--archive', '--jobs', '2'], { cwd: cli });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('built desk/one.md → out/one.epub, out/one.pdf\npackaged desk/one.md → out/one-bag/\n');
    expect(run.stdout).toContain('2 built, 0 unchanged, 0 failed');
    for (const slug of ['one', 'two']) {
      for (const extension of ['epub', 'pdf']) {
        expect(sameBytes(path.join(cli, 'out', `${slug}.${extension}`), path.join(cli, 'out', `${slug}-bag`, 'data', `${slug}.${extension}`)), `${slug}.${extension}`).toBe(true);
      }
    }
    const pdf = path.join(cli, 'out', 'one.pdf');
    expect(qpdfCheck(pdf).status).toBe(0);
    expect(pdfinfoMetadata(pdf)).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    requireTool('pdfdetach', 'poppler-utils');
    expect(spawnSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' }).stdout).toContain('one.md');
    expect(runCli(['verify', 'out/one-bag', 'out/two-bag'], { cwd: cli }).status).toBe(0);

    const again = runCli(['build', 'desk', '--archive'], { cwd: cli });
    expect(again.stdout).toContain('unchanged desk/one.md (out/one.epub, out/one.pdf, out/one-bag/)');
  });

  it('a failed build keeps the previous books and bag whole, and leaves nothing half-written', () => {
    const before = ['one.epub', 'one.pdf', 'one-bag/data/one.pdf', 'one-bag/manifest-sha256.txt'].map((file) => fs.readFileSync(path.join(cli, 'out', file)));
    fs.writeFileSync(path.join(cli, 'desk', 'one.md'), manuscript('One').replace('2023-04-21T22:51:00+05:30', '2023-02-30'));
    const run = runCli(['build', 'desk', '--archive'], { cwd: cli });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('desk/one.md:4:12: error: "published": 2023-02-30 does not exist');
    const after = ['one.epub', 'one.pdf', 'one-bag/data/one.pdf', 'one-bag/manifest-sha256.txt'].map((file) => fs.readFileSync(path.join(cli, 'out', file)));
    expect(after).toEqual(before);
    expect(fs.readdirSync(path.join(cli, 'out')).filter((name) => name.startsWith('.pressroom-'))).toEqual([]);
  });

  it('--archive needs both formats', () => {
    const run = runCli(['build', 'desk', '--archive', '--format', 'epub'], { cwd: cli });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--archive needs both formats (a bag holds the EPUB and the PDF); leave out --format');
  });

  it('a long manuscript, read by two workers, is delivered to out/ and its bag together', async () => {
    const paragraph = `${'Long reports need long paragraphs, set with care and printed in full. '.repeat(10)}\n\n`;
    fs.writeFileSync(path.join(cli, 'desk', 'long.md'), manuscript('Long', paragraph.repeat(Math.ceil((300 * 1024) / paragraph.length))));
    const run = runCli(['build', 'desk/long.md', '--archive', '--jobs', '2', '--out', 'long'], { cwd: cli });
    expect(run.status, run.stderr).toBe(0);
    for (const extension of ['epub', 'pdf']) {
      expect(sameBytes(path.join(cli, 'long', `long.${extension}`), path.join(cli, 'long', 'long-bag', 'data', `long.${extension}`))).toBe(true);
    }
    expect(runCli(['verify', 'long/long-bag'], { cwd: cli }).status).toBe(0);
    // Read by two workers or by one, the same books: the EPUB marks the PDF's pages.
    const alone = runCli(['build', 'desk/long.md', '--archive', '--jobs', '1', '--out', 'alone'], { cwd: cli });
    expect(alone.status, alone.stderr).toBe(0);
    for (const extension of ['epub', 'pdf']) expect(sameBytes(path.join(cli, 'long', `long.${extension}`), path.join(cli, 'alone', `long.${extension}`)), extension).toBe(true);
    const pages = Number(pdfinfo(path.join(cli, 'long', 'long.pdf')).Pages);
    const marked = await readMarkedPages(fs.readFileSync(path.join(cli, 'long', 'long.epub')));
    expect(pages).toBeGreaterThan(20);
    expect(marked.listed.map((entry) => entry.page)).toEqual(Array.from({ length: pages }, (_, index) => index + 1));
  });
});
