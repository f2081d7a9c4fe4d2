import GithubSlugger, { slug } from 'github-slugger';
import type { Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { HeadingLevels } from '../core/heading-levels.js';
import type { ModelHeading } from './types.js';

export interface HeadingInfo {
  id: string;
  /** The HTML level: the article's headline is the only h1. */
  level: number;
}

/** One entry of the article's outline, for the nav document and the NCX. */
export interface OutlineEntry {
  id: string;
  text: string;
  children: OutlineEntry[];
}

/**
 * Gives every heading of the article's outline its id (GitHub's scheme, so `#anchor` links
 * written against GitHub's preview resolve) and its level. The headline is the h1, so a body
 * that uses `#` headings moves every level down one. Empty headings are not part of it (they are
 * not rendered), nor are headings inside footnotes (a note may never be cited, and is not a section).
 */
export function planHeadings(candidates: Heading[], slugger: GithubSlugger): Map<Heading, HeadingInfo> {
  const headings = candidates.filter((heading) => headingText(heading) !== '');
  const shift = headings.some((heading) => heading.depth === 1) ? 1 : 0;
  // Levels never skip one, counting from the headline's h1: `###` under `#` is an h3 once shifted, not an h4.
  const levels = new HeadingLevels();
  levels.next(1);
  return new Map(
    headings.map((heading) => {
      const text = headingText(heading);
      // A heading of punctuation alone slugs to nothing, and an id may not be empty.
      const id = slugger.slug(slug(text) === '' ? 'section' : text);
      return [heading, { id, level: levels.next(Math.min(6, heading.depth + shift)) }];
    }),
  );
}

/** The words of a heading as a reader sees them: raw HTML tags are not words. */
export function headingText(heading: Heading): string {
  return toString(heading, { includeHtml: false }).trim();
}

/** The outline's headings as the model lists them. */
export function modelHeadings(headings: Map<Heading, HeadingInfo>): ModelHeading[] {
  return [...headings].map(([node, info]) => ({ id: info.id, level: info.level, text: headingText(node) }));
}

/** Nests headings by level. */
export function outline(headings: readonly ModelHeading[]): OutlineEntry[] {
  const roots: OutlineEntry[] = [];
  const open: { level: number; entry: OutlineEntry }[] = [];
  for (const heading of headings) {
    const entry: OutlineEntry = { id: heading.id, text: heading.text, children: [] };
    while (open.length > 0 && open[open.length - 1]!.level >= heading.level) open.pop();
    (open.length > 0 ? open[open.length - 1]!.entry.children : roots).push(entry);
    open.push({ level: heading.level, entry });
  }
  return roots;
}
