import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sweepStaleBagTemps } from '../archive/write.js';
import type { CatalogResult } from '../catalog/index.js';
import { buildInstant, UsageError } from '../core/clock.js';
import { TOOL_VERSION } from '../core/version.js';
import { sweepStaleTemps } from '../output/atomic.js';
import { FORMATS, type Format } from '../render/types.js';
import { attempt } from './attempt.js';
import { BuildCache, settingsKey } from './cache.js';
import { deliver, type Rendered } from './deliver.js';
import { JobRunner, type Job, type JobSettings, type ManuscriptResult, type Sinks } from './job.js';
import { planManuscripts, type PlannedManuscript } from './plan.js';
import { peekEdition } from '../read/edition.js';
import { ParsingWindow } from './inlining.js';
import { WorkerPool } from './pool.js';
import { selectShard, type Shard } from './shard.js';
import { draftMarkOf, skippedDraft, skippedDraftEdition } from './drafts.js';
import { optimizeFor } from '../boot/tiering.js';

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
  /**
   * Also make each article's archival BagIt bag, `<slug>-bag/`, from the very bytes written to the
   * output folder; this run's PDF is then archival-grade (PDF/A-3b with the manuscript attached).
   * Needs both formats.
   */
  archive?: boolean;
}

/** What `build` and `package` each choose of the one pipeline. */
export interface PipelineOptions extends Omit<BuildOptions, 'archive' | 'catalog'> {
  sinks: Sinks;
  archivalPdf: boolean;
  /** Skip articles the cache says are unchanged, and remember what was built. */
  cache: boolean;
  /** Write the catalogue of the output folder once the run is over. */
  catalog: boolean;
}

export interface BuildResult {
  results: ManuscriptResult[];
  ok: boolean;
  /** What the catalogue written at the end of the run did; undefined with `catalog: false`. */
  catalog?: CatalogResult;
}

/** Reused by later builds in the same process (watch mode, the API): fonts and templates stay loaded. */
const inProcessRunners = new Map<string, JobRunner>();

/** Builds every manuscript it finds; one that fails does not stop the others. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const formats = options.formats ?? FORMATS;
  if (options.archive && !FORMATS.every((format) => formats.includes(format))) {
    throw new UsageError('--archive needs both formats (a bag holds the EPUB and the PDF); leave out --format');
  }
  const { archive, catalog, ...rest } = options;
  return runPipeline({
    ...rest,
    formats,
    sinks: { files: true, bag: archive ? ['folder'] : undefined },
    archivalPdf: Boolean(archive),
    cache: true,
    catalog: catalog !== false,
  });
}

/**
 * The one pipeline: plans the run, skips what the cache says is unchanged, and runs each job —
 * read once, render each format once, hand the bytes to the sinks — in this thread or in worker
 * threads; then writes the catalogue. `build` and `package` are choices of its sinks.
 */
export async function runPipeline(options: PipelineOptions): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  // A malformed SOURCE_DATE_EPOCH is a usage error for the whole run, before anything is written.
  buildInstant(new Date(0), env);
  const settings: JobSettings = {
    cwd,
    outDir: path.resolve(cwd, options.outDir ?? 'out'),
    formats: options.formats ?? FORMATS,
    template: options.template,
    sourceDateEpoch: env.SOURCE_DATE_EPOCH,
    sinks: options.sinks,
    archivalPdf: options.archivalPdf,
    cache: options.cache && !options.force,
    drafts: Boolean(options.drafts),
  };
  const planned = planManuscripts(options.inputs, cwd, settings.outDir);
  const shard = new Set(selectShard(planned.map((entry) => entry.manuscriptPath), options.shard, cwd));
  sweepStaleTemps(settings.outDir);
  sweepStaleBagTemps(settings.outDir);
  const archival = settings.sinks.bag ? [{ bag: settings.sinks.bag, archivalPdf: settings.archivalPdf }] : [];
  const key = settingsKey([TOOL_VERSION, settings.formats, settings.template ?? null, settings.sourceDateEpoch ?? null, ...archival]);
  // An edition's key holds the articles its globs name now, so that an article added to a folder rebuilds it,
  // and the drafts it leaves out, so that --drafts, or a draft finished, rebuilds it.
  const jobKey = (entry: PlannedManuscript) => {
    if (entry.kind !== 'edition') return key;
    const articles = peekEdition(entry.manuscriptPath)?.articles ?? [];
    const drafts = settings.drafts ? [] : articles.filter((article) => draftMarkOf(article));
    return settingsKey(drafts.length > 0 ? [key, articles, drafts] : [key, articles]);
  };
  const jobs: Job[] = planned.filter((entry) => shard.has(entry.manuscriptPath)).map((entry) => ({ ...entry, settingsKey: jobKey(entry) }));
  const cache = options.cache ? new BuildCache(cwd, settings.outDir) : undefined;

  const results: (ManuscriptResult | undefined)[] = new Array(jobs.length);
  let reported = 0;
  const settle = (index: number, result: ManuscriptResult) => {
    results[index] = result;
    if (result.cacheEntry) cache?.record(jobs[index]!.manuscriptPath, result.cacheEntry);
    else if (!result.skipped) cache?.forget(jobs[index]!.manuscriptPath);
    while (reported < jobs.length && results[reported]) {
      options.onResult?.(results[reported]!, reported, jobs.length);
      reported++;
    }
  };

  const toBuild: number[] = [];
  jobs.forEach((job, index) => {
    const draft = settings.drafts ? undefined : job.kind === 'edition' ? skippedDraftEdition(job) : skippedDraft(job);
    if (draft) {
      settle(index, draft);
    } else if (cache && !options.force && !job.duplicateSlug && cache.isFresh(job.manuscriptPath, job.settingsKey)) {
      const { manuscriptPath } = job;
      settle(index, { path: job.displayPath, slug: undefined, outputs: cache.outputsOf(manuscriptPath), bags: cache.bagsOf(manuscriptPath), messages: [], ok: true, skipped: true });
    } else {
      toBuild.push(index);
    }
  });

  // A large run turns TurboFan on (the command line starts without it), before any worker starts.
  optimizeFor(toBuild.map((index) => jobs[index]!.manuscriptPath));
  const parallelism = options.jobs ?? os.availableParallelism();
  const units = new Map(toBuild.map((index) => [index, splitReading(jobs[index]!, parallelism)]));
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
              // The part that is done (the one that only read its half) gives its memory back while the other builds on.
              if (longAlone) await pool.stopIdle();
              return result;
            }),
          );
          settle(index, parts.length === 1 ? parts[0]! : await joinParts(parts, settings, jobs[index]!.settingsKey));
        }),
      );
    } finally {
      parsing?.close();
      await pool.close();
    }
  } else {
    const runner = inProcessRunner({ ...settings, coversAhead: options.catalog });
    for (const index of toBuild) {
      options.onStart?.(jobs[index]!.displayPath, index, jobs.length);
      settle(index, await runner.run(jobs[index]!));
    }
  }
  if (jobs.length > 0) cache?.save();
  const catalog = options.catalog ? await (await import('../catalog/index.js')).writeCatalog(settings.outDir) : undefined;
  const finished = results as ManuscriptResult[];
  return { results: finished, ok: finished.every((result) => result.ok), ...(catalog ? { catalog } : {}) };
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
 * The young generation of the two workers that read one long manuscript (one of them builds it), twice V8's default: a
 * 300,000-word build then spends about a sixth less time collecting garbage (the tree it grows is
 * copied less often), for about 60 MB more at its peak.
 */
