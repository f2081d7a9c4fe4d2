import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TOOL_VERSION } from '../core/version.js';
import { sweepStaleTemps, writeFilesAtomically } from '../output/atomic.js';
import { FORMATS, type Format } from '../render/types.js';
import { BuildCache, settingsKey } from './cache.js';
import { JobRunner, type Job, type JobSettings, type ManuscriptResult } from './job.js';
import { planManuscripts } from './plan.js';
import { ParsingWindow } from './inlining.js';
import { WorkerPool } from './pool.js';
import { selectShard, type Shard } from './shard.js';
import { skippedDraft } from './drafts.js';

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
  /** Build drafts (`draft: true`) too; by default they are left out, with a note. */
  drafts?: boolean;
  /** Called when a manuscript starts building (not for skipped ones). */
  onStart?: (manuscript: string, index: number, total: number) => void;
  /** Called once per manuscript, in input order, as soon as it and all before it are done. */
  onResult?: (result: ManuscriptResult, index: number, total: number) => void;
  /** Write the download catalogue (index.html, opds.xml, opds.json, covers/) of every book in the output folder; default true. */
  catalog?: boolean;
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
  const planned = planManuscripts(options.inputs, cwd, settings.outDir);
  const shard = new Set(selectShard(planned.map((entry) => entry.manuscriptPath), options.shard, cwd));
  sweepStaleTemps(settings.outDir);
  const key = settingsKey([TOOL_VERSION, settings.formats, settings.template ?? null, settings.sourceDateEpoch ?? null]);
  const jobs: Job[] = planned.filter((entry) => shard.has(entry.manuscriptPath)).map((entry) => ({ ...entry, settingsKey: key }));
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
    const draft = options.drafts ? undefined : skippedDraft(job);
    if (draft) {
      settle(index, draft);
    } else if (!options.force && !job.duplicateSlug && cache.isFresh(job.manuscriptPath, key)) {
      settle(index, { path: job.displayPath, slug: undefined, outputs: cache.outputsOf(job.manuscriptPath), messages: [], ok: true, skipped: true });
    } else {
      toBuild.push(index);
    }
  });

  const parallelism = options.jobs ?? os.availableParallelism();
  const units = new Map(toBuild.map((index) => [index, shareReading(splitByFormat(jobs[index]!, settings.formats, parallelism))]));
  const partCount = [...units.values()].reduce((sum, parts) => sum + parts.length, 0);
  if (Math.min(parallelism, partCount) > 1) {
    const longAlone = toBuild.length === 1 && partCount > 1;
    const pool = new WorkerPool(settings, Math.min(parallelism, partCount), longAlone ? { youngGenerationMb: LONG_BUILD_YOUNG_GENERATION_MB } : {});
    const parsing = longAlone ? new ParsingWindow(partCount) : undefined;
    try {
      await Promise.all(
        toBuild.map(async (index) => {
          options.onStart?.(jobs[index]!.displayPath, index, jobs.length);
          const parts = await Promise.all(
            units.get(index)!.map(async (part) => {
              const result = await pool.run(part, parsing?.report);
              // A part that stopped before its partner parsed ends the window too.
              parsing?.close();
              // The part that is done (the EPUB, as a rule) gives its memory back while the other builds on.
              if (longAlone) await pool.stopIdle();
              return result;
            }),
          );
          settle(index, parts.length === 1 ? parts[0]! : joinParts(parts));
        }),
      );
    } finally {
      parsing?.close();
      await pool.close();
    }
  } else {
    const runner = inProcessRunner(settings);
    for (const index of toBuild) {
      options.onStart?.(jobs[index]!.displayPath, index, jobs.length);
      settle(index, await runner.run(jobs[index]!));
    }
  }
  if (jobs.length > 0) cache.save();
  if (options.catalog !== false) await (await import('../catalog/index.js')).writeCatalog(settings.outDir);
  const finished = results as ManuscriptResult[];
  return { results: finished, ok: finished.every((result) => result.ok) };
}

function inProcessRunner(settings: JobSettings): JobRunner {
  const runnerKey = JSON.stringify(settings);
  let runner = inProcessRunners.get(runnerKey);
  if (!runner) {
    runner = new JobRunner(settings);
    inProcessRunners.set(runnerKey, runner);
  }
  return runner;
}

/**
 * The young generation of the two workers that build one long manuscript, twice V8's default: a
 * 300,000-word build then spends about a sixth less time collecting garbage (the tree it grows is
 * copied less often), for about 60 MB more at its peak.
 */
const LONG_BUILD_YOUNG_GENERATION_MB = 96;

/**
 * Below this size a manuscript builds as fast in one thread as its parts do in two workers: one
 * Node thread already keeps a second core busy collecting its garbage, so two threads gain little
 * until the work is long enough to outweigh the workers' start-up and the duplicated set-up.
 */
const SPLIT_FORMATS_FROM_BYTES = 256 * 1024;

/**
 * A long manuscript with several formats becomes one part per format, built side by side on
 * separate cores; the parts' files are written together, so the formats never disagree.
 */
function splitByFormat(job: Job, formats: readonly Format[], parallelism: number): Job[] {
  if (formats.length < 2 || parallelism < 2 || job.duplicateSlug) return [job];
  return fileSize(job.manuscriptPath) >= SPLIT_FORMATS_FROM_BYTES ? formats.map((format) => ({ ...job, formats: [format], deferWrite: true })) : [job];
}

/** A manuscript's size in bytes; 0 when it cannot be read (its build then reports why). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Two parts of a long manuscript each parse half of its text and swap halves: micromark is the
 * slowest step, and this way neither thread parses what the other already has. (In a pool the
 * two parts are queued one after the other, so a worker holding one waits at most for the job
 * before the other to finish, never for a job queued behind it.)
 */
function shareReading(parts: Job[]): Job[] {
  if (parts.length !== 2) return parts;
  const { port1, port2 } = new (process.getBuiltinModule('node:worker_threads').MessageChannel)();
  return [
    { ...parts[0]!, readShare: { half: 0, port: port1 } },
    { ...parts[1]!, readShare: { half: 1, port: port2 } },
  ];
}

function joinParts(parts: ManuscriptResult[]): ManuscriptResult {
  const seen = new Set<string>();
  const messages = parts
    .flatMap((part) => part.messages)
    .filter((message) => {
      const key = JSON.stringify(message);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  const internalError = parts.find((part) => part.internalError)?.internalError;
  const joined: ManuscriptResult = { ...parts[0]!, messages, outputs: [], ok: false, files: undefined, cacheEntry: undefined, ...(internalError ? { internalError } : {}) };
  if (!parts.every((part) => part.ok && part.files && part.cacheEntry)) return joined;
  writeFilesAtomically(parts.flatMap((part) => part.files!));
  const entries = parts.map((part) => part.cacheEntry!);
  return {
    ...joined,
    ok: true,
    outputs: parts.flatMap((part) => part.outputs),
    cacheEntry: {
      settings: entries[0]!.settings,
      inputs: Object.assign({}, ...entries.map((entry) => entry.inputs)),
      outputs: Object.assign({}, ...entries.map((entry) => entry.outputs)),
    },
  };
}
