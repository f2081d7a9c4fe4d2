/**
 * What runs before the bundle's first chunk is loaded (the files scripts/bundle.mjs writes as the
 * bundle's entry points call it): the code cache, and for the command line, the compilers it starts with.
 */
import { installCodeCache } from './code-cache.js';
import { startUnoptimized } from './tiering.js';

/** The command line: a short run until it says otherwise (see tiering.ts). */
export function bootCommandLine(bundleDir: string): void {
  startUnoptimized();
  installCodeCache(bundleDir);
}

/** The package's entry point and worker threads: the host's V8 as it is. */
export function bootLibrary(bundleDir: string): void {
  installCodeCache(bundleDir);
}
