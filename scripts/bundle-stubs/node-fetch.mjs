// Stands in for node-fetch, which epub-gen-memory imports to download images named by URL.
// Pressroom hands every picture and font to it from memory (downloadAllImages is overridden in
// src/epub/assemble.ts), so nothing is ever fetched.
export default function fetch() {
  throw new Error('Pressroom gives epub-gen-memory every file from memory; nothing is downloaded');
}
