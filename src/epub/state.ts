import GithubSlugger from 'github-slugger';
import type { Definition, Heading } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Manuscript } from '../core/article.js';
import { reportWarning, type Place } from '../core/diagnostics.js';
import type { Template } from '../template/theme.js';
import { FootnoteRegistry } from './footnotes.js';
import { planHeadings, type HeadingInfo } from './headings.js';
import { ResourceRegistry } from './resources.js';

/** What every handler and pass shares while one manuscript becomes one EPUB. */
export interface EpubState {
  manuscript: Manuscript;
  template: Template;
  file: VFile;
  /** Heading ids and levels, worked out before rendering so links to later headings resolve. */
  headings: Map<Heading, HeadingInfo>;
  /** Link and picture definitions by upper-cased identifier, for references anywhere (notes included). */
  definitions: Map<string, Definition>;
  /** Every id the renderer itself gives out; raw HTML may not reuse them. */
  reservedIds: Set<string>;
  footnotes: FootnoteRegistry;
  resources: ResourceRegistry;
  /** Source offsets of raw HTML in the manuscript: elements starting inside came from the author's HTML. */
  rawHtmlRanges: [start: number, end: number][];
  /** Pictures that had to be given a stand-in description (the accessibility claim depends on it). */
  undescribedImages: number;
  warn(reason: string, place: Place, ruleId: string): void;
}

export function createState(manuscript: Manuscript, template: Template): EpubState {
  const warn = (reason: string, place: Place, ruleId: string) => {
    reportWarning(manuscript.file, reason, place, ruleId);
  };
  // One slugger for every id, headings first, so that notes' ids can never take a heading's.
  const ids = new GithubSlugger();
  const headings = planHeadings(manuscript.tree, ids);
  const reservedIds = new Set([...headings.values()].map((heading) => heading.id));
  const definitions = new Map<string, Definition>();
  visit(manuscript.tree, 'definition', (definition: Definition) => {
    const key = definition.identifier.toUpperCase();
    // CommonMark: the first definition of a label wins.
    if (!definitions.has(key)) definitions.set(key, definition);
  });
  return {
    manuscript,
    template,
    file: manuscript.file,
    headings,
    definitions,
    reservedIds,
    footnotes: new FootnoteRegistry(manuscript.tree, ids, reservedIds),
    resources: new ResourceRegistry(warn),
    rawHtmlRanges: [],
    undescribedImages: 0,
    warn,
  };
}
