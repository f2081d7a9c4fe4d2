import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Definition, Image, ImageReference, Parents, Root, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Data, type Processor } from 'unified';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { VFile } from 'vfile';
import type { Article, Manuscript } from '../core/article.js';
import { failIfErrors, reportError, reportWarning, type Point } from '../core/diagnostics.js';
import { FRONT_MATTER_FENCES } from './dialects/fences.js';
import { readFrontMatter } from './frontmatter.js';
import type { ImageAsset } from '../core/image.js';
import { isRemote, loadImage } from './images.js';
import { resolveRelativeLinks } from './links.js';
import { joinChunks, middleChunk, parseChunks, parseInChunks, splitIntoChunks } from './chunks.js';
import { checkSourceLimits, checkTreeDepth, MAX_NESTING, reachesDepth } from './limits.js';
import { remarkSmartPunctuation } from './smart-punctuation.js';
import { decodeText } from './text.js';

const parser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, FRONT_MATTER_FENCES)
  .use(remarkGfm)
  .use(remarkSmartPunctuation);

/**
 * The parser `pressroom check` reads with: the same Markdown, without the changes to the tree that
 * report nothing (curly quotes; links found in bare text, GFM's autolink literals, some 8% of the
 * parsing time). Its tree has the same blocks, pictures and definitions at the same places.
 */
const problemsParser = unified().use(remarkParse).use(remarkFrontmatter, FRONT_MATTER_FENCES).use(remarkGfm).use(withoutAutolinkLiteralTransform);

export interface ReadOptions {
  /** Folder no path in the manuscript may leave; default: the manuscript's own folder. */
  root?: string;
  /**
   * Read for the manuscript's problems alone (`pressroom check`): the same messages as a build's
   * reading, but its tree is not fit to render (straight quotes, bare-text links left as text,
   * relative links as written).
   */
  problemsOnly?: boolean;
}

/**
 * Reads one manuscript from disk into the document model every renderer takes.
 * Content problems are recorded on the returned file; throws BuildAbort once an error stops it.
 */
export function readManuscript(manuscriptPath: string, file: VFile, options: ReadOptions = {}): Manuscript {
  const { absolute, text } = loadText(manuscriptPath, file);
  const root = options.root ?? path.dirname(absolute);
  if (!options.problemsOnly) return parseManuscript(file, absolute, text, root);
  const tree = parseInChunks(text, (chunk) => parseChunk(chunk, file, problemsParser));
  // A bare-text link nests its text one level deeper: near the depth limit only the build's own tree tells.
  return parseManuscript(file, absolute, text, root, reachesDepth(tree, MAX_NESTING * 2) ? undefined : tree, { resolveLinks: false });
}

/**
 * Sends this thread's parsed half of a manuscript to the thread reading the other half, and
 * resolves with that thread's half; undefined when the partner stopped before sending it.
 */
export type HalfExchange = (mine: string) => Promise<string | undefined>;

/** What one thread sends another: its half of the chunk trees, and what they were parsed from. */
interface ParsedHalf {
  textHash: string;
  from: number;
  to: number;
  trees: Root[];
}

/**
 * `readManuscript` for two threads that both need the whole manuscript: each parses half of the
 * chunks and they swap halves. If the partner stops first, or read different text (the file was
 * saved in between), this thread parses the other half itself, so the result never depends on it.
 */
