/**
 * Loads the bundle's chunks with V8's code cache. A cold start used to spend about a third of its
 * time compiling JavaScript; V8 can instead take the bytecode it made on an earlier run.
 * `npm run compile` makes that earlier run (scripts/bundle.mjs trains on the sample manuscript) and
 * keeps each chunk's cache in `code-cache/` beside the chunks. The cache is taken after the run, so it
 * holds every function the run compiled, not only the top level.
 *
 * Node 20 has no code cache for ES modules, which is why the bundle is CommonJS.
 *
 * V8 takes a cache only from its own version, with the same flags and CPU features: its version tag,
 * which names the folder the caches are kept in (`code-cache/<tag>/`). A cache made by another Node, or
 * under other flags, is thus never read, let alone trusted; a run whose tag has no folder compiles as
 * Node always does, and `npm run compile` trains the caches again. The command line keeps two, as it
 * switches TurboFan (tiering.ts): the caches of a short run and those of a long one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { isAscii } from 'node:buffer';
import v8 from 'node:v8';
import vm from 'node:vm';
import { writeFilesAtomically } from '../output/atomic.js';

/**
 * `use` reads caches; `write` also writes them when the process exits (how `npm run compile` trains);
 * `verify` reads them and, at exit, prints to stderr one JSON line saying which chunks V8 took a cache
 * for, which it rejected and which had none, and under which tags (see `cacheTag`) they were compiled
 * (how `npm run compile` and the tests check the caches work); `off` compiles as Node always does, and
 * the bundle's entry files then turn source maps on, so that stack traces name the files of `src/`
 * (`--debug` sets it, and worker threads inherit it).
 */
export type CodeCacheMode = 'use' | 'write' | 'verify' | 'off';
const MODES: readonly CodeCacheMode[] = ['use', 'write', 'verify', 'off'];

/** Chunk names carry a hash of their content, so a cache file can only ever meet the code it came from. */
const HASHED_CHUNK = /-[\w-]{8}\.js$/;
const CACHE_FOLDER = 'code-cache';
/**
 * Packages outside the bundle whose files are required at run time and are worth a cache: picomatch,
 * which fdir (in the bundle, under tinyglobby) requires from node_modules as it loads, 60 KB that were
 * compiled anew on every start. Their caches are named by a hash of the file's text (V8 itself checks
 * little more than its length). (The hyphenation patterns, data written as JavaScript, are read as
 * JSON instead: see src/pdf/text/hyphenate.ts.)
 */
const CACHED_PACKAGES = ['picomatch'];

interface CompiledModule {
  exports: unknown;
  filename: string;
}
type Compile = (this: CompiledModule, content: string, filename: string, ...rest: unknown[]) => unknown;

const moduleProto = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
const wrap = (Module as unknown as { wrap(code: string): string }).wrap;
const extensions = (Module as unknown as { _extensions: Record<string, (this: unknown, module: CompiledModule, filename: string) => void> })._extensions;
const [WRAPPER_HEAD, WRAPPER_TAIL] = (Module as unknown as { wrapper: [string, string] }).wrapper.map((part) => Buffer.from(part, 'latin1'));

let installed = false;

function codeCacheMode(environment: NodeJS.ProcessEnv = process.env): CodeCacheMode {
  const mode = environment.PRESSROOM_CODE_CACHE;
  return MODES.find((known) => known === mode) ?? 'use';
}

/** Makes every later `require` of a chunk in `bundleDir`, or of a cached package's file, go through the code cache. */
export function installCodeCache(bundleDir: string, mode: CodeCacheMode = codeCacheMode()): void {
  if (installed || mode === 'off') return;
  installed = true;
  // Only the modes that report at exit ask, so that an ordinary start does not load worker_threads.
  const isMainThread = () => process.getBuiltinModule('node:worker_threads').isMainThread;
  const cacheDir = path.join(bundleDir, CACHE_FOLDER);
  const compiled = new Map<string, vm.Script>();
  // The tags scripts were compiled under, for `verify`.
  const tags = new Set<string>();
  const run = (module: CompiledModule, source: string, filename: string, name: string) => {
    const tag = cacheTag();
    tags.add(tag);
    const script = new vm.Script(source, { filename, cachedData: readIfPresent(path.join(cacheDir, tag, `${name}.v8`)) });
    compiled.set(name, script);
    const body = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return body.call(module.exports, module.exports, Module.createRequire(filename), module, filename, path.dirname(filename));
  };

  // A chunk is read as bytes and wrapped on the way to one string. Taking Node's string and wrapping
  // it for vm.Script would make a second copy, and chunks are large enough that each copy goes
  // straight to the old generation, which a cold build then fills sooner and collects sooner.
  const nodeLoadJs = extensions['.js']!;
  extensions['.js'] = function loadWithCache(this: unknown, module: CompiledModule, filename: string) {
    if (path.dirname(filename) !== bundleDir || !HASHED_CHUNK.test(filename)) return nodeLoadJs.call(this, module, filename);
    const bytes = fs.readFileSync(filename);
    // The bundle is written in ASCII (scripts/bundle.mjs checks); were it not, it would be decoded as UTF-8.
    const source = isAscii(bytes) ? Buffer.concat([WRAPPER_HEAD, bytes, WRAPPER_TAIL]).toString('latin1') : wrap(bytes.toString('utf8'));
    run(module, source, filename, path.basename(filename));
  };

  const nodeCompile = moduleProto._compile;
  moduleProto._compile = function compileWithCache(this: CompiledModule, content: string, filename: string, ...rest: unknown[]) {
    const name = packageCacheName(filename, content);
    if (name === undefined) return nodeCompile.call(this, content, filename, ...rest);
    return run(this, wrap(content), filename, name);
  };
  if (mode === 'write' && isMainThread()) {
    // Filed under the tag V8 has when it makes them, which is what it stamps on them.
    process.on('exit', () => writeFilesAtomically([...compiled].map(([name, script]) => ({ path: path.join(cacheDir, cacheTag(), `${name}.v8`), data: script.createCachedData() }))));
  }
  if (mode === 'verify' && isMainThread()) {
    process.on('exit', () => {
      const verdicts = { used: [] as string[], rejected: [] as string[], missing: [] as string[] };
      for (const [chunk, script] of compiled) {
        if (script.cachedDataRejected === undefined) verdicts.missing.push(chunk);
        else (script.cachedDataRejected ? verdicts.rejected : verdicts.used).push(chunk);
      }
      process.stderr.write(`${JSON.stringify({ codeCache: { ...verdicts, tags: [...tags] } })}\n`);
    });
  }
}

/** The name of the cache for a file of a cached package, `package+path+hash`; undefined for any other file. */
function packageCacheName(filename: string, content: string): string | undefined {
  const parts = filename.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  const name = at === -1 ? undefined : parts[at + 1];
  if (name === undefined || !CACHED_PACKAGES.includes(name)) return undefined;
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 16);
  return `${[name, ...parts.slice(at + 2)].join('+')}+${digest}`;
}

/** V8's version tag (its version, flags and CPU features), as the caches it takes are filed. */
function cacheTag(): string {
  return v8.cachedDataVersionTag().toString(16);
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
