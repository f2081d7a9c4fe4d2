// Stands in for unicode-trie where fontkit and unicode-properties build their Unicode tables. Each of the
// four tables is inflated when its module loads (unicode-properties' alone takes about 18 ms of a cold
// start here), although Pressroom shapes with HarfBuzz, and fontkit's own shapers, which read three of
// them, never run. So a table is built from its bytes on its first lookup, by the real unicode-trie; both
// libraries only ever call get(). Loaded by path, so that the redirect in scripts/bundle.mjs does not
// send this module to itself.
import UnicodeTrie from '../../node_modules/unicode-trie/index.js';

export default class LazyUnicodeTrie {
  #data;
  #trie;

  constructor(data) {
    this.#data = data;
  }

  get(codePoint) {
    if (!this.#trie) {
      this.#trie = new UnicodeTrie(this.#data);
      this.#data = undefined;
    }
    return this.#trie.get(codePoint);
  }
}
