import type { Format, Writer } from '../render/types.js';

const loaded = new Map<Format, Promise<Writer>>();

/** Writers load lazily, once per thread, so that a build of one format does not pay for the other. */
export function loadWriter(format: Format): Promise<Writer> {
  let writer = loaded.get(format);
  if (!writer) {
    writer = importWriter(format);
    loaded.set(format, writer);
  }
  return writer;
}

async function importWriter(format: Format): Promise<Writer> {
  switch (format) {
    case 'epub':
      return (await import('../epub/index.js')).epubWriter;
    case 'pdf':
      return (await import('../pdf/index.js')).pdfWriter;
  }
}
