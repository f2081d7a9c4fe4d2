#!/usr/bin/env node
// The command-line entry point. `npm install` compiles src/ and bundles it into dist/bundle/.
// CommonJS (see bin/package.json), like the bundle: Node starts a CommonJS script a little sooner
// than an ES module.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

// The oldest Node with everything the bundle uses (process.getBuiltinModule among them).
if (typeof process.getBuiltinModule !== 'function') {
  process.stderr.write(`pressroom: needs Node.js 20.16 or later; this is ${process.version}\n`);
  process.exit(2);
}
const entry = path.join(__dirname, '..', 'dist', 'bundle', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('pressroom: not compiled yet; run `npm install` (or `npm run compile`) in the Pressroom folder first\n');
  process.exit(2);
}
const args = process.argv.slice(2);
// Stack traces shown with --debug point into src/, not into the bundle: Node's own loader maps them
// through the source maps, which the code cache's loader does not. Set in the environment, so that
// worker threads do the same (src/boot/code-cache.ts).
if (args.includes('--debug')) process.env.PRESSROOM_CODE_CACHE = 'off';
require(entry)
  .main(args)
  .then((code) => {
    process.exitCode = code;
  });
