#!/usr/bin/env node
// The command-line entry point; the TypeScript in src/ compiles to dist/ on `npm install`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('pressroom: not compiled yet; run `npm install` (or `npm run compile`) in the Pressroom folder first\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
