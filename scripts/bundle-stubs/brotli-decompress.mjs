// Stands in for brotli's decoder, which fontkit imports for WOFF2 fonts. Templates accept only
// .ttf and .otf files, so it is never called; loading the real one (an 800 KB dictionary) cost
// every cold start ~30 ms.
export default function decompress() {
  throw new Error('WOFF2 fonts are not supported; use the .ttf or .otf file of the font');
}
