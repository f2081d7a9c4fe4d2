import os from 'node:os';
import path from 'node:path';
import { TOOL_VERSION } from '../core/version.js';
import { sweepStaleTemps } from '../output/atomic.js';
import { peekSlug } from '../read/peek.js';
import { FORMATS, type Format } from '../render/types.js';
import { BuildCache, settingsKey } from './cache.js';
import { findManuscripts } from './inputs.js';
import { JobRunner, type Job, type JobSettings, type ManuscriptResult } from './job.js';
import { WorkerPool } from './pool.js';
import { selectShard, type Shard } from './shard.js';

export type { ManuscriptResult } from './job.js';
export type { Diagnostic } from '../core/diagnostics.js';

export interface BuildOptions {
  /** Manuscript files or folders; default `manuscript`. */
  inputs?: readonly string[];
  /** Output folder; default `out`. */
  outDir?: string;
  formats?: readonly Format[];
  /** Template name or path for every manuscript; wins over front matter `template:`. */
  template?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Worker threads; default one per core. 1 builds in this thread. */
  jobs?: number;
  /** Rebuild even what the cache says is unchanged. */
  force?: boolean;
  /** Build only this stable part of the inputs. */
  shard?: Shard;
  /** Called when a manuscript starts building (not for skipped ones). */
  onStart?: (manuscript: string, index: number, total: number) => void;
  /** Called once per manuscript, in input order, as soon as it and all before it are done. */
  onResult?: (result: ManuscriptResult, index: number, total: number) => void;
}

export interface BuildResult {
  results: ManuscriptResult[];
  ok: boolean;
}

/** Reused by later builds in the same process (watch mode, the API): fonts and templates stay loaded. */
const inProcessRunners = new Map<string, JobRunner>();

/** Builds every manuscript it finds; one that fails does not stop the others. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const settings: JobSettings = {
    cwd,
    outDir: path.resolve(cwd, options.outDir ?? 'out'),
    formats: options.formats ?? FORMATS,
    template: options.template,
    sourceDateEpoch: env.SOURCE_DATE_EPOCH,
  };
  const manuscripts = selectShard(findManuscripts(options.inputs?.length ? options.inputs : ['manuscript'], cwd), options.shard, cwd);
  sweepStaleTemps(settings.outDir);
  const key = settingsKey([TOOL_VERSION, settings.formats, settings.template ?? null, settings.sourceDateEpoch ?? null]);
  const jobs = planJobs(manuscripts, cwd, key);
  const cache = new BuildCache(cwd, settings.outDir);

  const results: (ManuscriptResult | undefined)[] = new Array(jobs.length);
  let reported = 0;
  const settle = (index: number, result: ManuscriptResult) => {
    results[index] = result;
    if (result.cacheEntry) cache.record(jobs[index]!.manuscriptPath, result.cacheEntry);
    else if (!result.skipped) cache.forget(jobs[index]!.manuscriptPath);
    while (reported < jobs.length && results[reported]) {
      options.onResult?.(results[reported]!, reported, jobs.length);
      reported++;
    }
  };

  const toBuild: number[] = [];
  jobs.forEach((job, index) => {
    if (!options.force && !job.duplicateSlug && cache.isFresh(job.manuscriptPath, key)) {
      settle(index, { path: job.displayPath, slug: undefined, outputs: cache.outputsOf(job.manuscriptPath), messages: [], ok: true, skipped: true });
    } else {
      toBuild.push(index);
    }
  });

  const workerCount = Math.min(options.jobs ?? os.availableParallelism(), toBuild.length);
  if (workerCount > 1) {
    const pool = new WorkerPool(settings, workerCount);
    try {
      await Promise.all(
        toBuild.map(async (index) => {
          options.onStart?.(jobs[index]!.displayPath, index, jobs.length);
          settle(index, await pool.run(jobs[index]!));
        }),
      );
    } finally {
      await pool.close();
    }
  } else {
    const runnerKey = JSON.stringify(settings);
    let runner = inProcessRunners.get(runnerKey);
    if (!runner) {
      runner = new JobRunner(settings);
      inProcessRunners.set(runnerKey, runner);
    }
    for (const index of toBuild) {
      options.onStart?.(jobs[index]!.displayPath, index, jobs.length);
      settle(index, await runner.run(jobs[index]!));
    }
  }
  if (jobs.length > 0) cache.save();
  const finished = results as ManuscriptResult[];
  return { results: finished, ok: finished.every((result) => result.ok) };
}

/** One job per manuscript; two that would write the same files are both marked, so neither overwrites the other. */
function planJobs(manuscripts: readonly string[], cwd: string, key: string): Job[] {
  const jobs: Job[] = manuscripts.map((manuscriptPath) => ({
    manuscriptPath,
    displayPath: displayPathOf(manuscriptPath, cwd),
    settingsKey: key,
  }));
  const bySlug = new Map<string, { job: Job; position: ReturnType<typeof peekSlug> }[]>();
  for (const job of jobs) {
    const peeked = peekSlug(job.manuscriptPath);
    if (peeked) bySlug.set(peeked.slug, [...(bySlug.get(peeked.slug) ?? []), { job, position: peeked }]);
  }
  for (const [slug, sharing] of bySlug) {
    if (sharing.length < 2) continue;
    for (const { job, position } of sharing) {
      job.duplicateSlug = {
        slug,
        others: sharing.filter((other) => other.job !== job).map((other) => other.job.displayPath),
        position: position?.position,
      };
    }
  }
  return jobs;
}

function displayPathOf(manuscriptPath: string, cwd: string): string {
  const relative = path.relative(cwd, manuscriptPath);
  return relative.startsWith('..') || path.isAbsolute(relative) ? manuscriptPath : relative;
}
