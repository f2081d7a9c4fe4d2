import GithubSlugger from 'github-slugger';
import type { Definition, FootnoteDefinition, Heading, Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';
import type { Manuscript } from '../core/article.js';
import { reportWarning, type Place } from '../core/diagnostics.js';
import { FootnoteRegistry } from './footnotes.js';
import { planHeadings, type HeadingInfo } from './headings.js';
import type { PictureShelf } from './pictures.js';

/** What every handler and pass shares while one manuscript becomes its document model. */
export interface ModelState {
  manuscript: Manuscript;
  file: VFile;
  /** Heading ids and levels, worked out before the body so that links to later headings resolve. */
  headings: Map<Heading, HeadingInfo>;
  /** Link and picture definitions by upper-cased identifier, for references anywhere (notes included). */
  definitions: Map<string, Definition>;
  /** Every id the model itself gives out; raw HTML may not reuse them. */
  reservedIds: Set<string>;
  footnotes: FootnoteRegistry;
  /** The pictures the body may show, each checked once. */
  pictures: PictureShelf;
  /** Pictures that had to be given a stand-in description (the accessibility claim depends on it). */
  undescribedPictures: number;
  /** True when the manuscript holds raw HTML anywhere (notes included): the HTML parser is needed. */
  hasRawHtml: boolean;
  /** Source offsets of raw HTML in the manuscript: elements starting inside came from the author's HTML. */
  rawHtmlRanges: [start: number, end: number][];
  warn(reason: string, place: Place, ruleId: string): void;
}

export function createState(manuscript: Manuscript, pictures: PictureShelf): ModelState {
  const warn = (reason: string, place: Place, ruleId: string) => {
    reportWarning(manuscript.file, reason, place, ruleId);
  };
  const survey = surveyTree(manuscript.tree);
  // One slugger for every id, headings first, so that notes' ids can never take a heading's.
  const ids = new GithubSlugger();
  const headings = planHeadings(survey.headings, ids);
  const reservedIds = new Set([...headings.values()].map((heading) => heading.id));
  return {
    manuscript,
    file: manuscript.file,
    headings,
    definitions: survey.definitions,
    reservedIds,
    footnotes: new FootnoteRegistry(survey.footnoteDefinitions, ids, reservedIds),
    pictures,
    hasRawHtml: survey.hasRawHtml,
    rawHtmlRanges: [],
    undescribedPictures: 0,
    warn,
  };
}

interface Survey {
  /** Headings outside footnotes, in document order. */
  headings: Heading[];
  /** Link and picture definitions by upper-cased label; CommonMark: the first of a label wins. */
  definitions: Map<string, Definition>;
  footnoteDefinitions: Map<string, FootnoteDefinition>;
  hasRawHtml: boolean;
}

/** One walk over the manuscript for everything the model needs to know before it starts. */
function surveyTree(tree: Root): Survey {
  const survey: Survey = { headings: [], definitions: new Map(), footnoteDefinitions: new Map(), hasRawHtml: false };
  const walk = (node: Nodes, inNote: boolean): void => {
    switch (node.type) {
      case 'heading':
        if (!inNote) survey.headings.push(node);
        break;
      case 'definition': {
        const key = node.identifier.toUpperCase();
        if (!survey.definitions.has(key)) survey.definitions.set(key, node);
        return;
      }
      case 'footnoteDefinition': {
        const key = node.identifier.toUpperCase();
        if (!survey.footnoteDefinitions.has(key)) survey.footnoteDefinitions.set(key, node);
        break;
      }
      case 'html':
        survey.hasRawHtml = true;
        return;
      default:
        break;
    }
    if ('children' in node) for (const child of node.children) walk(child, inNote || node.type === 'footnoteDefinition');
  };
  walk(tree, false);
  return survey;
}