export async function readManuscriptInHalves(manuscriptPath: string, file: VFile, half: 0 | 1, exchange: HalfExchange, options: ReadOptions = {}): Promise<Manuscript> {
  const { absolute, text } = loadText(manuscriptPath, file);
  const chunks = splitIntoChunks(text);
  const middle = middleChunk(chunks);
  const ranges: [number, number][] = [
    [0, middle],
    [middle, chunks.length],
  ];
  const [mine, theirs] = half === 0 ? ranges : [ranges[1]!, ranges[0]!];
  const parseRange = ([from, to]: [number, number]) => parseChunks(text, chunks, (chunk) => parseChunk(chunk, file), from, to);
  const textHash = createHash('sha256').update(text).digest('hex');
  const myTrees = parseRange(mine!);
  const received = await exchange(JSON.stringify({ textHash, from: mine![0], to: mine![1], trees: myTrees } satisfies ParsedHalf));
  const other = received === undefined ? undefined : (JSON.parse(received) as ParsedHalf);
  const theirTrees = other && other.textHash === textHash && other.from === theirs![0] && other.to === theirs![1] ? other.trees : parseRange(theirs!);
  const tree = joinChunks(text, chunks, half === 0 ? [...myTrees, ...theirTrees] : [...theirTrees, ...myTrees]);
  return parseManuscript(file, absolute, text, options.root ?? path.dirname(absolute), tree);
}

function loadText(manuscriptPath: string, file: VFile): { absolute: string; text: string } {
  const absolute = path.resolve(manuscriptPath);
  const bytes = fs.readFileSync(absolute);
  const text = decodeText(file, bytes);
  failIfErrors(file);
  checkSourceLimits(file, text, bytes.length);
  failIfErrors(file);
  file.value = text;
  return { absolute, text };
}

function parseChunk(chunk: string, file: VFile, processor: typeof parser = parser): Root {
  return processor.runSync(processor.parse(chunk), file) as Root;
}

type FromMarkdownExtension = NonNullable<Data['fromMarkdownExtensions']>[number];
type SingleExtension = Exclude<FromMarkdownExtension, unknown[]>;

/** remark-gfm without the transform that turns web and mail addresses in text into links. */
function withoutAutolinkLiteralTransform(this: Processor): void {
  const data = this.data();
  const transform = gfmAutolinkLiteralFromMarkdown().transforms![0];
  const leaveOutOne = (extension: SingleExtension): SingleExtension => ({ ...extension, transforms: extension.transforms?.filter((candidate) => candidate !== transform) });
  const leaveOut = (extension: FromMarkdownExtension): FromMarkdownExtension => (Array.isArray(extension) ? extension.map(leaveOutOne) : leaveOutOne(extension));
  data.fromMarkdownExtensions = data.fromMarkdownExtensions?.map(leaveOut);
}

export function newManuscriptFile(manuscriptPath: string): VFile {
  return new VFile({ path: manuscriptPath });
}

/**
 * The document model of a manuscript's text; `parsed` is its tree when already parsed. Relative
 * links are made absolute against the article's `url` unless `resolveLinks` is false.
 */
