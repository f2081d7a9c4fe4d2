import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/api/build.js';
import { hyphenatorFor } from '../src/pdf/text/hyphenate.js';
import { makeTemp, removeTemp, REPO_ROOT, runCli } from './helpers/cli.js';

/*
 * The hyphenation patterns of the `hyphen` package: the bundle reads them as JSON (written by
 * scripts/bundle.mjs), a run from source requires the package's JavaScript; both must be the same data.
 */

const PATTERNS = path.join(REPO_ROOT, 'node_modules', 'hyphen', 'patterns');
const BUNDLED = path.join(REPO_ROOT, 'dist', 'bundle', 'data', 'hyphen');

let dir: string;
beforeAll(() => {
  dir = makeTemp('pressroom-hyphenation-');
});
afterAll(() => removeTemp(dir));

describe('hyphenation patterns', () => {
  it('are kept in the bundle as JSON, the very data of the package\'s JavaScript, for every language whose file loads', () => {
    const requirePatterns = createRequire(path.join(PATTERNS, 'index.js'));
    let compared = 0;
    for (const file of fs.readdirSync(PATTERNS).filter((name) => name.endsWith('.js'))) {
      const json = path.join(BUNDLED, `${path.basename(file, '.js')}.json`);
      let data: unknown;
      try {
        data = requirePatterns(`./${file}`);
      } catch {
        expect(fs.existsSync(json), file).toBe(false);
        continue;
      }
      expect(fs.readFileSync(json, 'utf8') === JSON.stringify(data), file).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(80);
  });

  it('hyphenates German the same from the bundle\'s JSON (the command line) as from the package\'s JavaScript (source)', async () => {
    const manuscript = path.join(dir, 'german.md');
    const words = 'Die Bundesregierung hat am Dienstag die Haushaltsverhandlungen über Verteidigungsausgaben und Infrastrukturinvestitionen abgeschlossen. ';
    fs.writeFileSync(manuscript, `---\ntitle: Haushalt beschlossen\nreporter: Anna Schmidt\npublished: 2024-03-05T10:00:00+01:00\nlang: de\n---\n\n${words.repeat(12)}\n`);
    // The command line may not require a pattern file: had it not read the JSON, German would go unhyphenated.
    const blocker = path.join(dir, 'no-pattern-scripts.cjs');
    fs.writeFileSync(
      blocker,
      "const Module = require('node:module'); const load = Module._load;\n" +
        "Module._load = function (request, ...rest) { if (/hyphen[\\\\/]patterns[\\\\/]/.test(request)) throw new Error('pattern file required'); return load.call(this, request, ...rest); };\n",
    );
    const cli = runCli(['build', manuscript, '--out', path.join(dir, 'cli'), '--format', 'pdf'], { cwd: dir, env: { NODE_OPTIONS: `--require ${blocker}` } });
    expect(cli.status, cli.stderr).toBe(0);
    expect((await build({ inputs: [manuscript], outDir: path.join(dir, 'api'), formats: ['pdf'], cwd: dir, jobs: 1, catalog: false })).ok).toBe(true);
    const pdf = (folder: string) => fs.readFileSync(path.join(dir, folder, 'german.pdf'));
    expect(pdf('cli').equals(pdf('api'))).toBe(true);
    expect(hyphenatorFor('de')!('Infrastrukturinvestitionen').length).toBeGreaterThan(3);
  });

  it('leaves a language unhyphenated when its patterns do not load (the package\'s Church Slavonic), rather than failing the build', () => {
    expect(hyphenatorFor('cu')).toBeUndefined();
    const manuscript = path.join(dir, 'slavonic.md');
    fs.writeFileSync(manuscript, '---\ntitle: Слово\nreporter: A. Writer\npublished: 2024-03-05\nlang: cu\n---\n\nСловеса многа глаголати неподобаетъ тебѣ вѣдѣти хощеши ли разумѣти благочестивыхъ.\n');
    const run = runCli(['build', manuscript, '--out', path.join(dir, 'slavonic')], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
  });
});
