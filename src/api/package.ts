import { ARCHIVAL_TEMPLATE, type Serialization } from '../archive/bag.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { FORMATS } from '../render/types.js';
import { runPipeline } from './build.js';

export interface PackageOptions {
  /** Manuscript files or folders; default `manuscript`. */
  inputs?: readonly string[];
  /** Output folder; default `out`. */
  outDir?: string;
  /** Default `archival`; it must make PDF/A-3b with the source attached. */
  template?: string;
  /** Default: a folder. */
  serializations?: readonly Serialization[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Worker threads; default one per core. */
  jobs?: number;
  /** Called once per manuscript, in input order. */
  onResult?: (result: PackageResult, index: number, total: number) => void;
}

export interface PackageResult {
  path: string;
  slug: string | undefined;
  /** What was written: the bag folder and/or its archive files. */
  outputs: string[];
  messages: Diagnostic[];
  ok: boolean;
  internalError?: { message: string; stack: string | undefined };
}

export interface PackageRunResult {
  results: PackageResult[];
  ok: boolean;
}

/**
 * Packages every manuscript it finds into a BagIt bag; one that fails does not stop the others.
 * It is the build's pipeline with the archival template and the bag as its only sink: the books
 * are rendered once, straight into the bag. Every run packages afresh (no cache), as an archive
 * submission should.
 */
export async function packageManuscripts(options: PackageOptions = {}): Promise<PackageRunResult> {
  const { serializations, onResult, template, ...rest } = options;
  const run = await runPipeline({
    ...rest,
    template: template ?? ARCHIVAL_TEMPLATE,
    formats: FORMATS,
    sinks: { files: false, bag: serializations?.length ? serializations : ['folder'] },
    archivalPdf: false,
    cache: false,
    catalog: false,
    onResult: (result, index, total) => onResult?.(packageResult(result), index, total),
  });
  const results = run.results.map(packageResult);
  return { results, ok: run.ok };
}

function packageResult(result: Awaited<ReturnType<typeof runPipeline>>['results'][number]): PackageResult {
  return {
    path: result.path,
    slug: result.slug,
    outputs: result.bags,
    messages: result.messages,
    ok: result.ok,
    ...(result.internalError ? { internalError: result.internalError } : {}),
  };
}
