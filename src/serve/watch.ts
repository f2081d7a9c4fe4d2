import fs from 'node:fs';
import path from 'node:path';
import { writeCatalog } from '../catalog/index.js';

const DEBOUNCE_MS = 150;

export interface WatchPlan {
  /** Manuscript files or folders, and template folders: a change rebuilds articles (and so the catalogue). */
  sources: string[];
  /** The served folder: a book appearing or changing there (another build, a shard) reindexes it. */
  outDir: string;
  /** Runs the incremental build (which writes the catalogue too). */
  rebuild: () => Promise<void>;
  /** Told about reindexing and failures. */
  report: (line: string) => void;
}

/**
 * `serve --watch`: rebuilds when manuscripts, pictures or templates change (the build cache keeps
 * that cheap), and reindexes the catalogue alone when books in the served folder change by other
 * means. One run at a time; changes during a run cause one more run. Returns a function that stops it.
 */
export function watchSources(plan: WatchPlan): () => void {
  const outDir = path.resolve(plan.outDir);
  let running = false;
  let pending: 'build' | 'catalog' | undefined;
  let timer: NodeJS.Timeout | undefined;

  const run = async (kind: 'build' | 'catalog') => {
    if (running) {
      pending = pending === 'build' || kind === 'build' ? 'build' : 'catalog';
      return;
    }
    running = true;
    try {
      if (kind === 'build') await plan.rebuild();
      else {
        const result = await writeCatalog(outDir);
        if (result.written.length > 0) plan.report(`catalogue updated: ${result.books} book${result.books === 1 ? '' : 's'}`);
      }
    } catch (error) {
      plan.report(`pressroom: ${(error as Error).message}`);
    } finally {
      running = false;
      const next = pending;
      pending = undefined;
      if (next) void run(next);
    }
  };
  let scheduled: 'build' | 'catalog' | undefined;
  const schedule = (kind: 'build' | 'catalog') => {
    scheduled = scheduled === 'build' || kind === 'build' ? 'build' : 'catalog';
    clearTimeout(timer);
    timer = setTimeout(() => {
      const next = scheduled!;
      scheduled = undefined;
      void run(next);
    }, DEBOUNCE_MS);
  };

  const watchers: fs.FSWatcher[] = [];
  for (const source of plan.sources) {
    if (!fs.existsSync(source)) continue;
    watchers.push(
      fs.watch(source, { recursive: fs.statSync(source).isDirectory() }, (_event, name) => {
        const changed = name ? path.resolve(source, name.toString()) : source;
        if (changed === outDir || changed.startsWith(outDir + path.sep)) return;
        if (path.basename(changed).startsWith('.pressroom-')) return;
        schedule('build');
      }),
    );
  }
  fs.mkdirSync(outDir, { recursive: true });
  watchers.push(
    fs.watch(outDir, (_event, name) => {
      // Only books matter; the catalogue's own files and temporary files would loop.
      if (name && /^[^.].*\.(epub|pdf)$/i.test(name.toString())) schedule('catalog');
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
