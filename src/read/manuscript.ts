import fs from 'node:fs';
import path from 'node:path';
import type { Definition, Image, ImageReference, Root, Yaml } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { Article, Manuscript } from '../core/article.js';
import { failIfErrors, reportError, reportWarning, type Point } from '../core/diagnostics.js';
import { readFrontMatter } from './frontmatter.js';
import { loadImage, type ImageAsset } from './images.js';
import { parseInChunks } from './chunks.js';
import { checkSourceLimits, checkTreeDepth } from './limits.js';
import { decodeText } from './text.js';

const parser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkSmartypants, { dashes: 'oldschool' });

export interface ReadOptions {
  /** Folder no path in the manuscript may leave; default: the manuscript's own folder. */
  root?: string;
}

/**
 * Reads one manuscript from disk into the document model every renderer takes.
 * Content problems are recorded on the returned file; throws BuildAbort once an error stops it.
 */
export function readManuscript(manuscriptPath: string, file: VFile, options: ReadOptions = {}): Manuscript {
  const absolute = path.resolve(manuscriptPath);
  const bytes = fs.readFileSync(absolute);
  const text = decodeText(file, bytes);
  failIfErrors(file);
  checkSourceLimits(file, text, bytes.length);
  failIfErrors(file);
  file.value = text;
  return parseManuscript(file, absolute, text, options.root ?? path.dirname(absolute));
}

export function newManuscriptFile(manuscriptPath: string): VFile {
  return new VFile({ path: manuscriptPath });
}

export function parseManuscript(file: VFile, absolutePath: string, text: string, root: string): Manuscript {
  if (text.trim() === '') {
    reportError(file, 'the manuscript is empty; start it with front matter (title, reporter, published) between --- lines', { line: 1, column: 1 }, 'empty');
    failIfErrors(file);
  }
  const tree = parseInChunks(text, (chunk) => parser.runSync(parser.parse(chunk), file) as Root);
  checkTreeDepth(file, tree);
  failIfErrors(file);
  const frontMatterNode = tree.children[0]?.type === 'yaml' ? (tree.children[0] as Yaml) : undefined;
  if (!frontMatterNode) {
    if (/^---[ \t]*\r?\n/.test(text)) {
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
    { yaml: yamlNode.value, firstLine: (yamlNode.position?.start.line ?? 1) + 1 },
    absolutePath,
  );
  failIfErrors(file);
  tree.children.shift();

  const manuscriptDir = path.dirname(absolutePath);
  let leadAsset: ImageAsset | undefined;
  if (draft!.image) leadAsset = loadImage(file, draft!.image.src, draft!.image.srcPosition, manuscriptDir, root);
  const article: Article = {
    ...draft!,
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
  resolveImageReferences(tree);
  const images = loadBodyImages(file, tree, manuscriptDir, root);
  failIfErrors(file);
  return { file, path: absolutePath, root, article, tree, images };
}

/**
 * `![alt][ref]` pictures become plain image nodes with their definition's URL and title, so that
 * every renderer handles one kind of picture. References without a definition stay as they are
 * (Markdown prints them as text).
 */
function resolveImageReferences(tree: Root): void {
  const definitions = new Map<string, Definition>();
  visit(tree, 'definition', (node: Definition) => {
    const key = node.identifier.toLowerCase();
    if (!definitions.has(key)) definitions.set(key, node);
  });
  visit(tree, 'imageReference', (node: ImageReference, index, parent) => {
    const definition = definitions.get(node.identifier.toLowerCase());
    if (!definition || !parent || index === undefined) return;
    const image: Image = { type: 'image', url: definition.url, title: definition.title ?? null, alt: node.alt ?? '' };
    if (node.position) image.position = node.position;
    parent.children[index] = image;
  });
}

function loadBodyImages(file: VFile, tree: Root, manuscriptDir: string, root: string): Map<string, ImageAsset> {
  const images = new Map<string, ImageAsset>();
  const tried = new Set<string>();
  visit(tree, 'image', (node: Image) => {
    const place: Point = node.position?.start ?? { line: 1, column: 1 };
    if (!node.alt || node.alt.trim() === '') {
      reportWarning(file, `image "${node.url}" has no alt text; write a description between the brackets: ![what it shows](${node.url})`, place, 'image-alt');
    }
    if (tried.has(node.url)) return;
    tried.add(node.url);
    const asset = loadImage(file, node.url, place, manuscriptDir, root);
    if (asset) images.set(node.url, asset);
  });
  return images;
}