const LONG_BUILD_YOUNG_GENERATION_MB = 96;

/**
 * Below this size a manuscript reads as fast in one thread as in two: the second worker's start-up
 * and the halves' exchange outweigh the parsing it saves.
 */
const SPLIT_READING_FROM_BYTES = 256 * 1024;

/**
 * A long manuscript is read by two workers, each parsing half of its text, and the halves swapped
 * (micromark is the slowest step of reading); one of them then builds every format, the PDF first,
 * as the EPUB marks the PDF's pages (page-list), while the other, its half handed over, stops and gives
 * its memory back. Building the formats side by side gains nothing once the EPUB waits for the PDF's
 * pages, and would hold two models at once (a 300,000-word manuscript of raw HTML peaked over 1 GB).
 * (In a pool the two parts are queued one after the other, so a worker holding one waits at most for
 * the job before the other to finish, never for a job queued behind it.)
 */
function splitReading(job: Job, parallelism: number): Job[] {
  if (parallelism < 2 || job.duplicateSlug || job.kind === 'edition' || fileSize(job.manuscriptPath) < SPLIT_READING_FROM_BYTES) return [job];
  const { port1, port2 } = new (process.getBuiltinModule('node:worker_threads').MessageChannel)();
  return [
    { ...job, deferDelivery: true, readShare: { half: 0, port: port1 } },
    { ...job, formats: [], deferDelivery: true, readShare: { half: 1, port: port2 } },
  ];
}

/** A manuscript's size in bytes; 0 when it cannot be read (its build then reports why). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Delivers what the parts of a long manuscript rendered, once both have ended. */
async function joinParts(parts: ManuscriptResult[], settings: JobSettings, key: string): Promise<ManuscriptResult> {
  const seen = new Set<string>();
  const messages = parts
    .flatMap((part) => part.messages)
    .filter((message) => {
      const text = JSON.stringify(message);
      return seen.has(text) ? false : (seen.add(text), true);
    });
  const internalError = parts.find((part) => part.internalError)?.internalError;
  const joined: ManuscriptResult = { ...parts[0]!, messages, outputs: [], bags: [], ok: false, rendered: undefined, cacheEntry: undefined, ...(internalError ? { internalError } : {}) };
  if (!parts.every((part) => part.ok && part.rendered)) return joined;
  const pieces = parts.map((part) => part.rendered!);
  const rendered: Rendered = {
    slug: pieces[0]!.slug,
    books: pieces.flatMap((piece) => piece.books),
    inputs: Object.assign({}, ...pieces.map((piece) => piece.inputs)),
    ...(pieces.find((piece) => piece.record) ? { record: pieces.find((piece) => piece.record)!.record } : {}),
  };
  const delivered = await attempt(joined.path, 'building', async () => deliver(settings, key, rendered));
  if (!delivered.value) return { ...joined, messages: [...messages, ...delivered.messages], ...(delivered.internalError ? { internalError: delivered.internalError } : {}) };
  return { ...joined, ok: true, outputs: delivered.value.outputs, bags: delivered.value.bags, cacheEntry: delivered.value.cacheEntry };
}
