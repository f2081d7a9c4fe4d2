#!/usr/bin/env node
// One fresh process of the benchmark's warm in-process job (bench/run.mjs runs several and pools
// their builds). Usage: node bench/warm.mjs MANUSCRIPT WORK_DIR BUILDS SETTLE_SECONDS
// Prints JSON: the times of builds 4 to 3+BUILDS, and of BUILDS more once the process has been
// building for SETTLE_SECONDS longer; the builds it took to settle; its resident memory.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [manuscript, work, builds, settleSeconds] = process.argv.slice(2);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { build } = await import(pathToFileURL(path.join(ROOT, 'dist', 'bundle', 'index.js')).href);
const options = { inputs: [manuscript], outDir: path.join(work, 'out'), force: true, jobs: 1, cwd: work };

async function timedBuilds() {
  const seconds = [];
  for (let run = 0; run < Number(builds); run++) {
    const started = process.hrtime.bigint();
    const result = await build(options);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (!result.ok) throw new Error(`warm build failed: ${JSON.stringify(result.results[0]?.messages)}`);
  }
  return seconds;
}

for (let warmUp = 0; warmUp < 3; warmUp++) await build(options);
const warm = await timedBuilds();
let settling = 0;
for (const until = Date.now() + Number(settleSeconds) * 1000; Date.now() < until; settling++) await build(options);
const settled = await timedBuilds();
console.log(JSON.stringify({ warm, settled, settling, memoryMb: process.memoryUsage().rss / 1024 / 1024 }));
