import type { Options } from 'remark-frontmatter';

/**
 * YAML front matter between `---` lines (pandoc's metadata blocks may also end with a `...` line),
 * or TOML between `+++` lines, as Hugo writes it.
 */
export const FRONT_MATTER_FENCES: Options = ['yaml', { type: 'yaml', fence: { open: '---', close: '...' } }, 'toml'];

/** A line that opens front matter, and the lines that may close what it opened. */
export function frontMatterFences(firstLine: string): RegExp | undefined {
  if (/^---[ \t]*$/.test(firstLine)) return /^(---|\.\.\.)[ \t]*$/;
  if (/^\+\+\+[ \t]*$/.test(firstLine)) return /^\+\+\+[ \t]*$/;
  return undefined;
}
