#!/usr/bin/env node
// The command-line entry point. `npm install` compiles src/ and bundles it into dist/bundle/.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const entry = '../dist/bundle/main.js';
if (!existsSync(new URL(entry, import.meta.url))) {
  process.stderr.write('pressroom: not compiled yet; run `npm install` (or `npm run compile`) in the Pressroom folder first\n');
  process.exit(2);
}
const args = process.argv.slice(2);
// Stack traces shown with --debug point into src/, not into the bundle: Node's own loader maps them,
// which the code cache's loader does not.
if (args.includes('--debug')) {
  process.setSourceMapsEnabled(true);
  process.env.PRESSROOM_CODE_CACHE = 'off';
}
const { main } = require(entry);
process.exitCode = await main(args);
