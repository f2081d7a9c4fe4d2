// Stands in for pako, the JavaScript deflate that jszip (and through it epub-gen-memory) loads. Pressroom
// never has jszip compress or expand anything: epub-gen-memory only gathers the book's files in a jszip
// object, and the container is written by src/archive/zip.ts with Node's zlib. So 200 KB of JavaScript
// deflate stays out of the bundle and of every cold start; a use would be a bug, and says so.
class Unused {
  constructor() {
    throw new Error('pako is not bundled: Pressroom writes EPUB containers with Node\'s zlib (src/archive/zip.ts)');
  }
}

export class Deflate extends Unused {}
export class Inflate extends Unused {}

export default { Deflate, Inflate };
