import path from 'node:path';
import fs from 'node:fs';
import { build } from 'rolldown';
const ROOT = '/work/main';
const OUT = '/tmp/cjsb/dist/bundle';
fs.rmSync(OUT, { recursive: true, force: true });
const UNUSED = { 'brotli/decompress.js': 'brotli-decompress.mjs', '@noble/ciphers/aes': 'noble-ciphers-aes.mjs', linebreak: 'linebreak.mjs', 'node-fetch': '/tmp/stub-fetch.mjs', 'abort-controller': '/tmp/stub-abort.mjs' };
await build({
  cwd: ROOT,
  input: { main: 'src/cli/main.ts', worker: 'src/api/worker.ts' },
  platform: 'node', plugins: [{ name: 'nop', resolveId(src, imp) { if (imp && imp.includes('epub-gen-memory') && (src === './predicates' || src === './predicates.js')) return path.join(path.dirname(imp), 'predicates-nop.js'); } }],
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] }, alias: Object.fromEntries(Object.entries(UNUSED).map(([n, s]) => [n, s.startsWith('/') ? s : path.join(ROOT, 'scripts', 'bundle-stubs', s)])) },
  external: (id) => ['sharp', 'harfbuzzjs'].some((name) => id === name || id.startsWith(`${name}/`)),
  output: { dir: OUT, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
});
fs.mkdirSync(path.join(OUT, 'data'));
fs.copyFileSync(path.join(ROOT, 'node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc'), path.join(OUT, 'data/sRGB_IEC61966_2_1.icc'));
