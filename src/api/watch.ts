import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_TEMPLATES_DIR, isTemplatePath } from '../template/load.js';
import type { BuildOptions } from './build.js';

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
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

/** What a build reads and so what a watch of it watches: the manuscripts named (default `manuscript/`) and the template folders. */
export function buildSources(options: BuildOptions, cwd: string): string[] {
  const inputs = (options.inputs?.length ? options.inputs : ['manuscript']).map((input) => path.resolve(cwd, input));
  const templates = options.template && isTemplatePath(options.template) ? [path.resolve(cwd, options.template)] : [BUILTIN_TEMPLATES_DIR];
  return [...new Set([...inputs, ...templates])].filter((source) => fs.existsSync(source));
}

/** Whether a changed path is outside a folder (the output folder, whose changes are the build's own). */
export function outside(folder: string): (changed: string) => boolean {
  const resolved = path.resolve(folder);
  return (changed) => changed !== resolved && !changed.startsWith(resolved + path.sep);
}
