// harfbuzzjs 1.6.4 instantiates its WebAssembly with a top-level await at the end of dist/index.mjs:
//
//     init(await createHarfBuzz());
//
// The bundle is CommonJS (Node 20 keeps a code cache for CommonJS only, see src/boot/code-cache.ts), and
// CommonJS has no top-level await. No option of the library avoids it and nothing can be subclassed
// before it runs, so this one statement becomes a promise the module exports, `ready`, which
// src/pdf/fonts/harfbuzz.ts awaits before anything is shaped. The line keeps its place, so the
// library's source map still holds. Run from source (tests import src/ through Vite), the library is
// used unpatched and is ready once imported.
//
// scripts/bundle.mjs applies the edit only to the version named here, exactly once; any other version
// fails the bundle, so that an upgrade is a decision: check whether the new version still needs this.
export default {
  library: 'harfbuzzjs',
  version: '1.6.4',
  file: 'dist/index.mjs',
  edits: [{ find: 'init(await createHarfBuzz());', replace: 'export const ready = createHarfBuzz().then(init);' }],
};
