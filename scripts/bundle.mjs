// Bundles the command line and the package's entry point into dist/bundle/: one file per lazily
// loaded part instead of hundreds of small modules, then trains V8's code cache for them
// (src/boot/code-cache.ts). Run after `tsc` (which type-checks); `npm install` runs both.
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { applyPatch, loadPatches } from './library-patches.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');
const STUBS = path.join(ROOT, 'scripts', 'bundle-stubs');

// Files read at run time from beside the code that reads them: pdfkit's sRGB profile for PDF/A
// output intents, HarfBuzz's WebAssembly.
const DATA = [
  ['node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', 'data/sRGB_IEC61966_2_1.icc'],
  ['node_modules/harfbuzzjs/dist/harfbuzz.wasm', 'harfbuzz.wasm'],
];

// hyphen 1.14.1's cu.js (Church Slavonic) has a key that is not valid JavaScript: that language is not
// hyphenated (src/pdf/text/hyphenate.ts). Any other pattern file that does not load fails the bundle.
const UNLOADABLE_PATTERNS = ['cu.js'];

/**
 * Modules our libraries import, replaced in the bundle by stand-ins in scripts/bundle-stubs/ (each says
 * why): code Pressroom never calls, which throws if it ever were; or a stand-in that defers work
 * (unicode-trie). Replaced, never edited.
 */
const STAND_INS = {
  'brotli/decompress.js': 'brotli-decompress.mjs',
  '@noble/ciphers/aes': 'noble-ciphers-aes.mjs',
  linebreak: 'linebreak.mjs',
  pako: 'pako.mjs',
  'unicode-trie': 'unicode-trie-lazy.mjs',
};
/**
 * Files of epub-gen-memory that its own relative imports load, redirected: to the library's own
 * no-op predicates, which its browser build uses instead of checking options with `ow` (250 KB with its
 * dependencies; our options are typed and built in src/epub/assemble.ts), and to our stubs of its
 * chapter clean-up and of its downloads (see each stub for why it is never needed).
 */
const LIBRARY_FILE_REDIRECTS = {
  'epub-gen-memory/dist/lib/util/predicates.js': path.join(ROOT, 'node_modules', 'epub-gen-memory', 'dist', 'lib', 'util', 'predicates-nop.js'),
  'epub-gen-memory/dist/lib/util/html-parse.js': path.join(STUBS, 'epub-gen-memory-html-parse.mjs'),
  'epub-gen-memory/dist/lib/util/fetchable.js': path.join(STUBS, 'epub-gen-memory-fetchable.mjs'),
};
/** Packages whose imports of node:child_process get scripts/bundle-stubs/child-process-lazy.mjs (it says why); every other module gets Node's. */
const LAZY_CHILD_PROCESS_IN = ['sharp', 'detect-libc'];
const CHILD_PROCESS = ['child_process', 'node:child_process'];
/**
 * Where a library must behave differently and no option, subclass or stand-in can make it, a named
 * patch module in scripts/patches/ says why and makes exact edits to the one version it was written for.
 */
const PATCHES = await loadPatches(path.join(ROOT, 'scripts', 'patches'), path.join(ROOT, 'node_modules')).catch((error) => {
  throw new Error(`bundle: ${error.message}`);
});

