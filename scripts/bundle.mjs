// Bundles the command line into dist/bundle/: one file per lazily loaded part instead of
// hundreds of small modules, which is most of what a cold start costs. Run after `tsc` (which
// type-checks); `npm install` runs both.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');

// Packages that load files next to their own code at run time (a WebAssembly binary, a native
// addon) stay in node_modules.
const EXTERNAL = ['sharp', 'harfbuzzjs'];
// Code that pdfkit and fontkit load but Pressroom never calls, replaced by stubs that throw if it
// ever were (see each stub for why it is unused).
const UNUSED = {
  'brotli/decompress.js': 'brotli-decompress.mjs',
  '@noble/ciphers/aes': 'noble-ciphers-aes.mjs',
  linebreak: 'linebreak.mjs',
};
// pdfkit reads the sRGB profile of PDF/A output intents from `./data/` beside its code.
const PDFKIT_DATA = ['sRGB_IEC61966_2_1.icc'];

fs.rmSync(OUT, { recursive: true, force: true });
await build({
  cwd: ROOT,
  input: { main: 'src/cli/main.ts', worker: 'src/api/worker.ts' },
  platform: 'node',
  resolve: {
    extensionAlias: { '.js': ['.ts', '.js'] },
    alias: Object.fromEntries(Object.entries(UNUSED).map(([name, stub]) => [name, path.join(ROOT, 'scripts', 'bundle-stubs', stub)])),
  },
  external: (id) => EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`)),
  logLevel: 'warn',
  output: {
    dir: OUT,
    format: 'esm',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
  },
});
fs.mkdirSync(path.join(OUT, 'data'));
for (const name of PDFKIT_DATA) fs.copyFileSync(path.join(ROOT, 'node_modules', 'pdfkit', 'js', 'data', name), path.join(OUT, 'data', name));
