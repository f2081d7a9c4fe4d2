import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { lastModified } from '../core/article.js';
import { buildInstant } from '../core/clock.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { labelsPath } from '../core/labels.js';
import { TOOL_VERSION } from '../core/version.js';
import { writeFilesAtomically } from '../output/atomic.js';
import type { Manuscript } from '../core/article.js';
import type { ReadStage } from './inlining.js';
import { resolveDocument } from '../model/index.js';
import { readManuscript, readManuscriptInHalves, type HalfExchange } from '../read/manuscript.js';
import { EXTENSIONS, loadRenderer, type Format } from '../render/types.js';
import { attempt, type StepContext } from './attempt.js';
import { inputHashes, hashBytes, type CacheEntry } from './cache.js';
import { reportDuplicateSlug, type PlannedManuscript } from './plan.js';
import { TemplateCache } from './templates.js';

/** Everything a build of one manuscript needs to know; plain data, so a worker thread can receive it. */
export interface JobSettings {
  cwd: string;
  outDir: string;
  formats: readonly Format[];
  template: string | undefined;
  sourceDateEpoch: string | undefined;
}

/** One manuscript to build; with `duplicateSlug` set it fails without building. */
export interface Job extends PlannedManuscript {
  settingsKey: string;
  /** Build only these formats (one part of a manuscript split across workers); default: all. */
  formats?: readonly Format[];
  /** Return the files instead of writing them: the caller writes all parts together. */
  deferWrite?: boolean;
  /**
   * Parse only this half of the manuscript's text and swap it for the other half with the thread
   * holding `port`, which builds the manuscript's other part.
   */
  readShare?: { half: 0 | 1; port: MessagePort };
}

export interface ManuscriptResult {
  path: string;
  slug: string | undefined;
  /** Paths of the files written (or, when skipped, already there). */
  outputs: string[];
  messages: Diagnostic[];
  ok: boolean;
  /** Unchanged since the last build: nothing was rebuilt. */
  skipped: boolean;
  /** A fault in Pressroom itself (a bug, not a manuscript problem); its stack is shown with --debug. */
  internalError?: { message: string; stack: string | undefined };
  /** What to remember for the next incremental build, when this one succeeded. */
  cacheEntry?: CacheEntry;
  /** The files built but not yet written, for a job with `deferWrite`. */
  files?: BuiltFile[];
}

type BuiltFile = { path: string; data: Uint8Array };

/** Per-thread state: renderers and templates are loaded once and reused for every manuscript. */
export class JobRunner {
  private readonly templates: TemplateCache;

  constructor(private readonly settings: JobSettings) {
    this.templates = new TemplateCache(settings.cwd);
  }

  /** Builds one job; `onStage` hears when a job with `readShare` begins and ends parsing its half. */
  async run(job: Job, onStage?: (stage: ReadStage) => void): Promise<ManuscriptResult> {
    try {
      const built = await attempt(job.displayPath, 'building', (step) => this.build(job, step, onStage));
      const ok = built.value !== undefined && !built.messages.some((message) => message.severity === 'error' && message.file === job.displayPath);
      return {
        path: job.displayPath,
        slug: built.slug,
        outputs: ok ? built.value!.files.map((written) => written.path) : [],
        messages: built.messages,
        ok,
        skipped: false,
        ...(ok ? { cacheEntry: built.value!.cacheEntry } : {}),
        ...(ok && job.deferWrite ? { files: built.value!.files } : {}),
        ...(built.internalError ? { internalError: built.internalError } : {}),
      };
    } finally {
      // A partner still waiting for this half parses it itself.
      job.readShare?.port.close();
    }
  }

  private async build(
    job: Job,
    { file, noteSlug, noteMessages }: StepContext,
    onStage: ((stage: ReadStage) => void) | undefined,
  ): Promise<{ files: BuiltFile[]; cacheEntry: CacheEntry } | undefined> {
    let manuscript: Manuscript;
    if (job.readShare) {
      onStage?.('parsing');
      manuscript = await readManuscriptInHalves(job.manuscriptPath, file, job.readShare.half, exchangeOver(job.readShare.port));
      onStage?.('parsed');
    } else {
      manuscript = readManuscript(job.manuscriptPath, file);
    }
    const slug = manuscript.article.slug;
    noteSlug(slug);
    if (job.duplicateSlug) {
      reportDuplicateSlug(manuscript, job.duplicateSlug, 'files, so neither is built');
      return undefined;
    }
    const template = this.templates.forManuscript(manuscript, this.settings.template);
    if (!template.ok) {
      noteMessages(template.templateMessages);
      return undefined;
    }
    const context = {
      template: template.value,
      buildDate: buildInstant(lastModified(manuscript.article).instant, { SOURCE_DATE_EPOCH: this.settings.sourceDateEpoch }),
      toolVersion: TOOL_VERSION,
    };
    // The model is resolved once: every format is written from it, and its warnings are said once.
    const document = await resolveDocument(manuscript);
    const files: BuiltFile[] = [];
    for (const format of job.formats ?? this.settings.formats) {
      const render = await loadRenderer(format);
      files.push({ path: path.join(this.settings.outDir, `${slug}.${EXTENSIONS[format]}`), data: await render(document, context) });
    }
    if (file.messages.some((message) => message.fatal)) return undefined;
    if (!job.deferWrite) writeFilesAtomically(files);
    const inputs = inputHashes([
      [manuscript.path, undefined],
      ...[...manuscript.images.values()].map((image): [string, Uint8Array] => [image.path, image.data]),
      ...(manuscript.article.image?.asset ? [[manuscript.article.image.asset.path, manuscript.article.image.asset.data] as [string, Uint8Array]] : []),
      ...template.value.files.map((templateFile): [string, undefined] => [templateFile, undefined]),
      [labelsPath(manuscript.article.lang), undefined],
    ]);
    const outputs = Object.fromEntries(files.map((written) => [written.path, hashBytes(written.data)]));
    return { files, cacheEntry: { settings: job.settingsKey, inputs, outputs } };
  }
}

/** Sends this thread's half over the port and waits for the partner's; undefined when the partner stopped first. */
function exchangeOver(port: MessagePort): HalfExchange {
  return (mine) =>
    new Promise((resolve) => {
      port.once('message', (theirs: string) => resolve(theirs));
      port.once('close', () => resolve(undefined));
      port.postMessage(mine);
    });
}