export function parseManuscript(file: VFile, absolutePath: string, text: string, root: string, parsed?: Root, { resolveLinks = true } = {}): Manuscript {
  if (text.trim() === '') {
    reportError(file, 'the manuscript is empty; start it with front matter (title, reporter, published) between --- lines', { line: 1, column: 1 }, 'empty');
    failIfErrors(file);
  }
  const tree = parsed ?? parseInChunks(text, (chunk) => parseChunk(chunk, file));
  checkTreeDepth(file, tree);
  failIfErrors(file);
  const first = tree.children[0];
  // YAML between --- lines, or Hugo's TOML between +++ lines.
  const frontMatterNode = first?.type === 'yaml' || (first?.type as string) === 'toml' ? (first as Yaml) : undefined;
  if (!frontMatterNode) {
    if (/^(---|\+\+\+)[ \t]*\r?\n/.test(text)) {
      reportError(file, 'the front matter opened here is never closed; end it with a line holding only ---', { line: 1, column: 1 }, 'front-matter');
    } else {
      reportError(
        file,
        'no front matter; start the manuscript with a --- line, then title:, reporter: and published: lines, then another --- line',
        { line: 1, column: 1 },
        'front-matter',
      );
    }
    failIfErrors(file);
  }
  const yamlNode = frontMatterNode!;
  const draft = readFrontMatter(
    file,
    { yaml: yamlNode.value, firstLine: (yamlNode.position?.start.line ?? 1) + 1, language: (yamlNode.type as string) === 'toml' ? 'toml' : 'yaml' },
    absolutePath,
  );
  failIfErrors(file);
  tree.children.shift();

  const manuscriptDir = path.dirname(absolutePath);
  let leadAsset: ImageAsset | undefined;
  if (draft!.image) leadAsset = loadImage(file, draft!.image.src, draft!.image.srcPosition, manuscriptDir, root);
  const article: Article = {
    ...draft!,
    cover: undefined,
    image: draft!.image
      ? {
          src: draft!.image.src,
          asset: leadAsset,
          alt: draft!.image.alt,
          caption: draft!.image.caption,
          credit: draft!.image.credit,
          position: draft!.image.position,
        }
      : undefined,
  };
  if (draft!.cover) {
    const { src, position } = draft!.cover;
    let asset: ImageAsset | undefined;
    if (isRemote(src)) {
      reportWarning(file, `remote cover "${src}" is not downloaded (builds are offline and reproducible); the generated cover stands in. Save the picture next to the manuscript and name it by relative path`, position, 'image-remote');
    } else {
      asset = loadImage(file, src, position, manuscriptDir, root);
    }
    article.cover = { src, asset, position };
  }
  const images = loadBodyImages(file, tree, manuscriptDir, root);
  if (article.url && resolveLinks) resolveRelativeLinks(tree, article.url);
  failIfErrors(file);
  return { file, path: absolutePath, root, article, tree, images };
}

interface PictureNode {
  node: Image | ImageReference;
  parent: Parents;
  index: number;
}

/**
 * Loads every picture of the body once, warning about missing alt text in document order.
 * `![alt][ref]` pictures first become plain image nodes with their definition's URL and title, so
 * that every renderer handles one kind of picture; references without a definition stay as they
 * are (Markdown prints them as text). One walk finds definitions and pictures alike; references
 * are resolved after it, since a definition may come after the picture that uses it.
 */
function loadBodyImages(file: VFile, tree: Root, manuscriptDir: string, root: string): Map<string, ImageAsset> {
  const definitions = new Map<string, Definition>();
  const pictures: PictureNode[] = [];
  const walk = (parent: Parents): void => {
    parent.children.forEach((node, index) => {
      if (node.type === 'definition') {
        const key = node.identifier.toLowerCase();
        if (!definitions.has(key)) definitions.set(key, node);
      } else if (node.type === 'image' || node.type === 'imageReference') {
        pictures.push({ node, parent, index });
      } else if ('children' in node) {
        walk(node);
      }
    });
  };
  walk(tree);

  const images = new Map<string, ImageAsset>();
  const tried = new Set<string>();
  for (const picture of pictures) {
    const node = picture.node.type === 'image' ? picture.node : resolveImageReference(picture.node, picture, definitions);
    if (!node) continue;
    const place: Point = node.position?.start ?? { line: 1, column: 1 };
    if (!node.alt || node.alt.trim() === '') {
      reportWarning(file, `image "${node.url}" has no alt text; write a description between the brackets: ![what it shows](${node.url})`, place, 'image-alt');
    }
    if (tried.has(node.url)) continue;
    tried.add(node.url);
    const asset = loadImage(file, node.url, place, manuscriptDir, root);
    if (asset) images.set(node.url, asset);
  }
  return images;
}

/** Puts the image a reference stands for in its place; undefined when nothing defines it. */
function resolveImageReference(node: ImageReference, { parent, index }: PictureNode, definitions: Map<string, Definition>): Image | undefined {
  const definition = definitions.get(node.identifier.toLowerCase());
  if (!definition) return undefined;
  const image: Image = { type: 'image', url: definition.url, title: definition.title ?? null, alt: node.alt ?? '' };
  if (node.position) image.position = node.position;
  parent.children[index] = image;
  return image;
}
