import fs from 'node:fs';
import { VFile } from 'vfile';
import type { Point } from '../core/diagnostics.js';
import { readFrontMatter, type FrontMatterSource } from './frontmatter.js';

// YAML closed by --- or, as pandoc allows, by ...; Hugo's TOML between +++ lines (src/read/dialects/fences.ts).
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const TOML_FRONT_MATTER = /^\uFEFF?\+\+\+[ \t]*\r?\n([\s\S]*?)\r?\n\+\+\+[ \t]*(?:\r?\n|$)/;

/**
 * The output name a manuscript will use, read from its front matter alone (no Markdown parsing),
 * so that a batch can find two manuscripts that would overwrite each other before building either.
 * Undefined when the front matter is unreadable: the full build reports why.
 */
export function peekSlug(manuscriptPath: string): { slug: string; position: Point | undefined } | undefined {
  const source = peekFrontMatter(manuscriptPath);
  if (!source) return undefined;
  const draft = readFrontMatter(new VFile(), source, manuscriptPath);
  return draft ? { slug: draft.slug, position: draft.positions.slug } : undefined;
}

/** The front matter's YAML, read without parsing the Markdown; undefined when there is none or the file cannot be read. */
export function peekFrontMatter(manuscriptPath: string): FrontMatterSource | undefined {
  let text: string;
  try {
    text = fs.readFileSync(manuscriptPath, 'utf8');
  } catch {
    return undefined;
  }
  const yaml = FRONT_MATTER.exec(text);
  if (yaml) return { yaml: yaml[1]!.replace(/\r\n?/g, '\n'), firstLine: 2 };
  const toml = TOML_FRONT_MATTER.exec(text);
  return toml ? { yaml: toml[1]!.replace(/\r\n?/g, '\n'), firstLine: 2, language: 'toml' } : undefined;
}
