import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZE_FROM_BYTES } from '../src/boot/tiering.js';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';

const SAMPLE = path.join(REPO_ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');

interface Verdicts {
  used: string[];
  rejected: string[];
  missing: string[];
  /** The V8 tags the chunks were compiled under, in order. */
  tags: string[];
}

/**
 * An installed copy of Pressroom (bin/, dist/bundle/, package.json; templates and node_modules linked),
 * whose code cache a test may change without touching the one other tests use.
 */
function installCopy(into: string): string {
  fs.cpSync(path.join(REPO_ROOT, 'bin'), path.join(into, 'bin'), { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'dist', 'bundle'), path.join(into, 'dist', 'bundle'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(into, 'package.json'));
  for (const linked of ['templates', 'node_modules']) fs.symlinkSync(path.join(REPO_ROOT, linked), path.join(into, linked));
  return path.join(into, 'bin', 'pressroom.js');
}

function buildWithReport(bin: string, args: string[], cwd: string, nodeFlags: string[] = []): { status: number | null; stderr: string; codeCache: Verdicts | undefined } {
  const run = spawnSync(process.execPath, [...nodeFlags, bin, 'build', ...args, '--force', '--quiet'], { cwd, encoding: 'utf8', env: { ...process.env, PRESSROOM_CODE_CACHE: 'verify' } });
  const report = run.stderr.split('\n').find((line) => line.startsWith('{"codeCache"'));
  return { status: run.status, stderr: run.stderr, codeCache: report ? (JSON.parse(report) as { codeCache: Verdicts }).codeCache : undefined };
}

describe('the code cache and the compilers of a command-line run', () => {
  let dir: string;
  let bin: string;
  beforeAll(() => {
    dir = makeTemp('pressroom-boot-');
    bin = installCopy(path.join(dir, 'install'));
  });
  afterAll(() => removeTemp(dir));

  it('keeps a cache for each setting of V8 it was trained under, filed by V8’s version tag: the short run’s and the long run’s', () => {
    const tags = fs.readdirSync(path.join(REPO_ROOT, 'dist', 'bundle', 'code-cache'));
    expect(tags).toHaveLength(2);
    // This Node with its default flags (the long run's setting) is one of them.
    expect(tags).toContain(v8.cachedDataVersionTag().toString(16));
  });

  it('builds one article from the short run’s caches, and a run of more Markdown than OPTIMIZE_FROM_BYTES from the long run’s, V8 rejecting none', () => {
    const small = buildWithReport(bin, [SAMPLE, '--out', path.join(dir, 'small'), '--jobs', '1'], dir);
    expect(small.status, small.stderr).toBe(0);
    expect(small.codeCache).toMatchObject({ rejected: [], missing: [] });
    expect(small.codeCache!.used.some((chunk) => chunk.startsWith('pdf-'))).toBe(true);
    // Without TurboFan from start to end: one tag, not the one of Node's default flags.
    const defaultTag = v8.cachedDataVersionTag().toString(16);
    expect(small.codeCache!.tags).toHaveLength(1);
    expect(small.codeCache!.tags).not.toContain(defaultTag);

    // Plain paragraphs, enough of them to weigh more than the limit.
    const paragraph = 'A plain sentence of an ordinary article, written to make the manuscript long enough. '.repeat(8);
    const long = ['---', 'title: A long one', 'reporter: A. Writer', 'published: 2024-05-02', '---', ''];
    while (long.join('\n\n').length <= OPTIMIZE_FROM_BYTES) long.push(paragraph);
    fs.writeFileSync(path.join(dir, 'long.md'), long.join('\n\n'));
    const large = buildWithReport(bin, ['long.md', '--out', path.join(dir, 'large'), '--format', 'epub', '--jobs', '1'], dir);
    expect(large.status, large.stderr).toBe(0);
    // The renderer loads after the run has turned TurboFan on: from the other folder, which V8 takes too.
    expect(large.codeCache).toMatchObject({ rejected: [] });
    expect(large.codeCache!.used.some((chunk) => chunk.startsWith('epub-'))).toBe(true);
    expect(large.codeCache!.tags).toEqual([...small.codeCache!.tags, defaultTag]);
  });

  it('leaves TurboFan as the user set it when Node is given a compiler flag', () => {
    const run = buildWithReport(bin, [SAMPLE, '--out', path.join(dir, 'flagged'), '--jobs', '1'], dir, ['--opt']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.codeCache).toMatchObject({ rejected: [], missing: [], tags: [v8.cachedDataVersionTag().toString(16)] });
  });

  it('never reads a cache filed under another tag (another Node, other flags): it compiles, and builds the same bytes', () => {
    const cacheDir = path.join(dir, 'install', 'dist', 'bundle', 'code-cache');
    // As if the caches had been made by another version of Node.
    for (const [index, tag] of fs.readdirSync(cacheDir).entries()) fs.renameSync(path.join(cacheDir, tag), path.join(cacheDir, `0000000${index}`));
    const run = buildWithReport(bin, [SAMPLE, '--out', path.join(dir, 'foreign'), '--jobs', '1'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.codeCache!.used).toEqual([]);
    expect(run.codeCache!.rejected).toEqual([]);
    expect(run.codeCache!.missing.length).toBeGreaterThan(0);
    const reference = buildWithReport(path.join(REPO_ROOT, 'bin', 'pressroom.js'), [SAMPLE, '--out', path.join(dir, 'reference'), '--jobs', '1'], dir);
    expect(reference.status, reference.stderr).toBe(0);
    for (const name of ['zelenskyy-nato-guarantees.epub', 'zelenskyy-nato-guarantees.pdf']) {
      expect(fs.readFileSync(path.join(dir, 'foreign', name)).equals(fs.readFileSync(path.join(dir, 'reference', name)))).toBe(true);
    }
  });
});
