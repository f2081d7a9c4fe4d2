import path from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { lastModified, type Manuscript } from '../core/article.js';
import { buildInstant } from '../core/clock.js';
import { BuildAbort, reportError } from '../core/diagnostics.js';
import { TOOL_VERSION } from '../core/version.js';
import { writeFilesAtomically, sweepStaleTemps } from '../output/atomic.js';
import { newManuscriptFile, readManuscript } from '../read/manuscript.js';
import { EXTENSIONS, FORMATS, loadRenderer, type Format, type Renderer } from '../render/types.js';
import { builtinTemplateNames, DEFAULT_TEMPLATE, isTemplatePath, loadTemplate, resolveTemplateDir, TemplateError } from '../template/load.js';
import type { Template } from '../template/theme.js';
import { findManuscripts } from './inputs.js';

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
  /** Called once per manuscript as soon as it is done, in input order. */
  onResult?: (result: ManuscriptResult) => void;
}

export interface ManuscriptResult {
  /** The manuscript's path as given (relative to cwd when inside it). */
  path: string;
  slug: string | undefined;
  /** Paths of the files written. */
  outputs: string[];
  /** Every message about this manuscript, including those pointing into its template's files. */
  messages: VFileMessage[];
  ok: boolean;
  /** A fault in Pressroom itself (a bug, not a manuscript problem), kept for `--debug`. */
  internalError?: Error;
}

export interface BuildResult {
  results: ManuscriptResult[];
  ok: boolean;
}

/** Builds every manuscript it finds; one that fails does not stop the others. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const outDir = path.resolve(cwd, options.outDir ?? 'out');
  const formats = options.formats ?? FORMATS;
  const manuscriptPaths = findManuscripts(options.inputs?.length ? options.inputs : ['manuscript'], cwd);
  sweepStaleTemps(outDir);

  const read = manuscriptPaths.map((manuscriptPath) => readOne(manuscriptPath, cwd));
  markDuplicateSlugs(read);

  const renderers = new Map<Format, Renderer>();
  for (const format of formats) renderers.set(format, await loadRenderer(format));
  const templates = new TemplateCache(cwd);
  const results: ManuscriptResult[] = [];
  for (const entry of read) {
    const result = await renderOne(entry, { outDir, formats, renderers, templates, cliTemplate: options.template, env });
    results.push(result);
    options.onResult?.(result);
  }
  return { results, ok: results.every((result) => result.ok) };
}

interface ReadEntry {
  file: VFile;
  manuscript: Manuscript | undefined;
  crash: unknown;
}

function readOne(manuscriptPath: string, cwd: string): ReadEntry {
  const display = path.relative(cwd, manuscriptPath).startsWith('..') ? manuscriptPath : path.relative(cwd, manuscriptPath);
  const file = newManuscriptFile(display);
  try {
    return { file, manuscript: readManuscript(manuscriptPath, file), crash: undefined };
  } catch (error) {
    return { file, manuscript: undefined, crash: error instanceof BuildAbort ? undefined : error };
  }
}

/** Two manuscripts that would write the same files: both fail, so neither silently replaces the other. */
function markDuplicateSlugs(entries: ReadEntry[]): void {
  const bySlug = new Map<string, ReadEntry[]>();
  for (const entry of entries) {
    const slug = entry.manuscript?.article.slug;
    if (slug) bySlug.set(slug, [...(bySlug.get(slug) ?? []), entry]);
  }
  for (const [slug, sharing] of bySlug) {
    if (sharing.length < 2) continue;
    for (const entry of sharing) {
      const others = sharing.filter((other) => other !== entry).map((other) => other.file.path);
      reportError(
        entry.file,
        `slug "${slug}" is also used by ${others.join(', ')}; both would write the same files, so neither is built. Give each a different slug:`,
        entry.manuscript!.article.positions.slug ?? { line: 1, column: 1 },
        'slug-duplicate',
      );
      entry.manuscript = undefined;
    }
  }
}

