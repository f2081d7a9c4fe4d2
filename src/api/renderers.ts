import type { Format, Renderer } from '../render/types.js';

const loaded = new Map<Format, Promise<Renderer>>();

/** Renderers load lazily, once per thread, so that a build of one format does not pay for the other. */
export function loadRenderer(format: Format): Promise<Renderer> {
  let renderer = loaded.get(format);
  if (!renderer) {
    renderer = importRenderer(format);
    loaded.set(format, renderer);
  }
  return renderer;
}

async function importRenderer(format: Format): Promise<Renderer> {
  switch (format) {
    case 'epub':
      return (await import('../epub/index.js')).renderEpub;
    case 'pdf':
      return (await import('../pdf/index.js')).renderPdf;
  }
}
