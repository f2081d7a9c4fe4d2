import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { Point } from '../../core/diagnostics.js';
import type { FrontMatterSource } from '../frontmatter.js';
import { tomlDocument } from './toml.js';

/**
 * Where the front matter marks the manuscript as a draft: Hugo's and Eleventy's `draft: true`, or
 * Jekyll's `published: false`. Undefined for a finished manuscript, and for front matter that cannot
 * be read (building it reports why).
 */
export function draftMark(source: FrontMatterSource): { key: string; position: Point } | undefined {
  // Most manuscripts say nothing of drafts, or only give the date they were published (a digit
  // starts it; a quote would make even `false` a string): they are not parsed twice.
  if (!/^\s*(draft|published)\s*[:=](?![ \t]*["'\d])/m.test(source.yaml)) return undefined;
  const lineCounter = new LineCounter();
  let document: Document;
  if (source.language === 'toml') {
    const toml = tomlDocument(source.yaml, lineCounter);
    if ('error' in toml) return undefined;
    document = toml.document;
  } else {
    document = parseDocument(source.yaml, { lineCounter, schema: 'core', customTags: [], prettyErrors: false });
  }
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
    const key = String(pair.key.value);
    if ((key === 'draft' && pair.value.value === true) || (key === 'published' && pair.value.value === false)) {
      const position = lineCounter.linePos(pair.key.range?.[0] ?? 0);
      return { key: `${key}: ${String(pair.value.value)}`, position: { line: position.line + source.firstLine - 1, column: position.col } };
    }
  }
  return undefined;
}