interface RenderSettings {
  outDir: string;
  formats: readonly Format[];
  renderers: Map<Format, Renderer>;
  templates: TemplateCache;
  cliTemplate: string | undefined;
  env: NodeJS.ProcessEnv;
}

async function renderOne(entry: ReadEntry, settings: RenderSettings): Promise<ManuscriptResult> {
  const { file, manuscript } = entry;
  const result = (ok: boolean, outputs: string[] = [], templateMessages: VFileMessage[] = []): ManuscriptResult => ({
    path: file.path,
    slug: manuscript?.article.slug,
    outputs,
    messages: [...templateMessages, ...file.messages],
    ok: ok && !file.messages.some((message) => message.fatal),
  });
  if (entry.crash) return internalFailure(file, entry.crash, result(false));
  if (!manuscript) return result(false);

  const template = settings.templates.forManuscript(manuscript, settings.cliTemplate);
  if (!template.ok) return result(false, [], template.messages);

  const context = {
    template: template.value,
    buildDate: buildInstant(lastModified(manuscript.article).instant, settings.env),
    toolVersion: TOOL_VERSION,
  };
  const files: { path: string; data: Uint8Array }[] = [];
  try {
    for (const format of settings.formats) {
      const data = await settings.renderers.get(format)!(manuscript, context);
      files.push({ path: path.join(settings.outDir, `${manuscript.article.slug}.${EXTENSIONS[format]}`), data });
    }
  } catch (error) {
    if (error instanceof BuildAbort) return result(false);
    return internalFailure(file, error, result(false));
  }
  if (file.messages.some((message) => message.fatal)) return result(false);
  writeFilesAtomically(files);
  return result(true, files.map((written) => written.path));
}

/** A bug in Pressroom must not take the other manuscripts down with it: report it on this one. */
function internalFailure(file: VFile, error: unknown, failed: ManuscriptResult): ManuscriptResult {
  const internalError = error instanceof Error ? error : new Error(String(error));
  const message = reportError(
    file,
    `internal error while building: ${internalError.message}. This is a bug in Pressroom; run with --debug for the stack trace and report it`,
    { line: 1, column: 1 },
    'internal',
  );
  return { ...failed, messages: [...failed.messages, message], ok: false, internalError };
}

type TemplateLookup = { ok: true; value: Template } | { ok: false; messages: VFileMessage[] };

/** Loads each template once per build, however many manuscripts use it. */
class TemplateCache {
  private readonly loaded = new Map<string, Template | TemplateError>();

  constructor(private readonly cwd: string) {}

  forManuscript(manuscript: Manuscript, cliTemplate: string | undefined): TemplateLookup {
    const fromCli = cliTemplate !== undefined;
    const reference = cliTemplate ?? manuscript.article.template ?? DEFAULT_TEMPLATE;
    const baseDir = fromCli ? this.cwd : path.dirname(manuscript.path);
    const dir = resolveTemplateDir(reference, baseDir);
    if (!dir) {
      const where = fromCli ? '--template' : 'template:';
      const kind = isTemplatePath(reference) ? `no template folder (with a print.yaml) at "${reference}"` : `unknown template "${reference}"`;
      reportError(
        manuscript.file,
        `${kind} (from ${where}); available templates: ${builtinTemplateNames().join(', ')}, or give the path of a template folder`,
        fromCli ? { line: 1, column: 1 } : (manuscript.article.positions.template ?? { line: 1, column: 1 }),
        'template-unknown',
      );
      return { ok: false, messages: [] };
    }
    let template = this.loaded.get(dir);
    if (!template) {
      try {
        template = loadTemplate(dir);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        template = error;
      }
      this.loaded.set(dir, template);
    }
    if (template instanceof TemplateError) {
      reportError(manuscript.file, `template "${reference}" has errors (listed above); fix them to build`, manuscript.article.positions.template ?? { line: 1, column: 1 }, 'template-invalid');
      return { ok: false, messages: template.files.flatMap((templateFile) => templateFile.messages) };
    }
    return { ok: true, value: template };
  }
}
