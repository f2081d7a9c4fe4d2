// Stands in for epub-gen-memory's fetchable.js, which downloads images and fonts named by URL (with
// node-fetch, an AbortController for its time-out, and fs/promises for file: URLs). Pressroom hands
// every picture and font to it from memory (downloadAllImages is overridden in src/epub/assemble.ts),
// so nothing is ever fetched; and without the original, a cold build no longer loads Node's
// fs/promises, readline, AbortController and EventTarget modules for nothing.
export const type = 'nodebuffer';

export default function fetchable() {
  throw new Error('Pressroom gives epub-gen-memory every file from memory; nothing is downloaded');
}
