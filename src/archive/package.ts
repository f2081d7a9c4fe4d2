import fs from 'node:fs';
import path from 'node:path';
import { attempt } from '../api/attempt.js';
import { planManuscripts, reportDuplicateSlug, type PlannedManuscript } from '../api/plan.js';
import { TemplateCache } from '../api/templates.js';
import { lastModified, type Manuscript } from '../core/article.js';
import { buildInstant } from '../core/clock.js';
import { reportError, type Diagnostic } from '../core/diagnostics.js';
import { TOOL_VERSION } from '../core/version.js';
import { sweepStaleTemps, writeFilesAtomically } from '../output/atomic.js';
import { readManuscript } from '../read/manuscript.js';
import { resolveDocument } from '../model/index.js';
import { loadRenderer } from '../render/types.js';
import { assembleBag, bagDate, type Bag, type BagEntry } from './bagit.js';
import { dublinCoreXml, metadataJson, type DescribedFile } from './metadata.js';
import { writeTar } from './tar.js';
import { bagEntries, sweepStaleBagTemps, writeBagFolder } from './write.js';
import { writeZip } from '../zip/write.js';

/** The template archival packages use unless told otherwise: PDF/A-3b with the source attached. */
export const ARCHIVAL_TEMPLATE = 'archival';

/** How a bag is written: a folder `<slug>-bag/`, or one file `<slug>-bag.zip` / `<slug>-bag.tar`. */
export const SERIALIZATIONS = ['folder', 'zip', 'tar'] as const;
export type Serialization = (typeof SERIALIZATIONS)[number];

/** The bag's name, which is also its folder's name and its archive's top folder. */
export function bagName(slug: string): string {
  return `${slug}-bag`;
}

export function bagOutputPath(outDir: string, slug: string, serialization: Serialization): string {
  const base = path.join(outDir, bagName(slug));
  return serialization === 'folder' ? base : `${base}.${serialization}`;
}

/** Plain data, like the build's JobSettings, so that a worker thread could receive it. */
export interface PackageSettings {
  cwd: string;
  outDir: string;
  /** Template name or path (from `cwd`); default `archival`. It must make PDF/A-3b with the source attached. */
  template: string | undefined;
  serializations: readonly Serialization[];
  sourceDateEpoch: string | undefined;
}

/** One manuscript to package; with `duplicateSlug` set it fails without packaging. */
export type PackageJob = PlannedManuscript;

export interface PackageResult {
  path: string;
  slug: string | undefined;
  /** What was written: the bag folder and/or its archive files. */
  outputs: string[];
  messages: Diagnostic[];
  ok: boolean;
  internalError?: { message: string; stack: string | undefined };
}

const MEDIA_TYPES = { epub: 'application/epub+zip', pdf: 'application/pdf', markdown: 'text/markdown' } as const;

/**
 * Packages one manuscript after another; renderers and templates are loaded once and reused.
 * `build --archive` can hold one of these next to its JobRunner and call `run` per manuscript.
 */
export class Packager {
  private readonly templates: TemplateCache;

  constructor(private readonly settings: PackageSettings) {
    this.templates = new TemplateCache(settings.cwd);
  }

  async run(job: PackageJob): Promise<PackageResult> {
    const packaged = await attempt(job.displayPath, 'packaging', async ({ file, noteSlug, noteMessages }) => {
      const manuscript = readManuscript(job.manuscriptPath, file);
      noteSlug(manuscript.article.slug);
      if (job.duplicateSlug) {
        reportDuplicateSlug(manuscript, job.duplicateSlug, 'bag, so neither is packaged');
        return undefined;
      }
      const made = await this.makeBag(manuscript);
      noteMessages(made.templateMessages);
      return made.bag ? this.writeBag(made.bag, manuscript.article.slug) : undefined;
    });
    const outputs = packaged.value ?? [];
    return {
      path: job.displayPath,
      slug: packaged.slug,
      outputs,
      messages: packaged.messages,
      ok: outputs.length > 0 && !packaged.messages.some((message) => message.severity === 'error'),
      ...(packaged.internalError ? { internalError: packaged.internalError } : {}),
    };
  }