// Every patch and file redirect must have been used: a library that moved its code elsewhere fails here.
const applied = new Set();
const patchedLibraries = {
  name: 'pressroom-patched-libraries',
  resolveId: {
    order: 'post',
    async handler(source, importer) {
      if (CHILD_PROCESS.includes(source) && LAZY_CHILD_PROCESS_IN.some((name) => importer?.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`))) {
        applied.add('child_process');
        return path.join(STUBS, 'child-process-lazy.mjs');
      }
      if (!importer?.includes('epub-gen-memory') || !source.startsWith('./')) return undefined;
      const target = path.resolve(path.dirname(importer), source.endsWith('.js') ? source : `${source}.js`);
      const redirect = Object.entries(LIBRARY_FILE_REDIRECTS).find(([file]) => target.endsWith(path.normalize(file)));
      if (!redirect) return undefined;
      applied.add(redirect[0]);
      return redirect[1];
    },
  },
  transform(code, id) {
    const patch = PATCHES.find((candidate) => id.endsWith(path.normalize(`node_modules/${candidate.library}/${candidate.file}`)));
    if (!patch) return undefined;
    applied.add(patch.module);
    return { code: applyPatch(code, patch), map: null };
  },
  buildEnd() {
    const unused = [...PATCHES.map((patch) => patch.module), ...Object.keys(LIBRARY_FILE_REDIRECTS), 'child_process'].filter((name) => !applied.has(name));
    if (unused.length > 0) throw new Error(`bundle: never met ${unused.join(', ')}; revisit the patch modules, LIBRARY_FILE_REDIRECTS and LAZY_CHILD_PROCESS_IN in scripts/bundle.mjs`);
  },
};

fs.rmSync(OUT, { recursive: true, force: true });
const output = await build({
  cwd: ROOT,
  input: {
    cli: 'src/cli/main.ts',
    api: 'src/index.ts',
    'build-worker': 'src/api/worker.ts',
    'check-worker': 'src/api/check-worker.ts',
    boot: 'src/boot/index.ts',
  },
  platform: 'node',
  plugins: [patchedLibraries],
  resolve: {
    extensionAlias: { '.js': ['.ts', '.js'] },
    alias: Object.fromEntries(Object.entries(STAND_INS).map(([name, stub]) => [name, path.join(STUBS, stub)])),
  },
  logLevel: 'warn',
  output: {
    dir: OUT,
    format: 'cjs',
    // Code compiled through the code cache cannot use import(), so dynamic imports become require():
    // Node's built-in modules (which HarfBuzz's loader imports) load either way. sharp is bundled too
    // (its JavaScript took two thirds of its 45 ms load); its native addon and libvips stay in
    // node_modules, where its own createRequire finds them from the bundle's folder.
    dynamicImportInCjs: false,
    // Node reads an all-ASCII file into a string faster than one with a single character outside
    // it; documentation comments are what would keep the files from being ASCII (and make them larger).
    // Licence comments stay.
    charset: 'ascii',
    comments: { legal: true, annotation: false, jsdoc: false },
    sourcemap: true,
    // Every chunk's name carries a hash of its content, which is what keys its code cache.
    entryFileNames: '[name]-[hash].js',
    // sharp's chunk is named for it (by its entry module's folder it would be "dist"), so that it reads as
    // sharp's in a listing, a profile and the code cache.
    chunkFileNames: (chunk) => `${chunk.facadeModuleId?.includes(`${path.sep}node_modules${path.sep}sharp${path.sep}`) ? 'sharp' : '[name]'}-[hash].js`,
  },
});
// The code cache's loader makes one string of an ASCII chunk's bytes, two of any other chunk's.
const notAscii = output.output.filter((chunk) => chunk.type === 'chunk' && !isAscii(fs.readFileSync(path.join(OUT, chunk.fileName))));
if (notAscii.length > 0) throw new Error(`bundle: ${notAscii.map((chunk) => chunk.fileName).join(', ')} not ASCII; check output.charset`);
for (const [from, to] of DATA) {
  fs.mkdirSync(path.dirname(path.join(OUT, to)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, from), path.join(OUT, to));
}

writeHyphenationPatterns();

// The package is an ES module one; the bundle is CommonJS.
fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
// Fixed entry points: bin/pressroom.js loads main.js, the package's `main` is index.js, and
// src/api/pool.ts starts workers on worker.js, src/api/check-pool.ts on check-worker.js.
const entry = (name) => output.output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === name).fileName;
// With the code cache off (`--debug`, src/boot/code-cache.ts), Node's own loader compiles, and maps
// stack traces through the source maps of every chunk loaded after this line: the boot chunk's too.
const sourceMapsWhenDebugging = `if (process.env.PRESSROOM_CODE_CACHE === 'off') process.setSourceMapsEnabled(true);\n`;
const boot = (how) => `${sourceMapsWhenDebugging}require('./${entry('boot')}').${how}(__dirname);\n`;
fs.writeFileSync(path.join(OUT, 'main.js'), `'use strict';\n${boot('bootCommandLine')}module.exports = require('./${entry('cli')}');\n`);
fs.writeFileSync(path.join(OUT, 'index.js'), `'use strict';\n${boot('bootLibrary')}module.exports = require('./${entry('api')}');\n`);
fs.writeFileSync(path.join(OUT, 'worker.js'), `'use strict';\n${boot('bootLibrary')}require('./${entry('build-worker')}');\n`);
fs.writeFileSync(path.join(OUT, 'check-worker.js'), `'use strict';\n${boot('bootLibrary')}require('./${entry('check-worker')}');\n`);

trainCodeCache();

/**
 * The `hyphen` package's patterns as JSON, in data/hyphen/ (src/pdf/text/hyphenate.ts reads them):
 * the package writes its data as JavaScript, which a cold start compiled and ran instead of parsing.
 */
function writeHyphenationPatterns() {
  const patterns = path.join(ROOT, 'node_modules', 'hyphen', 'patterns');
  const target = path.join(OUT, 'data', 'hyphen');
  fs.mkdirSync(target, { recursive: true });
  const requireFromHere = createRequire(import.meta.url);
  for (const file of fs.readdirSync(patterns).filter((name) => name.endsWith('.js'))) {
    let data;
    try {
      data = requireFromHere(path.join(patterns, file));
    } catch (error) {
      if (UNLOADABLE_PATTERNS.includes(file)) continue;
      throw new Error(`bundle: hyphen/patterns/${file} does not load (${error.message}); if the package shipped it broken, add it to UNLOADABLE_PATTERNS`);
    }
    fs.writeFileSync(path.join(target, `${path.basename(file, '.js')}.json`), JSON.stringify(data));
  }
}

/**
 * Builds the sample manuscript once to write the code cache, then again to check V8 takes it; twice
 * over, as V8 keeps a cache for each setting of its compilers (src/boot/tiering.ts): as the command
 * line builds one article (TurboFan off), and with TurboFan on, as long runs, worker threads and the
 * package's entry point compile. A checkout without the sample gets no cache: Pressroom then compiles
 * as it loads, only slower.
 */
function trainCodeCache() {
  const sample = path.join(ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
  if (!fs.existsSync(sample)) {
    process.stderr.write(`bundle: ${path.relative(ROOT, sample)} is missing, so the code cache is not trained\n`);
    return;
  }
  // A scratch working folder, so that the build cache the run writes goes there too.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pressroom-train-'));
  // Each run writes into an empty folder of its own, so that each makes the catalogue's cover pictures
  // (which load sharp) as a new article's build does.
  let runs = 0;
  const run = (mode, nodeFlags) => {
    const result = spawnSync(process.execPath, [...nodeFlags, path.join(ROOT, 'bin', 'pressroom.js'), 'build', sample, '--out', `out-${runs++}`, '--jobs', '1', '--force', '--quiet'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, PRESSROOM_CODE_CACHE: mode, SOURCE_DATE_EPOCH: '0' },
    });
    if (result.status !== 0) throw new Error(`bundle: training build (${mode}, ${nodeFlags.join(' ') || 'as the command line runs'}) failed:\n${result.stderr}`);
    return result.stderr;
  };
  try {
    for (const nodeFlags of [[], ['--opt']]) {
      run('write', nodeFlags);
      const report = run('verify', nodeFlags).split('\n').find((line) => line.startsWith('{"codeCache"'));
      const { codeCache } = JSON.parse(report ?? '{}');
      if (!codeCache || codeCache.used.length === 0 || codeCache.rejected.length > 0 || codeCache.missing.length > 0) {
        throw new Error(`bundle: V8 did not take the code cache (${nodeFlags.join(' ') || 'as the command line runs'}): ${report}`);
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
