// Stands in for node-fetch, which epub-gen-memory imports to download images given by http(s) URL.
// Pressroom reads every image itself and hands it over as a file:// URL, which epub-gen-memory reads
// from disk, so nothing is ever fetched.
export default function fetch() {
  throw new Error('Pressroom gives epub-gen-memory images as file:// URLs only; nothing is downloaded');
}
