import os from 'node:os';
import path from 'node:path';
import { failIfErrors, toDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import { readEditionManifest } from '../read/edition.js';
import { readManuscript } from '../read/manuscript.js';
import { readArticles } from './edition.js';
import { loadTemplate, TemplateError } from '../template/load.js';
import { attempt } from './attempt.js';
import { findCheckInputs, type CheckKind } from './check-inputs.js';
import { skippedDraft, skippedDraftEdition, withoutDrafts } from './drafts.js';
import { displayPathOf, markDuplicateSlugs, reportDuplicateSlug, type PlannedManuscript } from './plan.js';
import { CheckPool } from './check-pool.js';
import { CheckCache } from './check-cache.js';
import { inputHashes } from './cache.js';
import { manuscriptPictures } from '../core/article.js';
import { TemplateCache } from './templates.js';
import { optimizeForParsing } from '../boot/tiering.js';

export interface CheckOptions {
  /** Manuscripts, template folders, or folders holding them; default `manuscript`. */
  inputs?: readonly string[];
  /** The template every manuscript is checked against (wins over front matter `template:`), as `build --template`. */
  template?: string;
  /** Check drafts too; by default they are left out, with a note, as build leaves them out. */
  drafts?: boolean;
  /** Output folder whose contents are never checked (archival bags keep copies of manuscripts); default `out`. */
  outDir?: string;
  cwd?: string;
  /** Worker threads for many manuscripts; default one per core (at most 4). */
  jobs?: number;
  /**
   * Keep the results of manuscripts that passed, and of drafts, in `.pressroom-cache/check.json` and take
   * them again while nothing they were read from has changed (as eslint --cache); see CheckCache.
   */
  cache?: boolean;
  /** Called once per input, in order. */
  onResult?: (result: CheckResult, index: number, total: number) => void;
}

export interface CheckResult {
  kind: CheckKind;
  /** The path as shown in messages. */
  path: string;
  messages: Diagnostic[];
  ok: boolean;
  /** A draft, left out. */
  draft?: boolean;
  internalError?: { message: string; stack: string | undefined };
  /**
   * With `cache`, for a manuscript that passed or a draft: the sha256 of every file its result was read
   * from (the manuscript, its pictures, its template's files). Kept by the cache, not returned by `check`.
   */
  inputs?: Record<string, string>;
}

/**
 * Reads and validates manuscripts (front matter, Markdown, pictures, the template each names and
 * whether two would write the same files) and templates, rendering nothing: what a build would
 * stop on, found in a fraction of its time.
 */
export async function check(options: CheckOptions = {}): Promise<{ results: CheckResult[]; ok: boolean }> {
  const cwd = options.cwd ?? process.cwd();
  const inputs = findCheckInputs(options.inputs?.length ? options.inputs : ['manuscript'], cwd, path.resolve(cwd, options.outDir ?? 'out'));
  const manuscripts = markDuplicateSlugs(
    inputs.filter((input) => input.kind === 'manuscript').map((input) => ({ manuscriptPath: input.path, displayPath: displayPathOf(input.path, cwd) })),
  );
  const planned = new Map(manuscripts.map((entry) => [entry.manuscriptPath, entry]));
  const settings: CheckSettings = { cwd, template: options.template, drafts: Boolean(options.drafts), cache: Boolean(options.cache) };
  const cache = options.cache ? new CheckCache(cwd) : undefined;
  const cached = new Map<string, CheckResult>();
  for (const entry of cache ? manuscripts : []) {
    const result = cache!.lookUp(entry, settings);
    if (result) cached.set(entry.manuscriptPath, result);
  }
  const toCheck = manuscripts.filter((entry) => !cached.has(entry.manuscriptPath));
  optimizeForParsing(toCheck.map((entry) => entry.manuscriptPath));
  const checkOne = parallelChecker(toCheck.length, options.jobs ?? os.availableParallelism(), settings);
  const checkManuscriptInput = async (entry: PlannedManuscript): Promise<CheckResult> => {
    const hit = cached.get(entry.manuscriptPath);
    if (hit) return hit;
    const { inputs, ...result } = await checkOne(entry);
    cache?.record(entry, settings, { ...result, ...(inputs ? { inputs } : {}) });
    return result;
  };
  const results: (CheckResult | undefined)[] = new Array(inputs.length);
  let reported = 0;
  try {
    await Promise.all(
      inputs.map(async (input, index) => {
        results[index] =
          input.kind === 'template' ? checkTemplate(input.path, cwd) : input.kind === 'edition' ? await checkEdition(input.path, settings) : await checkManuscriptInput(planned.get(input.path)!);
        // In input order, each as soon as it and all before it are done.
        while (reported < inputs.length && results[reported]) {
          options.onResult?.(results[reported]!, reported, inputs.length);
          reported++;
        }
      }),
    );
  } finally {
    await checkOne.close();
  }
  cache?.save();
  const finished = results as CheckResult[];
  return { results: finished, ok: finished.every((result) => result.ok) };
}

/** What a check of one manuscript needs; plain data, so that a worker thread can receive it. */
export interface CheckSettings {
  cwd: string;
  template: string | undefined;
  drafts: boolean;
  /** Note what each result was read from (`CheckResult.inputs`), for the cache. */
  cache: boolean;
}

/**
 * Below this many manuscripts one thread checks them sooner than workers, which each take a tenth
 * of a second to start; above it, the Markdown parsing that takes most of the time is shared out.
 */
const PARALLEL_FROM_MANUSCRIPTS = 16;

type Checker = ((entry: PlannedManuscript) => Promise<CheckResult>) & { close(): Promise<void> };

function parallelChecker(count: number, parallelism: number, settings: CheckSettings): Checker {
  if (count < PARALLEL_FROM_MANUSCRIPTS || parallelism < 2) {
    const templates = new TemplateCache(settings.cwd);
    return Object.assign((entry: PlannedManuscript) => checkManuscript(entry, templates, settings), { close: async () => {} });
  }
  const pool = new CheckPool(settings, Math.min(parallelism, 4));
  return Object.assign((entry: PlannedManuscript) => pool.run(entry), { close: () => pool.close() });
}

export async function checkManuscript(entry: PlannedManuscript, templates: TemplateCache, options: CheckSettings): Promise<CheckResult> {
  const draft = options.drafts ? undefined : skippedDraft(entry);
  const readFrom = (files: [string, Uint8Array | undefined][]) => (options.cache ? everyHash(files) : undefined);
  if (draft) {
    const inputs = readFrom([[entry.manuscriptPath, undefined]]);
    return { kind: 'manuscript', path: entry.displayPath, messages: draft.messages, ok: true, draft: true, ...(inputs ? { inputs } : {}) };
  }
  let files: [string, Uint8Array | undefined][] = [];
  const checked = await attempt(entry.displayPath, 'checking', async ({ file, noteSlug, noteMessages }) => {
    const manuscript = readManuscript(entry.manuscriptPath, file, { problemsOnly: true });
    noteSlug(manuscript.article.slug);
    if (entry.duplicateSlug) {
      reportDuplicateSlug(manuscript, entry.duplicateSlug, 'files, so neither could be built');
      return undefined;
    }
    const template = templates.forManuscript(manuscript, options.template);
    if (!template.ok) {
      noteMessages(template.templateMessages);
      return undefined;
    }
    files = [
      [manuscript.path, undefined],
      ...manuscriptPictures(manuscript).map((picture): [string, Uint8Array] => [picture.path, picture.data]),
      ...template.value.files.map((templateFile): [string, undefined] => [templateFile, undefined]),
    ];
    return true;
  });
  const ok = checked.value === true && !checked.messages.some((message) => message.severity === 'error' && message.file === entry.displayPath);
  const inputs = ok ? readFrom(files) : undefined;
  return {
    kind: 'manuscript',
    path: entry.displayPath,
    messages: checked.messages,
    ok,
    ...(checked.internalError ? { internalError: checked.internalError } : {}),
    ...(inputs ? { inputs } : {}),
  };
}

/**
 * An edition manifest: its fields, sections and articles (a missing one, a glob that matches
 * nothing, one named twice), each article read as its build would read it (a failure reported at
 * its own place and at its line of the manifest; drafts left out as the build leaves them out), and
 * the template it names.
 */
async function checkEdition(manifestPath: string, settings: CheckSettings): Promise<CheckResult> {
  const shown = displayPathOf(manifestPath, settings.cwd);
  if (!settings.drafts) {
    const draft = skippedDraftEdition({ manuscriptPath: manifestPath, displayPath: shown, kind: 'edition' });
    if (draft) return { kind: 'edition', path: shown, messages: draft.messages, ok: true, draft: true };
  }
  const templates = new TemplateCache(settings.cwd);
  const checked = await attempt(shown, 'checking', async ({ file, noteSlug, noteMessages }) => {
    const manifest = readEditionManifest(manifestPath, file);
    noteSlug(manifest.edition.slug);
    await readArticles(
      (settings.drafts ? manifest.sections : withoutDrafts(manifest)).flatMap((section) => section.articles),
      file,
      settings.cwd,
      noteMessages,
      async () => true,
      { problemsOnly: true },
    );
    const { edition } = manifest;
    const source = { file, path: manifest.path, root: path.dirname(manifest.path), article: { template: edition.template, positions: edition.positions } };
    const template = templates.forManuscript(source, settings.template);
    if (!template.ok) noteMessages(template.templateMessages);
    failIfErrors(file);
    return template.ok ? true : undefined;
  });
  const ok = checked.value === true && !checked.messages.some((message) => message.severity === 'error' && message.file === shown);
  return { kind: 'edition', path: shown, messages: checked.messages, ok, ...(checked.internalError ? { internalError: checked.internalError } : {}) };
}

/** The sha256 of each file; undefined when one cannot be read (gone since), as a result that cannot be vouched for is not kept. */
function everyHash(files: [string, Uint8Array | undefined][]): Record<string, string> | undefined {
  const hashes = inputHashes(files);
  return files.every(([file]) => hashes[file] !== undefined) ? hashes : undefined;
}

function checkTemplate(dir: string, cwd: string): CheckResult {
  const shown = displayPathOf(dir, cwd);
  try {
    loadTemplate(dir);
    return { kind: 'template', path: shown, messages: [], ok: true };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const messages = error.files.flatMap((file) => file.messages.map((message) => toDiagnostic(message, file.path)));
    return { kind: 'template', path: shown, messages, ok: false };
  }
}
