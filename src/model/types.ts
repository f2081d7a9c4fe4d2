import type { ElementContent } from 'hast';
import type { VFile } from 'vfile';
import type { Article } from '../core/article.js';
import type { ImageAsset } from '../core/image.js';

/**
 * One manuscript, resolved once for every writer (pandoc's "one document, many writers").
 *
 * The body is a hast tree in a closed vocabulary: the elements of `vocabulary.ts`, nothing else.
 * Everything a writer would otherwise have to decide on its own is decided here, once:
 * - link definitions (the first of a label wins), and every link's target: a web, mail or phone
 *   address, or `#id` of an element of this document; a link that cannot work is its text, and an
 *   empty link shows its address;
 * - footnotes: numbered by first citation; each citation is `<sup><a role="doc-noteref">`, each
 *   note's blocks are in `notes`;
 * - headings: levels (the headline is the only h1), ids from one slugger, the outline;
 * - raw HTML: parsed with the Markdown around it, cleaned to the vocabulary, repaired;
 * - pictures: checked once (SVG cleaned); `<img src>` is the key of `pictures`;
 * - direction and language: `dir` and `lang` attributes on the elements they apply to.
 *
 * Writers only read it: none may change it (the EPUB and the PDF of one build share it).
 */
export interface DocumentModel {
  /** The manuscript's file: source text, and where messages are recorded. */
  file: VFile;
  /** Absolute path of the `.md` file. */
  path: string;
  /** Absolute path of the folder no manuscript path may leave. */
  root: string;
  article: Article;
  /** The lead picture, checked like the body's; undefined when there is none to show. */
  lead: ImageAsset | undefined;
  /** The picture the front matter's `cover:` names, checked like the body's; undefined when there is none to show. */
  cover: ImageAsset | undefined;
  /** The body's blocks, with a line break text between each. */
  body: ElementContent[];
  /** Cited notes in number order. */
  notes: ModelNote[];
  /** Headings of the body's outline (not those inside notes), in document order. */
  headings: ModelHeading[];
  /** The pictures the body shows, by the URL its `<img src>` holds, in the order first shown. */
  pictures: ReadonlyMap<string, ImageAsset>;
  /** Pictures given a stand-in description because the manuscript has none. */
  undescribedPictures: number;
}

export interface ModelNote {
  number: number;
  id: string;
  /** One id per citation, in citation order; the first is where the note's number links back to. */
  referenceIds: string[];
  /** The note's blocks, without its number. */
  content: ElementContent[];
}

export interface ModelHeading {
  id: string;
  /** The HTML level: 2 to 6 (the article's headline is the one h1). */
  level: number;
  /** Its words as a reader sees them. */
  text: string;
}
