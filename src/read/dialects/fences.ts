import type { Options } from 'remark-frontmatter';

/** Front matter between `---` lines; pandoc's YAML metadata blocks may also end with a `...` line. */
export const FRONT_MATTER_FENCES: Options = ['yaml', { type: 'yaml', fence: { open: '---', close: '...' } }];

/** A line that closes front matter. */
export const CLOSING_FENCE = /^(---|\.\.\.)[ \t]*$/;
