import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLongManuscript } from '../bench/corpus.mjs';
import { makeTemp, REPO_ROOT, removeTemp } from './helpers/cli.js';

const moduleUrl = (...parts: string[]) => JSON.stringify(pathToFileURL(path.join(REPO_ROOT, ...parts)).href);

/** Runs an ES module script in a Node process of its own (V8 flags are process-wide) and returns what it printed as JSON. */
function runScript(script: string): unknown {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe('TurboFan inlining while the two halves of a long manuscript are parsed', () => {
  // The flag cannot be read back; V8's code cache, which is keyed by the flags, shows it: each check
  // compiles a script of its own with a cache made at the start, under the default flags, and under
  // another file name (one source and name compiled twice would come from V8's in-memory cache).
  it('is off from when every part is parsing until every part has parsed, or the window is closed', () => {
    const seen = runScript(`
      import vm from 'node:vm';
      import { ParsingWindow } from ${moduleUrl('dist', 'api', 'inlining.js')};
      // Caches made now, under the default flags.
      const probes = Array.from({ length: 8 }, (_, index) => {
        const source = 'function probe' + index + '() { return ' + index + ' } probe' + index + '()';
        const script = new vm.Script(source, { filename: 'probe.js' });
        script.runInThisContext();
        return { source, cache: script.createCachedData() };
      });
      const inlining = () => {
        const { source, cache } = probes.shift();
        return new vm.Script(source, { filename: 'check.js', cachedData: cache }).cachedDataRejected ? 'off' : 'on';
      };
      const seen = [inlining()];
      const window = new ParsingWindow(2);
      window.report('parsing'); seen.push(inlining());
      window.report('parsing'); seen.push(inlining());
      window.report('parsed'); seen.push(inlining());
      window.report('parsed'); seen.push(inlining());
      const stopped = new ParsingWindow(2);
      stopped.report('parsing'); stopped.report('parsing'); seen.push(inlining());
      stopped.close(); seen.push(inlining());
      stopped.close(); stopped.report('parsing'); stopped.report('parsing'); seen.push(inlining());
      console.log(JSON.stringify(seen));`);
    // The flag is only made off while it is measured to help, and never left off.
    expect(seen).toEqual(['on', 'on', 'off', 'off', 'on', 'off', 'on', 'on']);
  });

  it('is left as the user set it on the command line', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--no-turbo_inlining',
        '--input-type=module',
        '-e',
        `const v8 = process.getBuiltinModule('node:v8');
         const flags = [];
         v8.setFlagsFromString = (value) => flags.push(value);
         const { ParsingWindow } = await import(${moduleUrl('dist', 'api', 'inlining.js')});
         const window = new ParsingWindow(1);
         window.report('parsing');
         window.report('parsed');
         console.log(JSON.stringify(flags));`,
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  describe('in real builds', () => {
    let dir: string;
    beforeAll(() => {
      dir = makeTemp('pressroom-inlining-');
      writeLongManuscript(path.join(dir, 'long.md'), 40_000);
      fs.writeFileSync(path.join(dir, 'short.md'), '---\ntitle: Short\nreporter: Desk\npublished: 2024-01-15\n---\n\nA short article.\n');
    });
    afterAll(() => removeTemp(dir));

    /** The V8 flags the package's build() sets while building `inputs`. */
    const flagsSetBuilding = (inputs: string[], jobs: number) =>
      runScript(`
        const v8 = process.getBuiltinModule('node:v8');
        const flags = [];
        const setFlags = v8.setFlagsFromString;
        v8.setFlagsFromString = (value) => { flags.push(value); setFlags(value); };
        const { build } = await import(${moduleUrl('dist', 'bundle', 'index.js')});
        const result = await build({ inputs: ${JSON.stringify(inputs.map((input) => path.join(dir, input)))}, outDir: ${JSON.stringify(path.join(dir, 'out'))}, cwd: ${JSON.stringify(dir)}, jobs: ${jobs}, force: true });
        console.log(JSON.stringify({ ok: result.ok, flags }));`);

    it('switches it off and on again once for a long manuscript built alone', () => {
      expect(flagsSetBuilding(['long.md'], 2)).toEqual({ ok: true, flags: ['--no-turbo-inlining', '--turbo-inlining'] });
    });

    it('leaves it alone in a batch, where other workers may be rendering', () => {
      expect(flagsSetBuilding(['long.md', 'short.md'], 3)).toEqual({ ok: true, flags: [] });
    });
  });
});
