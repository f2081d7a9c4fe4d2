// Stands in for pako, the JavaScript deflate that jszip (and through it epub-gen-memory) uses to
// compress an EPUB's files. Node's zlib does the same work natively: a cold start no longer runs
// 200 KB of JavaScript deflate, and a long book compresses several times faster. jszip uses only
// what is below: a raw stream, fed with push(data, last), handing over what it made through onData.
import zlib from 'node:zlib';

class RawStream {
  onData = () => {};
  #chunks = [];

  constructor(transform, options) {
    this.transform = transform;
    this.options = options;
  }

  push(data, last) {
    if (data.length > 0) this.#chunks.push(data);
    if (!last) return;
    const made = this.transform(Buffer.concat(this.#chunks), this.options);
    this.#chunks = [];
    this.onData(new Uint8Array(made.buffer, made.byteOffset, made.length));
  }
}

export class Deflate extends RawStream {
  constructor({ level = -1 } = {}) {
    super(zlib.deflateRawSync, { level });
  }
}

export class Inflate extends RawStream {
  constructor() {
    super(zlib.inflateRawSync, {});
  }
}

export default { Deflate, Inflate };