  /**
   * Renders the EPUB and the archival PDF of a manuscript already read, and assembles its bag in
   * memory. No bag when an error was recorded on `manuscript.file` (or in the template's files:
   * those come back as `templateMessages`). Throws BuildAbort like the readers do.
   */
  async makeBag(manuscript: Manuscript): Promise<{ bag: Bag | undefined; templateMessages: Diagnostic[] }> {
    const { article, file } = manuscript;
    const reference = this.settings.template ?? ARCHIVAL_TEMPLATE;
    const template = this.templates.forManuscript(manuscript, reference);
    if (!template.ok) return { bag: undefined, templateMessages: template.templateMessages };
    const pdfSettings = template.value.print.pdf;
    if (pdfSettings.pdfa !== '3b' || !pdfSettings.attachSource) {
      reportError(
        file,
        `template "${reference}" does not make an archival PDF (it has pdf.pdfa: ${pdfSettings.pdfa}, pdf.attach_source: ${pdfSettings.attachSource}); a package needs pdf.pdfa: 3b and pdf.attach_source: true, as the built-in "archival" template has`,
        { line: 1, column: 1 },
        'template-not-archival',
      );
      return { bag: undefined, templateMessages: [] };
    }
    const buildDate = buildInstant(lastModified(article).instant, { SOURCE_DATE_EPOCH: this.settings.sourceDateEpoch });
    const context = { template: template.value, buildDate, toolVersion: TOOL_VERSION };
    const document = await resolveDocument(manuscript);
    const epub = await (await loadRenderer('epub'))(document, context);
    const pdf = await (await loadRenderer('pdf'))(document, context);
    if (file.messages.some((message) => message.fatal)) return { bag: undefined, templateMessages: [] };

    const described: DescribedFile[] = [
      { path: `data/${article.slug}.epub`, data: epub, role: 'ebook', mediaType: MEDIA_TYPES.epub },
      { path: `data/${article.slug}.pdf`, data: pdf, role: 'archival-pdf', mediaType: MEDIA_TYPES.pdf },
      ...sourceFiles(manuscript),
    ];
    const facts = { toolVersion: TOOL_VERSION, template: template.value.name, buildDate };
    const payload: BagEntry[] = [
      ...described.map((entry) => ({ path: entry.path.slice('data/'.length), data: entry.data })),
      { path: 'metadata.json', data: metadataJson(article, facts, described) },
      { path: 'dc.xml', data: dublinCoreXml(article, facts, described) },
    ];
    const info: [string, string][] = [];
    if (article.publisher) info.push(['Source-Organization', article.publisher]);
    info.push(
      ['External-Identifier', article.identifier],
      ['External-Description', article.title],
      ['Bagging-Date', bagDate(buildDate)],
      ['Bag-Software-Agent', `Pressroom ${TOOL_VERSION}`],
    );
    return { bag: assembleBag(bagName(article.slug), payload, info, buildDate), templateMessages: [] };
  }

  /** Writes a bag as each serialisation asked for (folder atomically, archives atomically); returns the paths. */
  writeBag(bag: Bag, slug: string): string[] {
    const outputs: string[] = [];
    const archives: { path: string; data: Uint8Array }[] = [];
    for (const serialization of this.settings.serializations) {
      const destination = bagOutputPath(this.settings.outDir, slug, serialization);
      if (serialization === 'folder') writeBagFolder(bag, destination);
      else archives.push({ path: destination, data: serialize(bag, serialization) });
      outputs.push(destination);
    }
    if (archives.length > 0) writeFilesAtomically(archives);
    return outputs;
  }

}

/** One file holding the whole bag under its top folder (BagIt's serialisation convention). */
export function serialize(bag: Bag, serialization: Exclude<Serialization, 'folder'>): Uint8Array {
  const entries = bagEntries(bag);
  return serialization === 'zip' ? writeZip(entries, bag.date) : writeTar(entries, bag.date);
}

/** The manuscript exactly as on disk, and its pictures at the same paths relative to it. */
function sourceFiles(manuscript: Manuscript): DescribedFile[] {
  const folder = path.dirname(manuscript.path);
  const files: DescribedFile[] = [
    { path: `data/source/${path.basename(manuscript.path)}`, data: fs.readFileSync(manuscript.path), role: 'source', mediaType: MEDIA_TYPES.markdown },
  ];
  const images = [...(manuscript.article.image?.asset ? [manuscript.article.image.asset] : []), ...manuscript.images.values()];
  const seen = new Set<string>();
  for (const image of images) {
    const relative = path.relative(folder, image.path).split(path.sep).join('/');
    if (relative.startsWith('../') || path.isAbsolute(relative)) {
      throw new Error(`picture ${image.path} is outside the manuscript's folder`);
    }
    if (seen.has(relative)) continue;
    seen.add(relative);
    files.push({ path: `data/source/${relative}`, data: image.data, role: 'source-image', mediaType: image.mediaType });
  }
  return files.sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')));
}

export interface PackageOptions {
  /** Manuscript files or folders; default `manuscript`. */
  inputs?: readonly string[];
  /** Output folder; default `out`. */
  outDir?: string;
  template?: string;
  /** Default: a folder. */
  serializations?: readonly Serialization[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called once per manuscript, in input order. */
  onResult?: (result: PackageResult, index: number, total: number) => void;
}

export interface PackageRunResult {
  results: PackageResult[];
  ok: boolean;
}

/** Packages every manuscript it finds into a BagIt bag; one that fails does not stop the others. */
export async function packageManuscripts(options: PackageOptions = {}): Promise<PackageRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  // A malformed SOURCE_DATE_EPOCH is a usage error for the whole run, before anything is written.
  buildInstant(new Date(0), env);
  const settings: PackageSettings = {
    cwd,
    outDir: path.resolve(cwd, options.outDir ?? 'out'),
    template: options.template,
    serializations: options.serializations?.length ? options.serializations : ['folder'],
    sourceDateEpoch: env.SOURCE_DATE_EPOCH,
  };
  sweepStaleTemps(settings.outDir);
  sweepStaleBagTemps(settings.outDir);
  const jobs = planManuscripts(options.inputs, cwd, settings.outDir);
  const packager = new Packager(settings);
  const results: PackageResult[] = [];
  for (const [index, job] of jobs.entries()) {
    const result = await packager.run(job);
    results.push(result);
    options.onResult?.(result, index, jobs.length);
  }
  return { results, ok: results.every((result) => result.ok) };
}
