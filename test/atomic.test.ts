import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeTemp, removeTemp, runCli } from './helpers/cli.js';

// `build` also writes the download catalogue (src/catalog) next to the books.
const CATALOG = ['covers', 'index.html', 'opds.json', 'opds.xml'];

const FRONT = ['title: A long story', 'reporter: A. Writer', 'published: 2023-04-21T22:51:00+05:30', 'slug: story'];

function manuscript(edition: string): string {
  const paragraph = `Edition ${edition}: ${'All the news that fits, typeset with care and printed on time. '.repeat(12)}\n\n`;
  return `---\n${FRONT.join('\n')}\n---\n\n${paragraph.repeat(400)}`;
}

/** Starts a build and kills it outright after `delay` ms, as a crash or an OOM killer would. */
function buildAndKill(cwd: string, delay: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build', 'story.md', '--out', 'out'], { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('a build killed mid-way never leaves a partial file under the final name', () => {
  let dir: string;
  let oldFiles: Record<string, Buffer>;
  let newFiles: Record<string, Buffer>;
  const names = ['story.epub', 'story.pdf'];

  beforeAll(() => {
    dir = makeTemp();
    fs.writeFileSync(path.join(dir, 'story.md'), manuscript('two'));
    expect(runCli(['build', 'story.md', '--out', 'new'], { cwd: dir }).status).toBe(0);
    newFiles = Object.fromEntries(names.map((name) => [name, fs.readFileSync(path.join(dir, 'new', name))]));
    fs.writeFileSync(path.join(dir, 'story.md'), manuscript('one'));
    expect(runCli(['build', 'story.md', '--out', 'out'], { cwd: dir }).status).toBe(0);
    oldFiles = Object.fromEntries(names.map((name) => [name, fs.readFileSync(path.join(dir, 'out', name))]));
    fs.writeFileSync(path.join(dir, 'story.md'), manuscript('two'));
  });
  afterAll(() => removeTemp(dir));

  it('holds either the old or the new complete files after each of many kills', async () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      await buildAndKill(dir, 150 + attempt * 120);
      for (const name of names) {
        const now = fs.readFileSync(path.join(dir, 'out', name));
        const isOld = now.equals(oldFiles[name]!);
        const isNew = now.equals(newFiles[name]!);
        expect(isOld || isNew, `${name} after a kill at attempt ${attempt} is neither the old nor the new file`).toBe(true);
      }
    }
    // The next build sweeps up the temporary files that the killed ones could not remove.
    expect(runCli(['build', 'story.md', '--out', 'out'], { cwd: dir }).status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([...CATALOG, ...names].sort());
    for (const name of names) expect(fs.readFileSync(path.join(dir, 'out', name)).equals(newFiles[name]!)).toBe(true);
  });

  it('Ctrl-C (SIGINT) removes the temporary files at once', async () => {
    const child = spawn(process.execPath, [BIN, 'build', 'story.md', '--out', 'out-int'], { cwd: dir, stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    const left = fs.existsSync(path.join(dir, 'out-int')) ? fs.readdirSync(path.join(dir, 'out-int')) : [];
    expect(left.filter((name) => name.startsWith('.pressroom-'))).toEqual([]);
    for (const name of left.filter((one) => names.includes(one))) expect(fs.readFileSync(path.join(dir, 'out-int', name)).equals(newFiles[name]!)).toBe(true);
    expect([0, 130]).toContain(code);
  });
});
