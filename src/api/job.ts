import type { MessagePort } from 'node:worker_threads';
import { lastModified, manuscriptPictures } from '../core/article.js';
import { buildInstant } from '../core/clock.js';
import { reportError, toDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import type { VFile } from 'vfile';
import { labelsPath } from '../core/labels.js';
import { TOOL_VERSION } from '../core/version.js';
import type { Manuscript } from '../core/article.js';
import type { ReadStage } from './inlining.js';
import { resolveDocument } from '../model/index.js';
import type { DocumentModel } from '../model/types.js';
import type { Template } from '../template/theme.js';
import { readManuscript, readManuscriptInHalves, type HalfExchange } from '../read/manuscript.js';
import type { Format, PrintPages, RenderContext, Writer } from '../render/types.js';
import { archivalRecord, editionRecord, makesArchivalPdf, reportNotArchival, type Serialization } from '../archive/bag.js';
import { attempt, type StepContext } from './attempt.js';
import { inputHashes, type CacheEntry } from './cache.js';
import { deliver, type Rendered } from './deliver.js';
import { reportDuplicateSlug, type PlannedManuscript } from './plan.js';
import { loadWriter } from './renderers.js';
import { readEdition } from './edition.js';
import { editionArticles } from '../model/edition.js';
import path from 'node:path';
import { TemplateCache } from './templates.js';
import { ModelCache } from './model-cache.js';

/** Where a run's books go once rendered. Plain data, like all of JobSettings. */
export interface Sinks {
  /** Write `<slug>.epub` and `<slug>.pdf` into the output folder. */
  files: boolean;
  /** Also make each article's BagIt bag from the same bytes, written as these serialisations. */
  bag: readonly Serialization[] | undefined;
}

/** Everything a build of one manuscript needs to know; plain data, so a worker thread can receive it. */
export interface JobSettings {
  cwd: string;
  outDir: string;
  formats: readonly Format[];
  template: string | undefined;
  sourceDateEpoch: string | undefined;
  sinks: Sinks;
  /** Make this run's PDF archival-grade whatever the template says (build --archive; see TemplateCache). */
  archivalPdf: boolean;
  /** Keep what was built in the cache (`.pressroom-cache/`): build does, package does not. */
  cache: boolean;
  /** Build drafts too (--drafts): an edition's draft articles are otherwise left out, with a note. */
  drafts: boolean;
  /**
   * The catalogue of the output folder is written in this thread once the run is over: a new article's
   * cover pictures are then started as soon as its model is resolved (src/catalog/covers.ts).
   */
  coversAhead?: boolean;
}

/** One manuscript to build; with `duplicateSlug` set it fails without building. */
export interface Job extends PlannedManuscript {
  settingsKey: string;
  /** Build only these formats; default: all. None: the job only reads its half of a long manuscript for its partner (readShare). */
  formats?: readonly Format[];
  /** Return the rendered books instead of delivering them: the caller delivers all parts together. */
  deferDelivery?: boolean;
  /**
   * Parse only this half of the manuscript's text and swap it for the other half with the thread
   * holding `port` (of the two, the one with no `formats` of its own builds nothing).
   */
  readShare?: { half: 0 | 1; port: MessagePort };
}

export interface ManuscriptResult {
  path: string;
  slug: string | undefined;
  /** Paths of the books written to the output folder (or, when skipped, already there). */
  outputs: string[];
  /** Paths of the bag written: its folder and/or its .zip/.tar (or, when skipped, already there). */
  bags: string[];
  messages: Diagnostic[];
  ok: boolean;
  /** Unchanged since the last build, or a draft left out: nothing was rebuilt. */
  skipped: boolean;
  /** Left out as a draft (`draft: true`, without --drafts). */
  draft?: boolean;
  /** A fault in Pressroom itself (a bug, not a manuscript problem); its stack is shown with --debug. */
  internalError?: { message: string; stack: string | undefined };
  /** What to remember for the next incremental build, when this one succeeded. */
  cacheEntry?: CacheEntry;
  /** What a job with `deferDelivery` rendered, for the caller to deliver. */
  rendered?: Rendered;
}

/**
 * Per-thread state of the one pipeline every command runs: a job reads its manuscript once,
 * resolves its document model once, renders each format once, and hands the bytes to the sinks (deliver.ts): the files in the
 * output folder, the bag, and — once the run is over — the catalogue. Renderers and templates
 * are loaded once per thread and reused for every manuscript.
 */
export class JobRunner {
  private readonly templates: TemplateCache;
  /** Edition articles' models kept between builds; none when the run may not cache (package). */
  private readonly models: ModelCache | undefined;

  constructor(private readonly settings: JobSettings) {
    this.templates = new TemplateCache(settings.cwd);
    this.models = settings.cache ? new ModelCache(settings.cwd) : undefined;
  }

  /** Builds one job; `onStage` hears when a job with `readShare` begins and ends parsing its half. */
  async run(job: Job, onStage?: (stage: ReadStage) => void): Promise<ManuscriptResult> {
    try {
      const built = await attempt(job.displayPath, this.settings.sinks.files ? 'building' : 'packaging', async (step) => {
        const rendered = await this.render(job, step, onStage);
        if (!rendered) return undefined;
        if (job.deferDelivery) return { rendered };
        return { delivered: deliver(this.settings, job.settingsKey, rendered) };
      });
      const ok = built.value !== undefined && !built.messages.some((message) => message.severity === 'error' && message.file === job.displayPath);
      const delivered = ok ? built.value!.delivered : undefined;
      return {
        path: job.displayPath,
        slug: built.slug,
        outputs: delivered?.outputs ?? [],
        bags: delivered?.bags ?? [],
        messages: built.messages,
        ok,
        skipped: false,
        ...(delivered ? { cacheEntry: delivered.cacheEntry } : {}),
        ...(ok && job.deferDelivery ? { rendered: built.value!.rendered } : {}),
        ...(built.internalError ? { internalError: built.internalError } : {}),
      };
    } finally {
      // A partner still waiting for this half parses it itself.
      job.readShare?.port.close();
    }
  }

  /** Reads the manuscript and resolves its model once, and renders each of the job's formats once; undefined when it stopped on a problem. */
  private async render(job: Job, step: StepContext, onStage: ((stage: ReadStage) => void) | undefined): Promise<Rendered | undefined> {
    if (job.kind === 'edition') return this.renderEdition(job, step);
    const { file, noteSlug, noteMessages } = step;
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
    // A part that only helps read a long manuscript (no formats of its own) is done once its half is swapped.
    if (job.formats?.length === 0) return { slug, books: [], inputs: {} };
    const { sinks, archivalPdf } = this.settings;
    if (job.duplicateSlug) {
      reportDuplicateSlug(manuscript, job.duplicateSlug, sinks.files ? 'files, so neither is built' : 'bag, so neither is packaged');
      return undefined;
    }
    const template = this.templates.forManuscript(manuscript, this.settings.template, archivalPdf);
    if (!template.ok) {
      noteMessages(template.templateMessages);
      return undefined;
    }
    if (sinks.bag && !makesArchivalPdf(template.value)) {
      reportNotArchival(manuscript, this.settings.template ?? manuscript.article.template ?? 'article', template.value);
      return undefined;
    }
    const buildDate = buildInstant(lastModified(manuscript.article).instant, { SOURCE_DATE_EPOCH: this.settings.sourceDateEpoch });
    const context = { template: template.value, buildDate, toolVersion: TOOL_VERSION };
    // The model is resolved once: every format is written from it, and its warnings are said once.
    const document = await resolveDocument(manuscript);
    if (this.startsCoversAhead(job)) await startCoverPictures(this.settings.outDir, slug, document, template.value);
    // Nothing reads the mdast once the model is resolved: a long manuscript's tree (tens of MB) is let go
    // rather than kept while the formats are written.
    manuscript = { ...manuscript, tree: { type: 'root', children: [] } };
    const books = await renderFormats(job, this.settings.formats, context, (writer, formatContext) => writer.article(document, formatContext));
    if (file.messages.some((message) => message.fatal)) return undefined;
    const inputs = inputHashes([
      [manuscript.path, undefined],
      ...manuscriptPictures(manuscript).map((image): [string, Uint8Array] => [image.path, image.data]),
      ...template.value.files.map((templateFile): [string, undefined] => [templateFile, undefined]),
      [labelsPath(manuscript.article.lang), undefined],
    ]);
    return { slug, books, inputs, ...(sinks.bag ? { record: archivalRecord(manuscript, template.value, buildDate) } : {}) };
  }

  /** Whether the job's book goes into a catalogue this thread writes, with an EPUB whose cover it shows. */
  private startsCoversAhead(job: Job): boolean {
    return Boolean(this.settings.coversAhead) && this.settings.sinks.files && (job.formats ?? this.settings.formats).includes('epub');
  }

  /**
   * An edition: its manifest read, each article read and resolved once into its own model, each
   * format rendered once from them all. The articles' messages are said with the edition's.
   */
  private async renderEdition(job: Job, { file, noteSlug, noteMessages }: StepContext): Promise<Rendered | undefined> {
    const { model, sources } = await readEdition(job.manuscriptPath, file, this.settings.cwd, noteMessages, { models: this.models, drafts: this.settings.drafts });
    const { edition } = model;
    noteSlug(edition.slug);
    const { sinks, archivalPdf } = this.settings;
    if (job.duplicateSlug) {
      reportEditionSlug(model.file, job, sinks.files ? 'files, so neither is built' : 'bag, so neither is packaged');
      return undefined;
    }
    const source = { file, path: model.path, root: path.dirname(model.path), article: { template: edition.template, positions: edition.positions } };
    const template = this.templates.forManuscript(source, this.settings.template, archivalPdf);
    if (!template.ok) {
      noteMessages(template.templateMessages);
      return undefined;
    }
    if (sinks.bag && !makesArchivalPdf(template.value)) {
      reportNotArchival(model, this.settings.template ?? edition.template ?? 'article', template.value);
      return undefined;
    }
    const articles = editionArticles(model);
    const lastChange = Math.max(edition.published.instant.getTime(), ...articles.map((document) => lastModified(document.article).instant.getTime()));
    const buildDate = buildInstant(new Date(lastChange), { SOURCE_DATE_EPOCH: this.settings.sourceDateEpoch });
    const context = { template: template.value, buildDate, toolVersion: TOOL_VERSION };
    const books = await renderFormats(job, this.settings.formats, context, (writer, formatContext) => writer.edition(model, formatContext));
    for (const source of sources) noteMessages(source.file.messages.map((message) => toDiagnostic(message, source.file.path)));
    if (file.messages.some((message) => message.fatal) || sources.some((source) => source.file.messages.some((message) => message.fatal))) return undefined;
    const inputs = inputHashes([
      [model.path, undefined],
      ...(model.cover ? [[model.cover.path, model.cover.data] as [string, Uint8Array]] : []),
      ...articles.flatMap((document): [string, Uint8Array | undefined][] => [
        [document.path, undefined],
        ...[...document.pictures.values()].map((picture): [string, Uint8Array] => [picture.path, picture.data]),
        ...(document.lead ? [[document.lead.path, document.lead.data] as [string, Uint8Array]] : []),
      ]),
      ...template.value.files.map((templateFile): [string, undefined] => [templateFile, undefined]),
      ...[...new Set([edition.lang, ...articles.map((document) => document.article.lang)])].map((lang): [string, undefined] => [labelsPath(lang), undefined]),
    ]);
    return { slug: edition.slug, books, inputs, ...(sinks.bag ? { record: editionRecord(model, sources, template.value, buildDate) } : {}) };
  }
}

/**
 * Starts the catalogue's pictures of the article's cover, unless the output folder has pictures of it
 * from an earlier run. Only a head start, which never fails the build: a problem drawing the cover is
 * met again, and reported, where the EPUB draws it, and the catalogue then makes the pictures itself.
 */
async function startCoverPictures(outDir: string, slug: string, document: DocumentModel, template: Template): Promise<void> {
  try {
    const { hasCoverPictures, makeCoverPicturesAhead } = await import('../catalog/covers.js');
    if (hasCoverPictures(outDir, slug)) return;
    const source = await (await import('../epub/cover.js')).catalogCoverSource(document, template);
    if (source) makeCoverPicturesAhead(outDir, slug, source);
  } catch {
    // The catalogue makes the pictures itself.
  }
}

/**
 * Renders each of the job's formats once, the PDF first: the EPUB marks where the PDF's pages begin (its
 * page-list), so it mirrors the PDF of the same run. An EPUB built with no PDF has no page-list.
 */
async function renderFormats(
  job: Job,
  runFormats: readonly Format[],
  context: RenderContext,
  render: (writer: Writer, context: RenderContext) => Promise<Uint8Array>,
): Promise<Rendered['books']> {
  const formats = job.formats ?? runFormats;
  let printed: PrintPages | undefined;
  const data = new Map<Format, Uint8Array>();
  for (const format of [...formats].sort((a, b) => Number(b === 'pdf') - Number(a === 'pdf'))) {
    const writer = await loadWriter(format);
    const formatContext: RenderContext =
      format === 'pdf' ? { ...context, reportPrintPages: (pages) => (printed = pages) } : printed ? { ...context, printPages: printed } : context;
    data.set(format, await render(writer, formatContext));
  }
  return formats.map((format) => ({ format, data: data.get(format)! }));
}

/** Fails an edition whose output name another input of the run shares. */
function reportEditionSlug(file: VFile, job: Job, consequence: string): void {
  const duplicate = job.duplicateSlug!;
  reportError(file, `slug "${duplicate.slug}" is also used by ${duplicate.others.join(', ')}; both would write the same ${consequence}. Give each its own slug:`, duplicate.position ?? { line: 1, column: 1 }, 'slug-duplicate');
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
