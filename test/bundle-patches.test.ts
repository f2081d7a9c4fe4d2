import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch, loadPatches } from '../scripts/library-patches.mjs';
import LazyUnicodeTrie from '../scripts/bundle-stubs/unicode-trie-lazy.mjs';
import UnicodeTrie from 'unicode-trie';
import { makeTemp, removeTemp, REPO_ROOT } from './helpers/cli.js';

interface Patch {
  library: string;
  version: string;
  file: string;
  module: string;
  edits: { find: string; replace: string }[];
}

const NODE_MODULES = path.join(REPO_ROOT, 'node_modules');

describe("the named patch modules of the bundle's libraries", () => {
  it('each fits the installed version of its library: every edit occurs exactly once, and the line count stays', async () => {
    const patches = (await loadPatches(path.join(REPO_ROOT, 'scripts', 'patches'), NODE_MODULES)) as Patch[];
    expect(patches.map((patch) => patch.library)).toContain('harfbuzzjs');
    for (const patch of patches) {
      const code = fs.readFileSync(path.join(NODE_MODULES, patch.library, patch.file), 'utf8');
      const patched = applyPatch(code, patch) as string;
      expect(patched).not.toBe(code);
      // The library's own source map still holds.
      expect(patched.split('\n').length).toBe(code.split('\n').length);
    }
  });

  it('fails loudly, naming the patch module, when the installed version is not the one a patch was written for', async () => {
    const dir = makeTemp('pressroom-patches-');
    try {
      fs.mkdirSync(path.join(dir, 'patches'));
      fs.mkdirSync(path.join(dir, 'node_modules', 'some-library'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'some-library', 'package.json'), JSON.stringify({ name: 'some-library', version: '2.0.0' }));
      fs.writeFileSync(path.join(dir, 'patches', 'some-library.mjs'), "export default { library: 'some-library', version: '1.0.0', file: 'index.js', edits: [] };\n");
      await expect(loadPatches(path.join(dir, 'patches'), path.join(dir, 'node_modules'))).rejects.toThrow(
        'patches/some-library.mjs patches some-library 1.0.0, but 2.0.0 is installed',
      );
    } finally {
      removeTemp(dir);
    }
  });

  it('fails loudly when an edit’s text is not there exactly once', () => {
    const patch = { library: 'lib', version: '1.0.0', file: 'index.js', module: 'patches/lib.mjs', edits: [{ find: 'a();', replace: 'b();' }] };
    expect(applyPatch('x(); a();', patch)).toBe('x(); b();');
    expect(() => applyPatch('x();', patch)).toThrow('patches/lib.mjs: lib/index.js has 0 occurrences of "a();", not 1');
    expect(() => applyPatch('a(); a();', patch)).toThrow('has 2 occurrences');
  });
});

describe('the stand-in for unicode-trie', () => {
  it('answers as the real table does, built on its first lookup', () => {
    const source = fs.readFileSync(path.join(NODE_MODULES, 'unicode-properties', 'dist', 'module.mjs'), 'utf8');
    const data = Buffer.from(/toByteArray\("([^"]+)"\)/.exec(source)![1]!, 'base64');
    const real = new UnicodeTrie(data);
    const lazy = new LazyUnicodeTrie(data);
    for (const codePoint of [0x41, 0x5d0, 0x627, 0x300, 0x4e00, 0x1e900, 0x1f600, 0x10ffff]) expect(lazy.get(codePoint)).toBe(real.get(codePoint));
  });
});
