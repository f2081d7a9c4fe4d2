import * as harfbuzz from 'harfbuzzjs';

export { harfbuzz };

/**
 * Settles once HarfBuzz's WebAssembly is instantiated: await it before shaping. The npm module does
 * this with a top-level await, which CommonJS does not have; the bundle (scripts/bundle.mjs) turns
 * it into this `ready` promise. Run from source, the module is ready once imported.
 */
export const harfbuzzReady: Promise<unknown> = (harfbuzz as { ready?: Promise<unknown> }).ready ?? Promise.resolve();
// A failure is reported where the PDF renderer awaits it, not as an unhandled rejection before that.
harfbuzzReady.catch(() => undefined);
