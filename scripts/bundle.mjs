// Bundles the command line into dist/bundle/: one file per lazily loaded part instead of
// hundreds of small modules, which is most of what a cold start costs. Run after `tsc` (which
// type-checks); `npm install` runs both.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');

// Packages that find files next to their own code (a WebAssembly binary, an ICC profile, a native
// addon) stay in node_modules; fontkit stays with them because pdfkit must see our font objects as its own.
const EXTERNAL = ['sharp', 'harfbuzzjs', 'pdfkit', 'fontkit'];

fs.rmSync(OUT, { recursive: true, force: true });
await build({
  cwd: ROOT,
  input: { main: 'src/cli/main.ts', worker: 'src/api/worker.ts' },
  platform: 'node',
  resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
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
