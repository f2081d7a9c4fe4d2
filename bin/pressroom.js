#!/usr/bin/env node
// The command-line entry point. `npm install` compiles src/ and bundles it into dist/bundle/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('pressroom: not compiled yet; run `npm install` (or `npm run compile`) in the Pressroom folder first\n');
  process.exit(2);
}
const args = process.argv.slice(2);
// Stack traces shown with --debug point into src/, not into the bundle.
if (args.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import(entry.href);
process.exitCode = await main(args);
