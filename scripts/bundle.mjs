// Bundles the command line and the package's entry point into dist/bundle/: one file per lazily
// loaded part instead of hundreds of small modules, then trains V8's code cache for them
// (src/boot/code-cache.ts). Run after `tsc` (which type-checks); `npm install` runs both.
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');
const STUBS = path.join(ROOT, 'scripts', 'bundle-stubs');

// A native addon stays in node_modules.
const EXTERNAL = ['sharp'];
// Code that our libraries load but Pressroom never calls, replaced by stubs that throw if it ever
// were (see each stub for why it is unused), or by what Node has built in (AbortController).
const UNUSED = {
  'brotli/decompress.js': 'brotli-decompress.mjs',
  '@noble/ciphers/aes': 'noble-ciphers-aes.mjs',
  linebreak: 'linebreak.mjs',
  'node-fetch': 'node-fetch.mjs',
  'abort-controller': 'abort-controller.mjs',
  pako: 'pako.mjs',
};
// Files read at run time from beside the code that reads them: pdfkit's sRGB profile for PDF/A
// output intents, HarfBuzz's WebAssembly.
const DATA = [
  ['node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', 'data/sRGB_IEC61966_2_1.icc'],
  ['node_modules/harfbuzzjs/dist/harfbuzz.wasm', 'harfbuzz.wasm'],
];

/**
 * Exact edits to libraries' published code, each checked to apply as often as expected (the versions
 * are pinned; a new version that no longer matches fails the bundle here, not at run time). Each edit
 * stays within its line, so the libraries' own source positions still hold.
 * - harfbuzzjs instantiates its WebAssembly with a top-level await, which CommonJS cannot hold: it
 *   becomes the `ready` promise that src/pdf/fonts/harfbuzz.ts awaits.
 * - Its Emscripten loader imports `module` dynamically; code compiled through the code cache cannot
 *   use import(), so it asks Node for the built-in module instead.
 * - fontkit and unicode-properties inflate four Unicode tables when loaded, a tenth of a cold start.
 *   Three serve fontkit's own shaping, which Pressroom leaves to HarfBuzz; all four are now inflated
 *   on first lookup.
 * - epub-gen-memory checks its options with `ow` (250 KB with its dependencies); its own browser
 *   build swaps that for no-op predicates, and so does ours: our options are typed and built in
 *   src/epub/assemble.ts. Its chapter clean-up is a stub too (see the stub for why).
 * - jszip turns each Node Buffer it is given (every text file of an EPUB, after UTF-8 encoding) into
 *   a Uint8Array one byte at a time in a JavaScript loop; the typed-array constructor makes the same
 *   copy in one step.
 * - epub-gen-memory's redirects are REDIRECTS below; a relative name there is the library's own
 *   file beside the one it replaces, an absolute one our stub.
 */
const LAZY_TRIE = '(make) => { let trie; return { get: (codePoint) => (trie ??= make()).get(codePoint) }; }';
const lazyTries = (count) => [
  { pattern: /^/, to: `const __lazyTrie = ${LAZY_TRIE}; `, count: 1 },
  { pattern: /^(const \$\w+\$var\$trie = )(new \(0, \$\w+\$unicodetrie\)\(.*\));$/gm, to: '$1__lazyTrie(() => $2);', count },
];
const EDITS = {
  'harfbuzzjs/dist/index.mjs': [{ pattern: 'init(await createHarfBuzz());', to: 'export const ready = createHarfBuzz().then(init);', count: 1 }],
  'harfbuzzjs/dist/harfbuzz.js': [{ pattern: 'const{createRequire}=await import("module");', to: 'const{createRequire}=process.getBuiltinModule("module");', count: 1 }],
  'fontkit/dist/module.mjs': lazyTries(3),
  'unicode-properties/dist/module.mjs': lazyTries(1),
  'jszip/lib/utils.js': [{ pattern: 'return arrayLikeToArrayLike(input, new Uint8Array(input.length));', to: 'return new Uint8Array(input);', count: 1 }],
};
const REDIRECTS = {
  'epub-gen-memory/dist/lib/util/predicates.js': 'predicates-nop.js',
  'epub-gen-memory/dist/lib/util/html-parse.js': path.join(STUBS, 'epub-gen-memory-html-parse.mjs'),
};

