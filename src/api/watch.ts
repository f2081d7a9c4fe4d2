import fs from 'node:fs';
import path from 'node:path';
import { isEditionManifest, peekEdition } from '../read/edition.js';
import { BUILTIN_TEMPLATES_DIR, isTemplatePath } from '../template/load.js';
import type { BuildOptions } from './build.js';
import { BuildCache } from './cache.js';
import { findManuscripts } from './inputs.js';

/** Saves come in bursts (an editor writes, renames, touches): one run per burst. */
const DEBOUNCE_MS = 150;

/** What a change under some paths asks for. */
export interface WatchTrigger<Kind extends string> {
  /** Files or folders (folders are watched with everything below them, unless `recursive` is false). */
  paths: readonly string[];
  kind: Kind;
  recursive?: boolean;
  /** Whether a change to this path counts; every change counts by default. */
  accepts?: (changed: string) => boolean;
}

export interface WatchLoop<Kind extends string> {
  triggers: readonly WatchTrigger<Kind>[];
  /**
   * Files read from elsewhere (an edition's articles beside its folder), asked for when watching begins and
   * again after every run: a change to one counts as `kind`. Each is watched through its folder (an editor
   * that saves by writing a new file and renaming it over the old one is seen too); once followed, always.
   */
  follow?: { kind: Kind; files: () => readonly string[] };
  /** One run for the kinds of change seen since the last run began. */
  run: (kinds: ReadonlySet<Kind>) => Promise<void>;
  /** Told when a run throws; watching goes on. */
  onError: (error: Error) => void;
}

/**
 * The one watch loop, shared by `pressroom watch` and `serve --watch`: changes are debounced,
 * one run at a time, and changes during a run make one more run afterwards, for every kind of
 * change seen meanwhile. Pressroom's own temporary files never count. Returns a function that stops it.
 */
export function watchLoop<Kind extends string>(loop: WatchLoop<Kind>): () => void {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let seen = new Set<Kind>();

  const start = async () => {
    if (running || seen.size === 0) return;
    running = true;
    const kinds = seen;
    seen = new Set();
    try {
      await loop.run(kinds);
    } catch (error) {
      loop.onError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      follow();
      running = false;
      void start();
    }
  };
  const changed = (kind: Kind) => {
    seen.add(kind);
    clearTimeout(timer);
    timer = setTimeout(() => void start(), DEBOUNCE_MS);
  };

  const watchers: fs.FSWatcher[] = [];
  for (const trigger of loop.triggers) {
    for (const watched of trigger.paths) {
      if (!fs.existsSync(watched)) continue;
      const recursive = (trigger.recursive ?? true) && fs.statSync(watched).isDirectory();
      watchers.push(
        fs.watch(watched, { recursive }, (_event, name) => {
          const file = name ? path.resolve(watched, name.toString()) : watched;
          if (path.basename(file).startsWith('.pressroom-')) return;
          if (trigger.accepts && !trigger.accepts(file)) return;
          changed(trigger.kind);
        }),
      );
    }
  }
  const followed = new Set<string>();
  const folders = new Map<string, fs.FSWatcher>();
  const follow = () => {
    if (!loop.follow) return;
    const { kind, files } = loop.follow;
    try {
      for (const file of files()) {
        const resolved = path.resolve(file);
        const folder = path.dirname(resolved);
        followed.add(resolved);
        if (folders.has(folder) || !fs.existsSync(folder)) continue;
        const watcher = fs.watch(folder, { recursive: false }, (_event, name) => {
          if (name && followed.has(path.join(folder, name.toString()))) changed(kind);
        });
        // A folder that goes away is watched again when a run finds it named anew.
        watcher.on('error', () => {
          watcher.close();
          folders.delete(folder);
        });
        folders.set(folder, watcher);
      }
    } catch (error) {
      loop.onError(error instanceof Error ? error : new Error(String(error)));
    }
  };
  follow();
  return () => {
    clearTimeout(timer);
    for (const watcher of [...watchers, ...folders.values()]) watcher.close();
  };
}

/** What a build reads and so what a watch of it watches: the manuscripts named (default `manuscript/`) and the template folders. */
export function buildSources(options: BuildOptions, cwd: string): string[] {
  const inputs = (options.inputs?.length ? options.inputs : ['manuscript']).map((input) => path.resolve(cwd, input));
  const templates = options.template && isTemplatePath(options.template) ? [path.resolve(cwd, options.template)] : [BUILTIN_TEMPLATES_DIR];
  return [...new Set([...inputs, ...templates])].filter((source) => fs.existsSync(source));
}

/**
 * Files the editions among a build's inputs read from outside the paths watched (`watched`): their articles,
 * as their manifests name them now, and every file their last good build read (pictures, a cover, a template
 * of their own), as the build cache remembers it. A watch follows them, so that saving an article that a
 * manifest names as `../x.md`, or one of its pictures, rebuilds the edition.
 */
export function editionInputs(options: BuildOptions, cwd: string, watched: readonly string[]): string[] {
  const outDir = path.resolve(cwd, options.outDir ?? 'out');
  const beyondOutput = outside(outDir);
  const editions = findManuscripts(options.inputs?.length ? options.inputs : ['manuscript'], cwd).filter((file) => isEditionManifest(file) && beyondOutput(file));
  if (editions.length === 0) return [];
  const cache = new BuildCache(cwd, outDir);
  const read = editions.flatMap((manifest) => [...(peekEdition(manifest)?.articles ?? []), ...cache.inputsOf(manifest)]);
  const beyondWatched = watched.map((source) => outside(source));
  return [...new Set(read)].filter((file) => beyondWatched.every((beyond) => beyond(file)));
}

/** Whether a changed path is outside a folder (the output folder, whose changes are the build's own). */
export function outside(folder: string): (changed: string) => boolean {
  const resolved = path.resolve(folder);
  return (changed) => changed !== resolved && !changed.startsWith(resolved + path.sep);
}