function applyEdit(code, file, { pattern, to, count }) {
  const found = typeof pattern === 'string' ? code.split(pattern).length - 1 : (code.match(pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`)) ?? []).length;
  if (found !== count) throw new Error(`bundle: ${file} has ${found} matches of ${pattern}, not ${count}; revisit EDITS in scripts/bundle.mjs`);
  return code.replace(pattern, to);
}

// Every edit and redirect must have been used: a library that moved its code elsewhere fails here.
const applied = new Set();
const pinnedEdits = {
  name: 'pressroom-pinned-edits',
  resolveId: {
    order: 'post',
    async handler(source, importer) {
      if (!importer?.includes('epub-gen-memory') || !source.startsWith('./')) return undefined;
      const target = path.resolve(path.dirname(importer), source.endsWith('.js') ? source : `${source}.js`);
      const redirect = Object.entries(REDIRECTS).find(([file]) => target.endsWith(path.normalize(file)));
      if (!redirect) return undefined;
      applied.add(redirect[0]);
      return path.resolve(path.dirname(target), redirect[1]);
    },
  },
  transform(code, id) {
    const file = Object.keys(EDITS).find((name) => id.endsWith(path.normalize(`node_modules/${name}`)));
    if (!file) return undefined;
    applied.add(file);
    return { code: EDITS[file].reduce((edited, edit) => applyEdit(edited, file, edit), code), map: null };
  },
  buildEnd() {
    const unused = [...Object.keys(EDITS), ...Object.keys(REDIRECTS)].filter((file) => !applied.has(file));
    if (unused.length > 0) throw new Error(`bundle: never met ${unused.join(', ')}; revisit EDITS and REDIRECTS in scripts/bundle.mjs`);
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
    'code-cache': 'src/boot/code-cache.ts',
  },
  platform: 'node',
  plugins: [pinnedEdits],
  resolve: {
    extensionAlias: { '.js': ['.ts', '.js'] },
    alias: Object.fromEntries(Object.entries(UNUSED).map(([name, stub]) => [name, path.join(STUBS, stub)])),
  },
  external: (id) => EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`)),
  logLevel: 'warn',
  output: {
    dir: OUT,
    format: 'cjs',
    // Code compiled through the code cache cannot use import(): sharp, the one package left outside
    // the bundle, is CommonJS and is required instead.
    dynamicImportInCjs: false,
    // Node reads an all-ASCII file into a string faster than one with a single character outside
    // it; documentation comments are what would keep the files from being ASCII (and make them larger).
    // Licence comments stay.
    charset: 'ascii',
    comments: { legal: true, annotation: false, jsdoc: false },
    sourcemap: true,
    // Every chunk's name carries a hash of its content, which is what keys its code cache.
    entryFileNames: '[name]-[hash].js',
    chunkFileNames: '[name]-[hash].js',
  },
});
// The code cache's loader makes one string of an ASCII chunk's bytes, two of any other chunk's.
const notAscii = output.output.filter((chunk) => chunk.type === 'chunk' && !isAscii(fs.readFileSync(path.join(OUT, chunk.fileName))));
if (notAscii.length > 0) throw new Error(`bundle: ${notAscii.map((chunk) => chunk.fileName).join(', ')} not ASCII; check output.charset`);
for (const [from, to] of DATA) {
  fs.mkdirSync(path.dirname(path.join(OUT, to)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, from), path.join(OUT, to));
}

// The package is an ES module one; the bundle is CommonJS.
fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
// Fixed entry points: bin/pressroom.js loads main.js, the package's `main` is index.js, and
// src/api/pool.ts starts workers on worker.js, src/api/check-pool.ts on check-worker.js.
const entry = (name) => output.output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === name).fileName;
const boot = `require('./${entry('code-cache')}').installCodeCache(__dirname);\n`;
fs.writeFileSync(path.join(OUT, 'main.js'), `'use strict';\n${boot}module.exports = require('./${entry('cli')}');\n`);
fs.writeFileSync(path.join(OUT, 'index.js'), `'use strict';\n${boot}module.exports = require('./${entry('api')}');\n`);
fs.writeFileSync(path.join(OUT, 'worker.js'), `'use strict';\n${boot}require('./${entry('build-worker')}');\n`);
fs.writeFileSync(path.join(OUT, 'check-worker.js'), `'use strict';\n${boot}require('./${entry('check-worker')}');\n`);

trainCodeCache();

/**
 * Builds the sample manuscript once to write the code cache, then again to check V8 takes it. A
 * checkout without the sample gets no cache: Pressroom then compiles as it loads, only slower.
 */
function trainCodeCache() {
  const sample = path.join(ROOT, 'manuscript', 'zelenskyy-nato-guarantees.md');
  if (!fs.existsSync(sample)) {
    process.stderr.write(`bundle: ${path.relative(ROOT, sample)} is missing, so the code cache is not trained\n`);
    return;
  }
  // A scratch working folder, so that the build cache the run writes goes there too.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pressroom-train-'));
  const run = (mode) => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'pressroom.js'), 'build', sample, '--out', 'out', '--jobs', '1', '--force', '--quiet'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, PRESSROOM_CODE_CACHE: mode, SOURCE_DATE_EPOCH: '0' },
    });
    if (result.status !== 0) throw new Error(`bundle: training build (${mode}) failed:\n${result.stderr}`);
    return result.stderr;
  };
  try {
    run('write');
    const report = run('verify').split('\n').find((line) => line.startsWith('{"codeCache"'));
    const { codeCache } = JSON.parse(report ?? '{}');
    if (!codeCache || codeCache.used.length === 0 || codeCache.rejected.length > 0 || codeCache.missing.length > 0) {
      throw new Error(`bundle: V8 did not take the code cache: ${report}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
